// Old events go (server/expiry.ts): a try nobody changed a week after it was last of use, any
// event a year after; an event with screens open, or prepared for a day still ahead, stays.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { CommandWriter } from '../../server/writer.ts';
import { createEvent } from '../../server/create-event.ts';
import { DEFAULT_RETENTION, expireEvents } from '../../server/expiry.ts';
import { TEST_EVENT } from '../helpers/server.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);

describe('expireEvents', () => {
  it('deletes what is past its time, with everything in it, and keeps the rest', async () => {
    const db = openDatabase(':memory:');
    const store = new SqliteStore(db);
    const writer = new CommandWriter(store, () => NOW);
    const make = (slug: string, dates: string[], madeDaysAgo: number) => createEvent(store, { ...TEST_EVENT, slug, dates }, daysAgo(madeDaysAgo));
    await make('tried-last-week', ['2026-11-20'], 9);
    await make('tried-yesterday', ['2026-11-28'], 1);
    await make('prepared-early', ['2027-03-14'], 40);
    await make('imported-old-frame', ['2024-05-09'], 0);
    await make('held-two-years-ago', ['2024-11-02'], 760);
    await make('held-in-spring', ['2026-05-09'], 250);
    await make('open-on-a-screen', ['2024-01-01'], 900);
    await make('used-last-year', ['2025-10-01'], 430);

    // Changed: a session placed (the clock of that change is the writer's).
    const changeAt = async (slug: string, when: Date) => {
      const eventId = (await store.findEvent(slug))!.id;
      const board = (await new CommandWriter(store, () => when).snapshot(eventId)).board;
      const cell = { sessionId: board.sessions[0]!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id };
      expect((await new CommandWriter(store, () => when).execute({ eventId, isFacilitator: true }, 'session:place', cell)).ack.ok).toBe(true);
    };
    await changeAt('held-in-spring', new Date('2026-05-09T10:00:00Z'));
    await changeAt('used-last-year', daysAgo(370));
    const usedLastYear = (await store.findEvent('used-last-year'))!.id;
    await writer.snapshot(usedLastYear);

    // Phones' feeds go with their event; telling one stars is no use of the event.
    const heldInSpring = (await store.findEvent('held-in-spring'))!.id;
    await store.saveStarFeed(usedLastYear, 'hash-a', ['s1'], 10, NOW);
    await store.saveStarFeed(heldInSpring, 'hash-b', ['s1'], 10, NOW);
    const feeds = (eventId: number) => (db.prepare('SELECT COUNT(*) AS n FROM star_feeds WHERE event_id = ?').get(eventId) as { n: number }).n;

    const gone = await expireEvents(store, writer, DEFAULT_RETENTION, async (slug) => slug === 'open-on-a-screen', NOW);
    expect(gone.sort()).toEqual(['held-two-years-ago', 'tried-last-week', 'used-last-year']);
    for (const slug of gone) expect(await store.findEvent(slug)).toBeUndefined();
    const kept = await Promise.all(
      ['tried-yesterday', 'prepared-early', 'imported-old-frame', 'held-in-spring', 'open-on-a-screen'].map((slug) => store.findEvent(slug)),
    );
    expect(kept.every(Boolean)).toBe(true);
    // Nothing of them is left behind in any table, and the writer no longer holds them.
    const leftovers = db.prepare('SELECT COUNT(*) AS n FROM event_log WHERE event_id = ?').get(usedLastYear) as { n: number };
    expect(leftovers.n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE event_id = ?').get(usedLastYear) as { n: number }).n).toBe(0);
    await expect(writer.snapshot(usedLastYear)).rejects.toThrow();
    expect([feeds(usedLastYear), feeds(heldInSpring)]).toEqual([0, 1]);

    // 0 keeps forever.
    expect(await expireEvents(store, writer, { untouchedDays: 0, endedDays: 0 }, async () => false, daysAgo(-5000))).toEqual([]);
  });

  it('keeps a try on the seventh day after it was last of use, and deletes it on the eighth', async () => {
    const store = new SqliteStore(openDatabase(':memory:'));
    const writer = new CommandWriter(store, () => NOW);
    await createEvent(store, { ...TEST_EVENT, slug: 'seven-days', dates: ['2026-11-22'] }, daysAgo(7));
    await createEvent(store, { ...TEST_EVENT, slug: 'eight-days', dates: ['2026-11-21'] }, daysAgo(8));
    expect(await expireEvents(store, writer, DEFAULT_RETENTION, async () => false, NOW)).toEqual(['eight-days']);
    expect(await store.findEvent('seven-days')).toBeDefined();
  });
});
