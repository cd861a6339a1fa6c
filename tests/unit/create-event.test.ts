// Making an event (server/create-event.ts): its slug from the title, the title's limits, and the
// same checks for an event made from an export.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { secretMatches } from '../../server/auth.ts';
import { createEvent, importEvent, rotateFacilitatorKey, slugify } from '../../server/create-event.ts';
import { CommandWriter } from '../../server/writer.ts';
import { exportBoard } from '../../shared/export.ts';
import { LIMITS } from '../../shared/limits.ts';
import { TEST_EVENT } from '../helpers/server.ts';

const TAIL = /-[0-9a-f]{6}$/;

describe('slugify', () => {
  it('spells out umlauts and ß, joins words with one dash, and adds a random tail', () => {
    const slug = slugify('  Über Größe & Äpfel: Straße!! ');
    expect(slug).toMatch(TAIL);
    expect(slug.replace(TAIL, '')).toBe('ueber-groesse-aepfel-strasse');
    expect(slugify('Café --- Crème').replace(TAIL, '')).toBe('cafe-creme');
  });

  it('cuts a long title at 36 characters without a dash at the end, and names a title of no letters "barcamp"', () => {
    expect(slugify('Barcamp Ruhr Sommer Zweitausendsechsundzwanzig Dortmund').replace(TAIL, '')).toBe('barcamp-ruhr-sommer-zweitausendsechs');
    expect(slugify('Barcamp Ruhr Sommer Zweitausend xsechs').replace(TAIL, '')).toBe('barcamp-ruhr-sommer-zweitausend-xsec');
    expect(slugify('Barcamp Ruhr Sommer Zweitausendsech Dortmund').replace(TAIL, '')).toBe('barcamp-ruhr-sommer-zweitausendsech');
    expect(slugify('!!! ---').replace(TAIL, '')).toBe('barcamp');
    expect(slugify('A').replace(TAIL, '')).toBe('a');
  });
});

describe('a new event', () => {
  const store = () => new SqliteStore(openDatabase(':memory:'));

  it('takes a title up to the limit, trimmed, and refuses an empty or longer one, a bad slug or one taken', async () => {
    const events = store();
    const longest = 'T'.repeat(LIMITS.title);
    const made = await createEvent(events, { ...TEST_EVENT, title: ` ${longest} `, slug: 'longest' });
    expect((await events.loadBoard((await events.findEvent(made.slug))!.id)).board.event.title).toBe(longest);
    const title = `The title must have 1 to ${LIMITS.title} characters.`;
    await expect(createEvent(events, { ...TEST_EVENT, title: `${longest}x`, slug: 'longer' })).rejects.toThrow(title);
    await expect(createEvent(events, { ...TEST_EVENT, title: '   ', slug: 'empty' })).rejects.toThrow(title);
    await expect(createEvent(events, { ...TEST_EVENT, slug: 'Nicht OK' })).rejects.toThrow('"Nicht OK" is not a usable slug: use a-z, 0-9 and "-".');
    await expect(createEvent(events, { ...TEST_EVENT, slug: 'longest' })).rejects.toThrow('An event with the slug "longest" exists already.');
    expect(await events.countEvents()).toBe(1);
  });

  it('from an export: the same checks, its own title if given, and a time zone that exists', async () => {
    const events = store();
    const { slug } = await createEvent(events, { ...TEST_EVENT, slug: 'original' });
    const exported = exportBoard((await new CommandWriter(events).snapshot((await events.findEvent(slug))!.id)).board);
    await expect(importEvent(events, exported, { slug: 'original' })).rejects.toThrow('An event with the slug "original" exists already.');
    await expect(importEvent(events, exported, { slug: 'copy', title: ' ' })).rejects.toThrow(`The title must have 1 to ${LIMITS.title} characters.`);
    await expect(importEvent(events, { ...exported, event: { ...exported.event, timezone: 'Mars/Olympus' } }, { slug: 'copy' })).rejects.toThrow(
      '"Mars/Olympus" is not a time zone (e.g. Europe/Berlin).',
    );
    const copy = await importEvent(events, exported, { title: '  Kopie  ' });
    expect(copy.slug).toMatch(/^kopie-[0-9a-f]{6}$/);
    expect((await events.loadBoard((await events.findEvent(copy.slug))!.id)).board.event.title).toBe('Kopie');
    expect(await events.countEvents()).toBe(2);
  });

  it('from an export that does not hold together: at most three of its problems named', async () => {
    const events = store();
    const { slug } = await createEvent(events, { ...TEST_EVENT, slug: 'original' });
    const exported = exportBoard((await new CommandWriter(events).snapshot((await events.findEvent(slug))!.id)).board);
    const broken = { ...exported, days: [], rooms: [], slots: [], sessions: [exported.sessions[0]!, exported.sessions[0]!] };
    const error = await (async () => {
      try {
        await importEvent(events, broken, { slug: 'broken' });
      } catch (thrown) {
        return (thrown as Error).message;
      }
      return '';
    })();
    expect(error).toBe('The file does not hold together: A session id is used twice. An event needs at least one day. An event needs at least one room.');
  });

  it('is checked as a whole before it is stored: a day more than two years ahead is refused, and nothing made', async () => {
    const events = store();
    await expect(createEvent(events, { ...TEST_EVENT, slug: 'far', dates: ['2099-01-01'] }, new Date('2026-11-29T12:00:00Z'))).rejects.toThrow(
      'The date "2099-01-01" must not lie more than two years ahead.',
    );
    expect(await events.countEvents()).toBe(0);
  });

  it('gives its sessions ids of their kind', async () => {
    const events = store();
    const { slug } = await createEvent(events, TEST_EVENT);
    const { board } = await events.loadBoard((await events.findEvent(slug))!.id);
    expect(board.sessions.map((session) => session.id)).toEqual([expect.stringMatching(/^s_/), expect.stringMatching(/^s_/), expect.stringMatching(/^s_/)]);
    expect(board.rooms.every((room) => room.id.startsWith('r_'))).toBe(true);
  });
});

describe('a new facilitator key', () => {
  it('replaces the old one, and is none for an event that does not exist', async () => {
    const events = new SqliteStore(openDatabase(':memory:'));
    const { slug, key } = await createEvent(events, TEST_EVENT);
    const newKey = (await rotateFacilitatorKey(events, slug))!;
    expect(newKey).toMatch(/^[\w-]{32}$/);
    const { keyHash } = (await events.findEvent(slug))!;
    expect(secretMatches(newKey, keyHash)).toBe(true);
    expect(secretMatches(key, keyHash)).toBe(false);
    expect(await rotateFacilitatorKey(events, 'no-such-camp')).toBeUndefined();
  });
});
