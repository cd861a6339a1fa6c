// Whatever a facilitator does live, the event's frame stays whole and its export imports again
// (issue 11): random runs of frame and placement commands through the one writer, each run ending
// with an export that must come back as an equal event. And whatever texts and dates the one check
// (shared/fields.ts) accepts, however nasty, the export imports again and every feed is written
// and reads back (issue 30).
import ICAL from 'ical.js';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { CommandWriter } from '../../server/writer.ts';
import { createEvent, importEvent } from '../../server/create-event.ts';
import { calendarEntry, calendarText, sessionsCsv } from '../../server/plan-files.ts';
import type { Board } from '../../shared/board.ts';
import { EventExportSchema, exportBoard, type EventExport } from '../../shared/export.ts';
import { frameFaults } from '../../shared/frame-check.ts';
import { latestDate } from '../../shared/fields.ts';
import { calendarRows } from '../../shared/plan-rows.ts';
import { csvSafeText, csvSeparator } from '../../shared/session-sheet.ts';
import { TEST_EVENT } from '../helpers/server.ts';
import { nastyCamp } from '../fixtures/nasty-camp.ts';
import { eventInMemory } from '../helpers/in-memory.ts';

/** What the import route's schema finds wrong with a file (the same rules as Ajv's there: shared/fields.ts). */
const exportChecker = TypeCompiler.Compile(EventExportSchema);
const schemaFaults = (exported: EventExport) => [...exportChecker.Errors(exported)].map((error) => `${error.path}: ${error.message}`);

const KINDS = [
  'session:place',
  'session:unplace',
  'session:extend',
  'session:shrink',
  'session:withdraw',
  'cell:block',
  'cell:unblock',
  'room:add',
  'room:remove',
  'room:move',
  'slot:add',
  'slot:update',
  'slot:remove',
  'day:add',
  'day:remove',
  'board:undo',
  'board:redo',
] as const;

type Step = { kind: (typeof KINDS)[number]; a: number; b: number; c: number };

const pick = <T>(items: readonly T[], n: number): T | undefined => items[n % Math.max(1, items.length)];
const time = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A payload for the step against the board as it is now: ids picked from it, times made up. */
function payloadOf(board: Board, { kind, a, b, c }: Step): Record<string, unknown> {
  const sessionId = pick(board.sessions, a)?.id;
  const roomId = pick(board.rooms, b)?.id;
  const slotId = pick(board.slots, c)?.id;
  const start = 8 * 60 + (a % 48) * 15;
  const times = { start: time(start), end: time(Math.min(start + 15 + (b % 6) * 15, 23 * 60 + 59)) };
  switch (kind) {
    case 'session:place':
    case 'cell:block':
    case 'cell:unblock':
      return { sessionId, roomId, slotId };
    case 'room:add':
      return { name: `Raum ${a}`, capacity: c % 3 === 0 ? null : 1 + (c % 200), projector: b % 2 === 0 };
    case 'room:remove':
      return { roomId };
    case 'room:move':
      return { roomId, toIndex: c % 5 };
    case 'slot:add':
      return { dayId: pick(board.days, b)?.id, ...times, kind: c % 3 === 0 ? 'break' : 'session' };
    case 'slot:update':
      return { slotId, ...(c % 2 ? times : {}), ...(a % 3 === 0 ? { kind: c % 4 === 0 ? 'break' : 'session' } : {}) };
    case 'slot:remove':
      return { slotId };
    case 'day:add':
      return { date: `2026-05-${String(10 + (a % 18)).padStart(2, '0')}` };
    case 'day:remove':
      return { dayId: pick(board.days, a)?.id };
    case 'board:undo':
    case 'board:redo':
      return {};
    default:
      return { sessionId };
  }
}

