// How a refusal is said (client/lib/refusal.ts): every reason and every code in German and in
// English, from the reason and its details, never from the server's English `message`; and the
// refusals the server really makes, each said in German.
import { afterEach, describe, expect, it } from 'vitest';
// The board's own refusals (a webhook's address) come with its texts.
import '../../client/lib/i18n/messages-more.ts';
import { i18n, errorText } from '../../client/lib/i18n/i18n.svelte.ts';
import { fieldName, refusalText, type Refused } from '../../client/lib/refusal.ts';
import { ERROR_CODES, REFUSAL_REASONS, type CommandError, type Obstacle, type RefusalReason } from '../../shared/errors.ts';
import { createEvent } from '../../server/create-event.ts';
import { FrameSpecError } from '../../shared/event-frame.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { Language } from '../../shared/language.ts';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { eventInMemory } from '../helpers/in-memory.ts';
import { TEST_EVENT } from '../helpers/server.ts';

afterEach(() => {
  i18n.language = 'de';
});

function said(language: Language, refused: Refused): string {
  i18n.language = language;
  return refusalText(refused);
}

/** Words of English sentences that no German sentence of the page has. */
const ENGLISH = /\b(the|is|not|please|this|that|cannot|must|already|there|only|may|at most|invalid)\b/i;

/** The details a reason reads, filled in so that every placeholder has a value. */
const OBSTACLES: Partial<Record<RefusalReason, Obstacle>> = {
  overlap: { kind: 'overlap', start: '10:00', end: '10:45' },
  cell_blocked: { kind: 'closed', room: 'Raum A', time: '10:00' },
  in_a_break: { kind: 'break', time: '12:00' },
  cell_taken: { kind: 'taken', room: 'Raum A', time: '10:00', title: 'Offene Daten' },
  double_in_the_way: { kind: 'taken', room: 'Raum A', time: '10:00', title: 'Offene Daten' },
  next_slot_taken: { kind: 'placed_since', title: 'Offene Daten' },
  date_taken: { kind: 'date_taken', date: '2027-05-09' },
  cannot_undo: { kind: 'taken', room: 'Raum A', time: '10:00', title: 'Offene Daten' },
  cannot_redo: { kind: 'room_gone' },
};
const example = (reason: RefusalReason): Refused => ({ code: 'invalid', reason, field: 'title', limit: 90, line: 'Raum B:abc', obstacle: OBSTACLES[reason] });

describe('every refusal in both languages', () => {
  it.each(REFUSAL_REASONS)('%s is said in German and in English, every placeholder filled, the German without English', (reason) => {
    const german = said('de', example(reason));
    const english = said('en', example(reason));
    for (const text of [german, english]) {
      expect(text).not.toMatch(/[{}]/);
      expect(text.length).toBeGreaterThan(10);
      expect(text).not.toMatch(/^refusal\./);
    }
    expect(german).not.toBe(english);
    expect(german).not.toMatch(ENGLISH);
  });

  it.each(ERROR_CODES)('the code %s alone (a reason this page does not know) is said in both languages', (code) => {
    const refused = { code, reason: 'from_a_newer_server' };
    expect(said('de', refused)).toBe(errorText(code));
    expect(said('de', refused)).not.toMatch(ENGLISH);
    expect(said('en', refused)).not.toBe(said('de', refused));
  });

  it('names the field and its measure: a tag too long says which field and how long it may be', () => {
    const tooLong: Refused = { code: 'invalid', reason: 'too_long', field: 'tags.2', limit: LIMITS.tag };
    expect(said('de', tooLong)).toBe(`Schlagwort: zu lang. Höchstens ${LIMITS.tag} Zeichen.`);
    expect(said('en', tooLong)).toBe(`Tag: too long. At most ${LIMITS.tag} characters.`);
  });

  it('says a reason about a field by its code where the server named no field', () => {
    expect(said('de', { code: 'not_found', reason: 'no_such' })).toBe(errorText('not_found'));
  });

  it('knows fields by the last name in their path, and says any other as "this field"', () => {
    i18n.language = 'de';
    expect(fieldName('wishes.leaveBy')).toBe('Muss gehen um');
    expect(fieldName('rooms.3.capacity')).toBe('Plätze');
    expect(fieldName('frobnicate')).toBe('Dieses Feld');
  });

  it('writes the obstacle’s times and dates as the page does', () => {
    i18n.language = 'en';
    expect(refusalText({ code: 'invalid', reason: 'date_taken', obstacle: { kind: 'date_taken', date: '2027-05-09' } })).toBe(
      `There is a day on ${i18n.shortDate('2027-05-09')} already.`,
    );
  });
});