describe('live changes and the export', () => {
  it('no run of facilitator commands leaves a frame that the one check refuses or an export that does not import', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.constantFrom(...KINDS), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000) }), { minLength: 5, maxLength: 40 }),
        async (steps) => {
          const { store, writer, facilitator } = await eventInMemory();
          for (const step of steps) {
            await writer.execute(facilitator, step.kind, payloadOf((await writer.snapshot(facilitator.eventId)).board, step));
            expect(frameFaults((await writer.snapshot(facilitator.eventId)).board, new Date()).map((fault) => fault.message)).toEqual([]);
          }
          const board = (await writer.snapshot(facilitator.eventId)).board;
          expect(schemaFaults(exportBoard(board))).toEqual([]);
          const copy = await importEvent(store, exportBoard(board), { slug: 'copy' });
          const imported = (await new CommandWriter(store).snapshot((await store.findEvent(copy.slug))!.id)).board;
          expect(exportBoard(imported)).toEqual(exportBoard(board));
          runs++;
        },
      ),
      { numRuns: 150 },
    );
    expect(runs).toBe(150);
  });

  it('imports an export made before rooms knew about projectors: none has one', async () => {
    const store = new SqliteStore(openDatabase(':memory:'));
    const { slug } = await createEvent(store, TEST_EVENT);
    const board = (await new CommandWriter(store).snapshot((await store.findEvent(slug))!.id)).board;
    const old = exportBoard(board);
    // What the import route's schema reads first, to know the file.
    expect(old).toMatchObject({ format: 'pitchboard-event', formatVersion: 1 });
    const withoutProjector = { ...old, rooms: old.rooms.map(({ projector: _projector, ...room }) => room) };
    const copy = await importEvent(store, withoutProjector, { slug: 'old-copy' });
    const imported = (await new CommandWriter(store).snapshot((await store.findEvent(copy.slug))!.id)).board;
    expect(imported.rooms.map((r) => r.projector)).toEqual(board.rooms.map(() => false));
    expect(imported.rooms.map((r) => r.name)).toEqual(board.rooms.map((r) => r.name));
  });

  it('the nastiest accepted event is accepted, its export imports again, and every feed reads back', async () => {
    const file = nastyCamp(NOW);
    expect(schemaFaults(file)).toEqual([]);
    const store = new SqliteStore(openDatabase(':memory:'));
    const { slug } = await importEvent(store, file, {}, NOW);
    const board = (await new CommandWriter(store, () => NOW).snapshot((await store.findEvent(slug))!.id)).board;
    expect(frameFaults(board, NOW).map((fault) => fault.message)).toEqual([]);
    expect(exportBoard(board)).toEqual(file);
    const copy = await importEvent(store, exportBoard(board), { slug: 'copy' }, NOW);
    expect(exportBoard((await new CommandWriter(store).snapshot((await store.findEvent(copy.slug))!.id)).board)).toEqual(file);
    expectFeedsReadBack(board);
  });

  it('whatever texts and dates are accepted, the export imports again and every feed is written and reads back', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(textStep, { minLength: 5, maxLength: 30 }), async (steps) => {
        const { store, eventId, writer, facilitator, attendee: phone } = await eventInMemory({ clock: () => NOW });
        for (const step of steps) {
          const board = (await writer.snapshot(eventId)).board;
          await writer.execute(step.byPhone && step.kind === 'session:submit' ? phone : facilitator, step.kind, textPayloadOf(board, step));
        }
        const board = (await writer.snapshot(eventId)).board;
        expect(frameFaults(board, NOW).map((fault) => fault.message)).toEqual([]);
        expect(schemaFaults(exportBoard(board))).toEqual([]);
        const copy = await importEvent(store, exportBoard(board), { slug: 'copy' }, NOW);
        const imported = (await new CommandWriter(store, () => NOW).snapshot((await store.findEvent(copy.slug))!.id)).board;
        expect(exportBoard(imported)).toEqual(exportBoard(board));
        expectFeedsReadBack(board);
        runs++;
      }),
      { numRuns: 120 },
    );
    expect(runs).toBe(120);
  });
});

const NOW = new Date('2026-03-01T09:00:00Z');

/** Text that may well be accepted: letters of many scripts, emoji, marks, blanks and direction controls among them. */
const likelyUnits = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'Z', 'ß', 'Ä', '7', ' ', 'ש', 'م', '中', '😀', '👩‍💻', '🇩🇪', '"', ',', ';', '\\', '<', '&', '=') },
  { weight: 2, arbitrary: fc.constantFrom('\u0301', '\u0308', '\u20DD', 'U\u0308', '\u202E', '\u2066', '\u2069', '\u200F', '\u200B', '\u00AD') },
  { weight: 1, arbitrary: fc.constantFrom('\u3164', '\u034F', '\uFE0F', '\u2800', '\u{E0041}', '\u115F', '\uFFA0') },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);
/** And what people and attackers also send: controls, line breaks, halves of surrogate pairs. */
const nastyUnits = fc.constantFrom('\u0000', '\u0085', '\u007F', '\uD800', '\uDC00', '\u2028', '\t', '\n', '\r');
const nastyText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: likelyUnits, maxLength: 70 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof({ weight: 8, arbitrary: likelyUnits }, { weight: 1, arbitrary: nastyUnits }), maxLength: 140 }) },
);

const TEXT_KINDS = [
  'session:submit',
  'session:update',
  'session:merge',
  'session:place',
  'room:add',
  'room:update',
  'slot:add',
  'slot:update',
  'day:add',
  'day:update',
  'event:update',
] as const;

const textStep = fc.record({
  // Sessions come in more often: the others work on them.
  kind: fc.oneof(fc.constantFrom(...TEXT_KINDS), fc.constant('session:submit' as const)),
  text: nastyText,
  other: nastyText,
  tags: fc.array(fc.string({ unit: likelyUnits, maxLength: 12 }), { maxLength: 9 }),
  a: fc.nat(100_000),
  b: fc.nat(1000),
  byPhone: fc.boolean(),
});
type TextStep = typeof textStep extends fc.Arbitrary<infer T> ? T : never;

const DAY = 24 * 60 * 60 * 1000;
/** A date from 2000-01-01 to the last one the clock allows, both ends included now and then. */
function dateOf(a: number): string {
  const first = Date.parse('2000-01-01T00:00:00Z');
  const last = Date.parse(`${latestDate(NOW)}T00:00:00Z`);
  if (a % 7 === 0) return '2000-01-01';
  if (a % 7 === 1) return latestDate(NOW);
  return new Date(first + (a % ((last - first) / DAY + 1)) * DAY).toISOString().slice(0, 10);
}

function textPayloadOf(board: Board, { kind, text, other, tags, a, b }: TextStep): Record<string, unknown> {
  const session = pick(board.sessions, a);
  const room = pick(board.rooms, b);
  switch (kind) {
    case 'session:submit':
      return b % 3 === 0 ? { title: text } : { title: text, host: other, description: `${other}\n\t${text}`, tags };
    case 'session:update':
      return { sessionId: session?.id, revision: session?.revision, ...(b % 2 ? { title: text } : { host: text }), description: other, tags };
    case 'session:merge':
      return { sessionId: session?.id, intoSessionId: pick(board.sessions, b)?.id };
    case 'session:place':
      return { sessionId: session?.id, roomId: room?.id, slotId: pick(board.slots, b + a)?.id };
    case 'room:add':
      return { name: text, capacity: null };
    case 'room:update':
      return { roomId: room?.id, name: text };
    case 'slot:add':
      return { dayId: pick(board.days, a)?.id, start: '18:00', end: `18:${String(10 + (b % 49)).padStart(2, '0')}`, kind: 'break', label: text };
    case 'slot:update':
      return { slotId: pick(board.slots, a)?.id, label: text };
    case 'day:add':
      return { date: dateOf(a), label: text };
    case 'day:update':
      return { dayId: pick(board.days, b)?.id, ...(a % 2 ? { date: dateOf(a) } : { label: text }) };
    case 'event:update':
      return { title: text };
  }
}

/** Every feed of the board is written, and reads back with what the board says: the calendar of each room, of each session, the CSV. */
function expectFeedsReadBack(board: Board) {
  const entries = (only: Parameters<typeof calendarRows>[1]) =>
    calendarRows(board, only).map((row) => ({ ...calendarEntry(board, row, 'http://camp.example'), sequence: 0 }));
  for (const only of [{}, ...board.rooms.map((room) => ({ roomId: room.id })), ...board.sessions.map((session) => ({ sessionIds: [session.id] }))]) {
    const text = calendarText(board.event.title, entries(only), { timezone: board.event.timezone, dates: board.days.map((day) => day.date) });
    const read = new ICAL.Component(ICAL.parse(text));
    const summaries = read.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent).summary);
    expect(summaries).toEqual(calendarRows(board, only).map((row) => row.session.title));
  }
  for (const [language, title, description] of [
    ['de', 'Titel', 'Beschreibung'],
    ['en', 'Title', 'Description'],
  ] as const) {
    const rows = parse(sessionsCsv(board, language), { bom: true, columns: true, delimiter: csvSeparator(language) }) as Array<Record<string, string>>;
    expect(rows.map((row) => [row[title], row[description]]).sort()).toEqual(
      board.sessions.map((session) => [csvSafeText(session.title), csvSafeText(session.description)]).sort(),
    );
  }
}