describe('what the server refuses, said in German', () => {
  /** The refusals of many wrong inputs, as the writer and event creation make them. */
  async function serverRefusals(): Promise<CommandError[]> {
    const { db, writer, facilitator, attendee } = await eventInMemory();
    const board = async () => (await writer.snapshot(facilitator.eventId)).board;
    const [room] = (await board()).rooms;
    const [slot] = (await board()).slots;
    const refusals: CommandError[] = [];
    const refused = async (principal: typeof facilitator, name: string, payload: unknown) => {
      const { ack } = await writer.execute(principal, name, payload);
      if (ack.ok) throw new Error(`${name} was taken`);
      refusals.push(ack.error);
    };
    await refused(facilitator, 'session:submit', { title: 'x', tags: ['y'.repeat(LIMITS.tag + 1)] });
    await refused(facilitator, 'session:submit', { title: '   ' });
    await refused(facilitator, 'session:submit', { title: 'x', wishes: { leaveBy: '25:00' } });
    await refused(facilitator, 'session:submit', 'no object');
    await refused(facilitator, 'session:submit', { title: 'x', colour: 'red' });
    await refused(facilitator, 'session:interest', { sessionId: 'nope', interest: LIMITS.interest + 1 });
    await refused(facilitator, 'session:place', { sessionId: 'nope', roomId: room!.id, slotId: slot!.id });
    await refused(facilitator, 'board:undo', {});
    await refused(facilitator, 'room:add', { name: 'Raum A' + 'x'.repeat(LIMITS.roomName) });
    await refused(facilitator, 'day:add', { date: (await board()).days[0]!.date });
    await refused(facilitator, 'event:update', { timezone: 'Mars/Olympus' });
    await refused(attendee, 'room:add', { name: 'X' });
    await refused(facilitator, 'no:such-command', {});
    db.close();
    for (const spec of [{ rooms: 'Raum B:abc' }, { rooms: 'Raum C:-5' }, { slots: '10:00' }, { slots: '10:00-11:00,10:30-11:30' }, { slug: 'Nicht OK' }]) {
      try {
        await createEvent(new SqliteStore(openDatabase(':memory:')), { ...TEST_EVENT, ...spec });
      } catch (error) {
        if (!(error instanceof FrameSpecError)) throw error;
        refusals.push(error.refusal);
      }
    }
    return refusals;
  }

  it('gives each a reason the page knows, and a German sentence without English', async () => {
    const refusals = await serverRefusals();
    expect(refusals).toHaveLength(18);
    for (const refusal of refusals) {
      expect(REFUSAL_REASONS).toContain(refusal.reason);
      const german = said('de', refusal);
      expect(german, `${refusal.message} → ${german}`).not.toMatch(ENGLISH);
      expect(german).not.toBe(errorText(refusal.code));
    }
    const lines = refusals.filter((refusal) => refusal.line).map((refusal) => said('de', refusal));
    expect(lines).toContain('Räume: „Raum B:abc“: Nach dem Doppelpunkt kommt die Zahl der Plätze, 1 bis 100.000.');
    expect(lines).toContain('Zeitfenster: „10:00“ ist kein Slot. Schreibe 10:00-10:45 oder Mittag 12:00-13:00.');
  });
});
