// The two stores behind one interface (db/store.ts): SQLite (a file) and PostgreSQL (a database of
// its own per test, on the server tests/helpers/postgres.ts names). Every test of the interface runs
// against both; what only one of them has (SQLite's file, PostgreSQL's locks and migrations across
// processes) is tested apart.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { DatabaseUnusableError, openDatabase } from '../../db/open.ts';
import { PostgresStore } from '../../db/postgres-store.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { boardOfNewEvent, DamagedDataError, SlugTakenError, type EventRecord, type LogEntry, type NewEvent, type Store } from '../../db/store.ts';
import { applyAll } from '../../shared/apply.ts';
import { NO_WISHES, type Board, type Session } from '../../shared/board.ts';
import type { DomainEvent } from '../../shared/events.ts';
import { createTestDatabase } from '../helpers/postgres.ts';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pitchboard-store-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
}

/** A store on a database of its own, with a way in beside it (plain SQL, `?` for parameters) and another store on the same database. */
interface Opened {
  store: Store;
  sql<Row = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<Row[]>;
  reopen(): Promise<Store>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // Every one runs, also after one failed: a database left behind would stay on the server.
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => failures.push(error));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (failures.length > 0) throw failures[0];
});

const KINDS = [
  {
    name: 'sqlite',
    async open(): Promise<Opened> {
      const file = tempDb();
      const db = openDatabase(file);
      const store = new SqliteStore(db);
      cleanups.push(() => store.close());
      return {
        store,
        sql: async <Row>(query: string, ...params: unknown[]) => {
          const statement = db.prepare(query);
          if (statement.reader) return statement.all(...params) as Row[];
          statement.run(...params);
          return [];
        },
        reopen: async () => {
          const other = new SqliteStore(openDatabase(file));
          cleanups.push(() => other.close());
          return other;
        },
      };
    },
  },
  {
    name: 'postgres',
    async open(): Promise<Opened> {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      const store = await PostgresStore.open(database.url);
      cleanups.push(() => store.close());
      const raw = new pg.Pool({ connectionString: database.url, max: 2 });
      raw.on('error', () => undefined);
      cleanups.push(() => raw.end());
      return {
        store,
        sql: async <Row>(query: string, ...params: unknown[]) => {
          let n = 0;
          return (
            await raw.query(
              query.replace(/\?/g, () => `$${++n}`),
              params,
            )
          ).rows as Row[];
        },
        reopen: async () => {
          const other = await PostgresStore.open(database.url);
          cleanups.push(() => other.close());
          return other;
        },
      };
    },
  },
] as const;

const session = (id: string, title: string, more: Partial<Session> = {}): Session => ({
  id,
  title,
  host: `Gast ${id}`,
  description: '',
  tags: [],
  interest: null,
  taps: 0,
  revision: 1,
  status: 'pitched',
  wishes: NO_WISHES,
  notesLink: '',
  notesUrl: '',
  ...more,
});

/** A small barcamp: one day, four rooms, five slots (lunch among them), six sessions waiting to pitch. */
const CAMP: NewEvent = {
  slug: 'camp',
  title: 'Barcamp Bochum',
  timezone: 'Europe/Berlin',
  locale: 'de',
  keyHash: 'key-hash',
  days: [{ id: 'd1', date: '2026-05-09', label: 'Samstag' }],
  rooms: [
    { id: 'r1', name: 'Großer Saal', capacity: 80, projector: true, position: 0 },
    { id: 'r2', name: 'Raum Ruhr', capacity: 30, projector: false, position: 1 },
    { id: 'r3', name: 'Raum Emscher', capacity: 20, projector: false, position: 2 },
    { id: 'r4', name: 'Werkstatt', capacity: null, projector: false, position: 3 },
  ],
  slots: [
    { id: 't1', dayId: 'd1', start: '10:00', end: '10:45', kind: 'session', label: '' },
    { id: 't2', dayId: 'd1', start: '11:00', end: '11:45', kind: 'session', label: '' },
    { id: 't3', dayId: 'd1', start: '12:00', end: '13:00', kind: 'break', label: 'Mittagspause' },
    { id: 't4', dayId: 'd1', start: '13:00', end: '13:45', kind: 'session', label: '' },
    { id: 't5', dayId: 'd1', start: '14:00', end: '14:45', kind: 'session', label: '' },
  ],
  sessions: [
    session('s1', 'E-Akte-Einführung', { tags: ['E-Akte', 'Verwaltung'] }),
    session('s2', 'DMS-Einführung'),
    session('s3', 'Netzwerke'),
    session('s4', 'Kulturwandel'),
    session('s5', 'Hybrid arbeiten'),
    session('s6', 'Leuchttürme'),
  ],
};

const entry = (more: Partial<LogEntry> = {}): LogEntry => ({
  commandId: null,
  command: 'session:interest',
  actor: 'facilitator',
  events: [{ type: 'session.interest_set', sessionId: 's1', interest: 3 }],
  result: undefined,
  ...more,
});

describe.each(KINDS)('the $name store', (kind) => {
  async function withCamp(input: NewEvent = CAMP): Promise<Opened & { event: EventRecord }> {
    const opened = await kind.open();
    const event = await opened.store.createEvent(input, '2026-05-01T08:00:00.000Z');
    return { ...opened, event };
  }

  /** Writes the change from `before` to `after` in one command's transaction, as the writer does. */
  const write = (store: Store, eventId: number, before: Board, after: Board) => store.eventTransaction(eventId, (tx) => tx.writeChange(before, after));

  describe('createEvent and loadBoard', () => {
    it('read back the board an event was made with: days by date, rooms by position, slots by date and start, sessions, placements and blocks in order', async () => {
      const input: NewEvent = {
        slug: 'zwei-tage',
        title: 'Zwei Tage',
        timezone: 'Europe/Vienna',
        locale: 'en',
        keyHash: 'h',
        pitchSeconds: 45,
        // Out of order as given: the store reads days by date and slots in time order, by their day's
        // date and start (not by the day's id: "C_sun" sorts before "b_sat" bytewise).
        days: [
          { id: 'C_sun', date: '2026-05-10', label: 'Sonntag' },
          { id: 'b_sat', date: '2026-05-09', label: 'Samstag' },
        ],
        rooms: [
          { id: 'r_x', name: 'Zwei', capacity: null, projector: false, position: 1 },
          { id: 'r_y', name: 'Eins', capacity: 12, projector: true, position: 0 },
        ],
        slots: [
          { id: 't_3', dayId: 'C_sun', start: '09:00', end: '09:45', kind: 'session', label: '' },
          { id: 't_1', dayId: 'b_sat', start: '10:00', end: '10:45', kind: 'session', label: 'Open Space' },
          { id: 't_2', dayId: 'b_sat', start: '09:00', end: '09:45', kind: 'break', label: 'Kaffee' },
        ],
        sessions: [
          session('s_z', 'Zuerst', {
            tags: ['a', 'ä'],
            interest: 5,
            revision: 3,
            description: 'Mehr',
            wishes: { timing: 'before_lunch', leaveBy: '11:30', needsProjector: true },
          }),
          session('s_a', 'Danach', { status: 'withdrawn' }),
          session('s_m', 'Wartet'),
          session('s_n', 'Auch'),
        ],
        // In the order apply would have appended them, not by key.
        placements: [
          { sessionId: 's_z', roomId: 'r_y', slotId: 't_3' },
          { sessionId: 's_n', roomId: 'r_x', slotId: 't_1' },
          { sessionId: 's_n', roomId: 'r_x', slotId: 't_2' },
        ],
        blocked: [
          { roomId: 'r_y', slotId: 't_1' },
          { roomId: 'r_x', slotId: 't_3' },
        ],
      };
      const { store } = await kind.open();
      const created = await store.createEvent(input, '2026-05-01T08:00:00.000Z');
      expect(created).toEqual({ id: created.id, slug: 'zwei-tage', keyHash: 'h', version: 0 });
      expect(await store.findEvent('zwei-tage')).toEqual(created);
      const expected = boardOfNewEvent(input);
      const { board, version } = await store.loadBoard(created.id);
      expect(version).toBe(0);
      expect(board.days.map((d) => d.id)).toEqual(['b_sat', 'C_sun']);
      expect(board.rooms.map((r) => r.id)).toEqual(['r_y', 'r_x']);
      expect(board.slots.map((s) => s.id)).toEqual(['t_2', 't_1', 't_3']);
      expect(board.pitch.queue).toEqual(['s_m']);
      expect(board).toEqual({
        ...expected,
        days: [expected.days[1], expected.days[0]],
        rooms: [expected.rooms[1], expected.rooms[0]],
        slots: [expected.slots[2], expected.slots[1], expected.slots[0]],
      });
    });

    it('returns the event it made, at version 0, and refuses a slug that is taken', async () => {
      const { store, event } = await withCamp();
      expect(event.version).toBe(0);
      const created = await store.createEvent(
        { slug: 'zwei', title: 'Zwei', timezone: 'Europe/Berlin', locale: 'en', keyHash: 'h', days: [], rooms: [], slots: [] },
        '2026-11-29T10:00:00Z',
      );
      expect(created).toEqual({ id: (await store.findEvent('zwei'))!.id, slug: 'zwei', keyHash: 'h', version: 0 });
      expect(created.id).not.toBe(event.id);
      expect(await store.countEvents()).toBe(2);
      // Said as a slug taken (by another request or process at the same moment), not as the database's words.
      await expect(store.createEvent({ ...CAMP, title: 'Noch eins' }, '2026-11-29T10:00:00Z')).rejects.toThrow(SlugTakenError);
      expect(await store.countEvents()).toBe(2);
      expect(await store.findEvent('nobody')).toBeUndefined();
    });

    it('answers an error for an event that does not exist', async () => {
      const { store, event } = await withCamp();
      await expect(store.loadBoard(event.id + 100)).rejects.toThrow(`No event with id ${event.id + 100}`);
      await expect(store.eventTransaction(event.id + 100, async () => 'never')).rejects.toThrow(`No event with id ${event.id + 100}`);
    });
  });

  describe('writeChange', () => {
    it('writes every event kind so that a reload equals apply', async () => {
      const { store, event } = await withCamp();
      const before = (await store.loadBoard(event.id)).board;
      const [a, b] = before.sessions;
      const [room1, room2] = before.rooms;
      const [slot1] = before.slots;
      const events: DomainEvent[] = [
        { type: 'session.submitted', session: session('s_new', 'Neu', { host: 'Ich', description: 'd', tags: ['x'], interest: 0 }) },
        { type: 'session.placed', sessionId: a!.id, roomId: room1!.id, slotId: slot1!.id },
        { type: 'session.placed', sessionId: b!.id, roomId: room2!.id, slotId: slot1!.id },
        { type: 'session.unplaced', sessionId: b!.id },
        { type: 'session.updated', sessionId: a!.id, changes: { title: 'Anders', tags: ['y', 'z'] }, revision: 2 },
        { type: 'session.interest_set', sessionId: a!.id, interest: 42 },
        { type: 'session.withdrawn', sessionId: 's_new' },
        { type: 'event.updated', changes: { claiming: 'open', pitchSeconds: 45, title: 'Anders', timezone: 'Europe/Vienna' } },
        { type: 'session.updated', sessionId: b!.id, changes: { wishes: { timing: 'before_lunch', leaveBy: '11:30', needsProjector: true } }, revision: 2 },
        { type: 'pitch.updated', pitch: { queue: [b!.id], current: a!.id, timer: { durationMs: 45_000, remainingMs: 20_000, runningSince: 123 } } },
      ];
      const expected = applyAll(before, events);
      await write(store, event.id, before, expected);
      expect((await store.loadBoard(event.id)).board).toEqual(expected);
    });

    it('keeps the notes-link template and a session’s own link, and a reload resolves every notesUrl as apply does', async () => {
      const { store, event, reopen } = await withCamp();
      const before = (await store.loadBoard(event.id)).board;
      const [a, b] = before.sessions;
      const steps: DomainEvent[][] = [
        [{ type: 'event.updated', changes: { notesLink: 'https://pad.example.org/{slug}-{session}?t={title}' } }],
        [{ type: 'session.updated', sessionId: a!.id, changes: { notesLink: 'https://wiki.example.org/{title}' }, revision: 2 }],
        [{ type: 'session.updated', sessionId: b!.id, changes: { title: 'Neu & anders' }, revision: 2 }],
      ];
      let board = before;
      for (const events of steps) {
        const after = applyAll(board, events);
        await write(store, event.id, board, after);
        board = after;
        expect((await store.loadBoard(event.id)).board).toEqual(after);
      }
      // Another process (or a restart) reads the same.
      const loaded = (await (await reopen()).loadBoard(event.id)).board;
      expect(loaded).toEqual(board);
      expect(loaded.event.notesLink).toBe('https://pad.example.org/{slug}-{session}?t={title}');
      expect(loaded.sessions.find((s) => s.id === a!.id)).toMatchObject({
        notesLink: 'https://wiki.example.org/{title}',
        notesUrl: `https://wiki.example.org/${encodeURIComponent(a!.title)}`,
      });
      expect(loaded.sessions.find((s) => s.id === b!.id)!.notesUrl).toBe(`https://pad.example.org/camp-${b!.id}?t=Neu%20%26%20anders`);
      // An event made with them (an import) starts with them.
      const copy = await store.createEvent(
        { ...CAMP, slug: 'kopie', notesLink: 'https://p.example/{session}', sessions: [session('s_k', 'Kopie', { notesLink: 'https://own.example/' })] },
        '2026-05-01T08:00:00.000Z',
      );
      const copied = (await store.loadBoard(copy.id)).board;
      expect(copied.event.notesLink).toBe('https://p.example/{session}');
      expect(copied.sessions.map((s) => [s.notesLink, s.notesUrl])).toEqual([['https://own.example/', 'https://own.example/']]);
    });

    it('writes the frame events (days, rooms, slots, blocks, double sessions) so that a reload equals apply', async () => {
      const { store, event } = await withCamp();
      let board = (await store.loadBoard(event.id)).board;
      const [first, second] = board.sessions;
      const [slot10, slot11] = board.slots;
      const steps: DomainEvent[][] = [
        [{ type: 'room.added', room: { id: 'r_new', name: 'Dach', capacity: 9, projector: true, position: 4 } }],
        [{ type: 'room.moved', roomId: 'r_new', toIndex: 0 }],
        [{ type: 'room.updated', roomId: 'r_new', changes: { name: 'Dachterrasse', capacity: null } }],
        [{ type: 'room.updated', roomId: 'r_new', changes: { projector: false } }],
        [{ type: 'session.placed', sessionId: first!.id, roomId: 'r_new', slotId: slot10!.id }],
        [{ type: 'session.extended', sessionId: first!.id, roomId: 'r_new', slotId: slot11!.id }],
        [{ type: 'cell.blocked', roomId: board.rooms[0]!.id, slotId: slot10!.id }],
        [{ type: 'slot.added', slot: { id: 't_new', dayId: board.days[0]!.id, start: '16:00', end: '16:45', kind: 'session', label: 'Open Space' } }],
        [{ type: 'slot.updated', slotId: 't_new', changes: { start: '15:30', kind: 'break', label: 'Kaffee' } }],
        [
          {
            type: 'day.added',
            day: { id: 'd_new', date: '2099-01-02', label: 'Tag 2' },
            slots: [{ id: 't_d2', dayId: 'd_new', start: '09:00', end: '09:45', kind: 'session', label: '' }],
          },
        ],
        [{ type: 'day.updated', dayId: 'd_new', changes: { label: 'Sonntag' } }],
        [{ type: 'session.placed', sessionId: second!.id, roomId: 'r_new', slotId: 't_d2' }],
        [{ type: 'session.shrunk', sessionId: first!.id, roomId: 'r_new', slotId: slot11!.id }],
        [{ type: 'cell.unblocked', roomId: board.rooms[0]!.id, slotId: slot10!.id }],
        [
          { type: 'session.unplaced', sessionId: second!.id },
          { type: 'day.removed', dayId: 'd_new' },
        ],
        [{ type: 'slot.removed', slotId: 't_new' }],
        [
          { type: 'session.unplaced', sessionId: first!.id },
          { type: 'room.removed', roomId: 'r_new' },
        ],
      ];
      for (const events of steps) {
        const next = applyAll(board, events);
        await write(store, event.id, board, next);
        expect((await store.loadBoard(event.id)).board, JSON.stringify(events[0])).toEqual(next);
        board = next;
      }
    });

    it('writes any difference between two boards, also one no command makes today (a session gone with its placement)', async () => {
      const { store, event } = await withCamp();
      const before = (await store.loadBoard(event.id)).board;
      const [gone, kept] = before.sessions;
      const placed = applyAll(before, [
        { type: 'session.placed', sessionId: gone!.id, roomId: before.rooms[0]!.id, slotId: before.slots[0]!.id },
        { type: 'session.placed', sessionId: kept!.id, roomId: before.rooms[1]!.id, slotId: before.slots[0]!.id },
      ]);
      await write(store, event.id, before, placed);
      const after = {
        ...placed,
        sessions: placed.sessions.filter((s) => s.id !== gone!.id),
        placements: placed.placements.filter((p) => p.sessionId !== gone!.id),
        pitch: { ...placed.pitch, queue: placed.pitch.queue.filter((id) => id !== gone!.id) },
      };
      await write(store, event.id, placed, after);
      expect((await store.loadBoard(event.id)).board).toEqual(after);
    });

    it('keeps a new session last, after sessions deleted before it', async () => {
      const { store, event } = await withCamp();
      const before = (await store.loadBoard(event.id)).board;
      const without = { ...before, sessions: before.sessions.slice(0, 5), pitch: { ...before.pitch, queue: before.pitch.queue.slice(0, 5) } };
      await write(store, event.id, before, without);
      const added = applyAll(without, [{ type: 'session.submitted', session: session('s_0', 'Neu') }]);
      await write(store, event.id, without, added);
      expect((await store.loadBoard(event.id)).board.sessions.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's_0']);
    });

    it('the database itself refuses two sessions in one cell, and the command writes nothing', async () => {
      const { store, event } = await withCamp();
      const { board } = await store.loadBoard(event.id);
      const cell = { roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id };
      const placed = applyAll(board, [{ type: 'session.placed', sessionId: board.sessions[0]!.id, ...cell }]);
      await write(store, event.id, board, placed);
      // A board that apply never makes: two sessions in one cell (and the second one's title changed first).
      const retitled = applyAll(placed, [{ type: 'session.updated', sessionId: board.sessions[1]!.id, changes: { title: 'Nie' }, revision: 2 }]);
      const twice = { ...retitled, placements: [...retitled.placements, { sessionId: board.sessions[1]!.id, ...cell }] };
      await expect(write(store, event.id, placed, twice)).rejects.toThrow(/unique/i);
      expect(await store.loadBoard(event.id)).toEqual({ version: 0, board: placed });
    });
  });

  describe('eventTransaction', () => {
    it('commits the change, the log row and the version together, and answers what the work answered', async () => {
      const { store, event } = await withCamp();
      const { board } = await store.loadBoard(event.id);
      const after = applyAll(board, [{ type: 'session.interest_set', sessionId: 's1', interest: 3 }]);
      const answer = await store.eventTransaction(event.id, async (tx) => {
        expect(tx.version).toBe(0);
        await tx.writeChange(board, after);
        await tx.appendLog(1, entry({ commandId: 'c1', result: { ok: 1 }, device: 'phone-a' }), 'T1');
        await tx.setGiverTokenHash('s2', 'giver-hash');
        await tx.setFacilitatorKeyHash('new-key-hash');
        // What the transaction wrote, it reads itself.
        expect(await tx.findLoggedCommand('c1')).toEqual({
          version: 1,
          result: { ok: 1 },
          command: 'session:interest',
          actor: 'facilitator',
          device: 'phone-a',
        });
        expect(await tx.giverTokenHash('s2')).toBe('giver-hash');
        return 'done';
      });
      expect(answer).toBe('done');
      expect(await store.loadBoard(event.id)).toEqual({ version: 1, board: after });
      expect(await store.findEvent('camp')).toEqual({ id: event.id, slug: 'camp', keyHash: 'new-key-hash', version: 1 });
      await store.eventTransaction(event.id, async (tx) => {
        expect(tx.version).toBe(1);
        expect(await tx.giverTokenHash('s2')).toBe('giver-hash');
        expect(await tx.giverTokenHash('s1')).toBeNull();
        expect(await tx.giverTokenHash('no-such-session')).toBeNull();
        expect(await tx.findLoggedCommand('c-unknown')).toBeUndefined();
        expect(await tx.change(1)).toMatchObject({ version: 1, at: 'T1', command: 'session:interest', events: entry().events });
        expect(await tx.change(2)).toBeUndefined();
        expect((await tx.changesSince(0)).map((c) => c.version)).toEqual([1]);
        expect(await tx.changesSince(1)).toEqual([]);
      });
    });

    it('rolls back everything when the work fails: the board, the log and the version stay as they were', async () => {
      const { store, event } = await withCamp();
      const { board } = await store.loadBoard(event.id);
      const after = applyAll(board, [{ type: 'session.placed', sessionId: 's1', roomId: 'r1', slotId: 't1' }]);
      const failure = new Error('decide found out too late');
      await expect(
        store.eventTransaction(event.id, async (tx) => {
          await tx.writeChange(board, after);
          await tx.appendLog(1, entry({ commandId: 'c1' }), 'T1');
          await tx.setFacilitatorKeyHash('never');
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.loadBoard(event.id)).toEqual({ version: 0, board });
      expect(await store.logVersions(event.id)).toEqual([]);
      expect((await store.findEvent('camp'))!.keyHash).toBe('key-hash');
      // The event is not left locked: the next command goes through.
      await store.eventTransaction(event.id, async (tx) => {
        expect(tx.version).toBe(0);
        expect(await tx.findLoggedCommand('c1')).toBeUndefined();
        await tx.appendLog(1, entry({ commandId: 'c1' }), 'T1');
      });
      expect(await store.logVersions(event.id)).toEqual([1]);
    });

    it('keeps versions and command ids unique per event: a second row of either is refused and rolls its command back', async () => {
      const { store, event } = await withCamp();
      const other = await store.createEvent({ ...CAMP, slug: 'other' }, '2026-05-01T08:00:00.000Z');
      await store.eventTransaction(event.id, (tx) => tx.appendLog(1, entry({ commandId: 'c1' }), 'T1'));
      const { board } = await store.loadBoard(event.id);
      const after = applyAll(board, [{ type: 'session.interest_set', sessionId: 's2', interest: 7 }]);
      await expect(
        store.eventTransaction(event.id, async (tx) => {
          await tx.writeChange(board, after);
          await tx.appendLog(1, entry({ commandId: 'c2' }), 'T2');
        }),
      ).rejects.toThrow(/unique/i);
      await expect(
        store.eventTransaction(event.id, async (tx) => {
          await tx.writeChange(board, after);
          await tx.appendLog(2, entry({ commandId: 'c1' }), 'T2');
        }),
      ).rejects.toThrow(/unique/i);
      expect(await store.loadBoard(event.id)).toEqual({ version: 1, board });
      // Another event has versions and command ids of its own; commands without an id are many.
      await store.eventTransaction(other.id, (tx) => tx.appendLog(1, entry({ commandId: 'c1' }), 'T1'));
      await store.eventTransaction(event.id, (tx) => tx.appendLog(2, entry({ commandId: null }), 'T2'));
      await store.eventTransaction(event.id, (tx) => tx.appendLog(3, entry({ commandId: null }), 'T3'));
      expect(await store.logVersions(event.id)).toEqual([1, 2, 3]);
      expect(await store.logVersions(other.id)).toEqual([1]);
    });
  });

  describe('the log', () => {
    it('reads back each logged change as written: result, inverse, undo and redo links, undoable, amends', async () => {
      const { store, event } = await withCamp();
      const placed: DomainEvent = { type: 'session.interest_set', sessionId: 'x', interest: 3 };
      const unplaced: DomainEvent = { type: 'session.interest_set', sessionId: 'x', interest: 0 };
      const log: Array<[LogEntry, string]> = [
        [entry({ commandId: 'c1', events: [placed], result: { ok: 1 }, inverse: [unplaced], device: 'phone-a' }), 'T1'],
        [entry({ commandId: 'c2', command: 'board:undo', events: [unplaced], undoOf: 1 }), 'T2'],
        [entry({ commandId: null, command: 'board:redo', events: [placed], inverse: [unplaced], redoOf: 2 }), 'T3'],
        [entry({ commandId: 'c4', command: 'session:submit', actor: 'attendee', events: [placed] }), 'T4'],
        [entry({ commandId: 'c5', events: [placed], inverse: [unplaced] }), 'T5'],
        // A count that continues the one before: one step with it, one line of the history.
        [entry({ commandId: 'c6', events: [placed], inverse: [unplaced], amends: 5 }), 'T6'],
      ];
      for (const [index, [logged, at]] of log.entries()) await store.eventTransaction(event.id, (tx) => tx.appendLog(index + 1, logged, at));

      expect(await store.undoSteps(event.id)).toEqual([
        { version: 1, undoOf: null, redoOf: null, amends: null, undoable: true },
        { version: 2, undoOf: 1, redoOf: null, amends: null, undoable: false },
        { version: 3, undoOf: null, redoOf: 2, amends: null, undoable: true },
        { version: 5, undoOf: null, redoOf: null, amends: null, undoable: true },
        { version: 6, undoOf: null, redoOf: null, amends: 5, undoable: true },
      ]);
      expect((await store.history(event.id, 7, 3)).map((c) => c.version)).toEqual([6, 4, 3]);
      expect((await store.history(event.id, 4, 2)).map((c) => c.version)).toEqual([3, 2]);
      expect((await store.history(event.id, 1, 10)).map((c) => c.version)).toEqual([]);
      expect((await store.change(event.id, 6))?.amends).toBe(5);
      expect(await store.change(event.id, 2)).toEqual({
        version: 2,
        at: 'T2',
        actor: 'facilitator',
        command: 'board:undo',
        events: [unplaced],
        inverse: null,
        undoOf: 1,
        redoOf: null,
        amends: null,
      });
      expect(await store.change(event.id, 7)).toBeUndefined();
      await store.eventTransaction(event.id, async (tx) => {
        expect(tx.version).toBe(6);
        expect(await tx.findLoggedCommand('c1')).toEqual({
          version: 1,
          result: { ok: 1 },
          command: 'session:interest',
          actor: 'facilitator',
          device: 'phone-a',
        });
        expect(await tx.findLoggedCommand('c2')).toEqual({ version: 2, result: undefined, command: 'board:undo', actor: 'facilitator', device: null });
        expect((await tx.changesSince(4)).map((c) => [c.version, c.at, c.amends])).toEqual([
          [5, 'T5', null],
          [6, 'T6', 5],
        ]);
      });
      expect(await store.changesSince(event.id, 2, 2)).toEqual([
        { version: 3, events: JSON.stringify([placed]) },
        { version: 4, events: JSON.stringify([placed]) },
      ]);
      expect(await store.changesSince(event.id, 6, 10)).toEqual([]);
      // What another process committed, whole, for one that follows it.
      expect(await store.changesAfter(event.id, 4)).toEqual(await Promise.all([5, 6].map(async (version) => (await store.change(event.id, version))!)));
      expect(await store.changesAfter(event.id, 6)).toEqual([]);
      const other = await store.createEvent({ ...CAMP, slug: 'other' }, 'T0');
      expect(await store.versionsOf([event.id, other.id, 9999])).toEqual(
        new Map([
          [event.id, 6],
          [other.id, 0],
        ]),
      );
      expect(await store.versionsOf([])).toEqual(new Map());
      expect(await store.logVersions(event.id)).toEqual([1, 2, 3, 4, 5, 6]);
      expect((await store.loadBoard(event.id)).version).toBe(6);
    });
  });

  describe('taps', () => {
    it('keeps one tap per session and device, says whether a tap changed anything, and counts them per session', async () => {
      const { store, event, sql } = await withCamp();
      const tap = async (sessionId: string, device: string, interested: boolean) =>
        (await store.recordTaps([{ eventId: event.id, sessionId, device, interested }]))[0];
      expect(await tap('s1', 'phone-1', true)).toBe(true);
      expect(await tap('s1', 'phone-1', true)).toBe(false);
      expect(await tap('s1', 'phone-2', true)).toBe(true);
      expect(await tap('s2', 'phone-1', true)).toBe(true);
      expect(await tap('s2', 'phone-3', false)).toBe(false);
      expect((await store.loadBoard(event.id)).board.sessions.map((s) => s.taps)).toEqual([2, 1, 0, 0, 0, 0]);
      // Several in one transaction, each answered.
      expect(
        await store.recordTaps([
          { eventId: event.id, sessionId: 's1', device: 'phone-1', interested: false },
          { eventId: event.id, sessionId: 's1', device: 'phone-1', interested: false },
          { eventId: event.id, sessionId: 's3', device: 'phone-9', interested: true },
        ]),
      ).toEqual([true, false, true]);
      expect((await store.loadBoard(event.id)).board.sessions.map((s) => s.taps)).toEqual([1, 1, 1, 0, 0, 0]);
      expect(await store.tapCounts(event.id)).toEqual(
        new Map([
          ['s1', 1],
          ['s2', 1],
          ['s3', 1],
        ]),
      );
      // A tap on a session that is not there is refused, and the taps sent with it are not kept.
      await expect(
        store.recordTaps([
          { eventId: event.id, sessionId: 's4', device: 'phone-1', interested: true },
          { eventId: event.id, sessionId: 'gone', device: 'phone-1', interested: true },
        ]),
      ).rejects.toThrow(/foreign key/i);
      expect((await store.loadBoard(event.id)).board.sessions.map((s) => s.taps)).toEqual([1, 1, 1, 0, 0, 0]);
      // A tap is no change of the plan: the version and the log stay as they were.
      expect((await store.loadBoard(event.id)).version).toBe(0);
      expect(await store.logVersions(event.id)).toEqual([]);
      // An event deleted (its sessions with it) leaves no taps behind.
      await store.deleteEvent(event.id);
      expect(Number((await sql<{ n: number }>('SELECT COUNT(*) AS n FROM session_taps'))[0]!.n)).toBe(0);
    });
  });

  describe('deleteEvent and expirableEvents', () => {
    it('deletes an event with everything in it, and only that event', async () => {
      const { store, event, sql } = await withCamp();
      const kept = await store.createEvent({ ...CAMP, slug: 'kept' }, '2026-05-01T08:00:00.000Z');
      for (const id of [event.id, kept.id]) {
        const { board } = await store.loadBoard(id);
        const after = applyAll(board, [
          { type: 'session.placed', sessionId: 's1', roomId: 'r1', slotId: 't1' },
          { type: 'cell.blocked', roomId: 'r2', slotId: 't1' },
        ]);
        await store.eventTransaction(id, async (tx) => {
          await tx.writeChange(board, after);
          await tx.appendLog(1, entry(), 'T1');
        });
        await store.recordTaps([{ eventId: id, sessionId: 's2', device: 'p', interested: true }]);
        await store.saveStarFeed(id, 'feed', ['s1'], 10, new Date());
        await store.savePushSubscription(id, 'feed', { endpoint: 'https://push/1', p256dh: 'k', auth: 'a', lang: 'de' }, 10, new Date());
        await store.calendarSequences(id, new Map([['s1', 'f']]));
      }
      const rowsOf = async (eventId: number) => {
        const counts: Record<string, number> = {};
        for (const table of [
          'days',
          'rooms',
          'slots',
          'sessions',
          'placements',
          'blocked_cells',
          'event_log',
          'session_taps',
          'star_feeds',
          'push_subscriptions',
          'calendar_entries',
        ])
          counts[table] = Number((await sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE event_id = ?`, eventId))[0]!.n);
        return counts;
      };
      const before = await rowsOf(kept.id);
      expect(Object.values(before).every((n) => n > 0)).toBe(true);
      await store.deleteEvent(event.id);
      expect(await store.findEvent('camp')).toBeUndefined();
      expect(Object.values(await rowsOf(event.id))).toEqual(Object.values(before).map(() => 0));
      expect(await rowsOf(kept.id)).toEqual(before);
      expect(await store.countEvents()).toBe(1);
    });

    it('finds the events nobody needs any more by the date they were last of use: their last day, made, or last changed', async () => {
      const { store } = await kind.open();
      const make = (slug: string, dates: string[], createdAt: string) =>
        store.createEvent(
          { ...CAMP, slug, days: dates.map((date, i) => ({ id: `d${i}`, date, label: '' })), slots: [], placements: [], blocked: [] },
          createdAt,
        );
      // Last of use: its day (2026-01-10), never changed.
      const held = await make('held', ['2026-01-05', '2026-01-10'], '2026-01-01T09:00:00.000Z');
      // Last of use: its change (2026-03-05).
      const changed = await make('changed', ['2026-01-10'], '2026-01-01T09:00:00.000Z');
      await store.eventTransaction(changed.id, (tx) => tx.appendLog(1, entry(), '2026-02-01T10:00:00.000Z'));
      await store.eventTransaction(changed.id, (tx) => tx.appendLog(2, entry(), '2026-03-05T10:00:00.000Z'));
      // Last of use: the day it was made (no days).
      const empty = await make('empty', [], '2026-02-01T09:00:00.000Z');
      // Last of use: a day to come.
      const coming = await make('coming', ['2026-12-31'], '2026-01-01T09:00:00.000Z');
      const ids = async (untouchedBefore: string, unusedBefore: string) =>
        (await store.expirableEvents(untouchedBefore, unusedBefore)).map((e) => [e.id, e.slug]).sort((a, b) => Number(a[0]) - Number(b[0]));
      expect(await ids('2026-02-15', '')).toEqual([
        [held.id, 'held'],
        [empty.id, 'empty'],
      ]);
      expect(await ids('', '2026-03-06')).toEqual([
        [held.id, 'held'],
        [changed.id, 'changed'],
        [empty.id, 'empty'],
      ]);
      // The day itself is no longer "before" it.
      expect(await ids('2026-02-01', '2026-03-05')).toEqual([
        [held.id, 'held'],
        [empty.id, 'empty'],
      ]);
      expect(await ids('', '')).toEqual([]);
      expect(await ids('2027-01-01', '')).toEqual([
        [held.id, 'held'],
        [empty.id, 'empty'],
        [coming.id, 'coming'],
      ]);
    });
  });

  describe('a phone’s star feed, push subscription and calendar', () => {
    const AT = new Date('2026-05-09T08:00:00Z');

    it('keeps the stars a phone told last, by the hash of its feed id, and no row for no stars', async () => {
      const { store, event, sql } = await withCamp();
      expect(await store.starFeed(event.id, 'hash-a')).toEqual([]);
      expect(await store.saveStarFeed(event.id, 'hash-a', ['s2', 's1'], 10, AT)).toBe(true);
      expect(await store.starFeed(event.id, 'hash-a')).toEqual(['s2', 's1']);
      expect(await store.saveStarFeed(event.id, 'hash-a', ['s3'], 10, AT)).toBe(true);
      expect(await store.starFeed(event.id, 'hash-a')).toEqual(['s3']);
      expect(await sql('SELECT feed_hash, sessions, updated_at FROM star_feeds')).toEqual([
        { feed_hash: 'hash-a', sessions: 's3', updated_at: '2026-05-09T08:00:00.000Z' },
      ]);
      expect(await store.saveStarFeed(event.id, 'hash-a', [], 10, AT)).toBe(true);
      expect(await store.starFeed(event.id, 'hash-a')).toEqual([]);
      expect(await sql('SELECT * FROM star_feeds')).toEqual([]);
    });

    it('keeps a new feed only while the event has fewer than its most; the feeds it has go on', async () => {
      const { store, event } = await withCamp();
      const other = await store.createEvent({ ...CAMP, slug: 'other' }, '2026-05-01T08:00:00.000Z');
      expect(await store.saveStarFeed(event.id, 'one', ['s1'], 2, AT)).toBe(true);
      expect(await store.saveStarFeed(event.id, 'two', ['s1'], 2, AT)).toBe(true);
      expect(await store.saveStarFeed(event.id, 'three', ['s1'], 2, AT)).toBe(false);
      expect(await store.starFeed(event.id, 'three')).toEqual([]);
      // The most counts per event.
      expect(await store.saveStarFeed(other.id, 'three', ['s1'], 2, AT)).toBe(true);
      expect(await store.saveStarFeed(event.id, 'two', ['s1', 's2'], 2, AT)).toBe(true);
      expect(await store.starFeed(event.id, 'two')).toEqual(['s1', 's2']);
      // One emptied makes room.
      expect(await store.saveStarFeed(event.id, 'one', [], 2, AT)).toBe(true);
      expect(await store.saveStarFeed(event.id, 'three', ['s1'], 2, AT)).toBe(true);
    });

    it('keeps one push subscription per feed, at most so many per event, and answers them with their stars', async () => {
      const { store, event } = await withCamp();
      const target = (n: number, lang: 'de' | 'en' = 'de') => ({ endpoint: `https://push.example/${n}`, p256dh: `key-${n}`, auth: `auth-${n}`, lang });
      await store.saveStarFeed(event.id, 'feed-a', ['s2', 's1'], 10, AT);
      await store.saveStarFeed(event.id, 'feed-b', ['s3'], 10, AT);
      expect(await store.savePushSubscription(event.id, 'feed-a', target(1), 2, AT)).toBe(true);
      expect(await store.savePushSubscription(event.id, 'feed-b', target(2, 'en'), 2, AT)).toBe(true);
      expect(await store.savePushSubscription(event.id, 'feed-c', target(3), 2, AT)).toBe(false);
      // A new one for a feed replaces its old one.
      expect(await store.savePushSubscription(event.id, 'feed-a', target(4), 2, AT)).toBe(true);
      const targets = async () => (await store.pushTargets(event.id)).sort((a, b) => a.endpoint.localeCompare(b.endpoint));
      expect(await targets()).toEqual([
        { ...target(2, 'en'), sessions: ['s3'] },
        { ...target(4), sessions: ['s2', 's1'] },
      ]);
      // A feed without stars has nothing to hear about.
      await store.saveStarFeed(event.id, 'feed-b', [], 10, AT);
      expect((await targets()).map((t) => t.endpoint)).toEqual(['https://push.example/4']);
      await store.deletePushEndpoint(event.id, 'https://push.example/4');
      expect(await targets()).toEqual([]);
      await store.saveStarFeed(event.id, 'feed-b', ['s5'], 10, AT);
      expect((await targets()).map((t) => t.endpoint)).toEqual(['https://push.example/2']);
      await store.deletePushSubscription(event.id, 'feed-b');
      expect(await targets()).toEqual([]);
      expect(await store.savePushSubscription(event.id, 'feed-c', target(3), 2, AT)).toBe(true);
    });

    it('raises a calendar entry’s sequence whenever what it says changed, from 0', async () => {
      const { store, event } = await withCamp();
      expect(
        await store.calendarSequences(
          event.id,
          new Map([
            ['s1', 'a'],
            ['s2', 'b'],
          ]),
        ),
      ).toEqual(
        new Map([
          ['s1', 0],
          ['s2', 0],
        ]),
      );
      expect(
        await store.calendarSequences(
          event.id,
          new Map([
            ['s1', 'a'],
            ['s2', 'b2'],
            ['s3', 'c'],
          ]),
        ),
      ).toEqual(
        new Map([
          ['s1', 0],
          ['s2', 1],
          ['s3', 0],
        ]),
      );
      expect(await store.calendarSequences(event.id, new Map([['s2', 'b']]))).toEqual(new Map([['s2', 2]]));
      expect(await store.calendarSequences(event.id, new Map([['s2', 'b']]))).toEqual(new Map([['s2', 2]]));
    });
  });

  describe('secrets, health', () => {
    it('makes the server secret and the push key pair once and keeps them for the next start', async () => {
      const { store, reopen } = await kind.open();
      const secret = store.serverSecret();
      expect(secret).toBeInstanceOf(Buffer);
      expect(secret.length).toBe(32);
      const keys = store.pushKeys();
      expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(65);
      expect(Buffer.from(keys.privateKey, 'base64url')).toHaveLength(32);
      const again = await reopen();
      expect(again.serverSecret().equals(secret)).toBe(true);
      expect(again.pushKeys()).toEqual(keys);
    });

    it('notes a failed write until the next write succeeds; other errors are none of its business', async () => {
      const { store, event } = await withCamp();
      expect(await store.health()).toEqual({ ok: true });
      store.noteFailure(new Error('not from the database'));
      expect(await store.health()).toEqual({ ok: true });
      await store.eventTransaction(event.id, (tx) => tx.appendLog(1, entry(), 'T1'));
      // A second version 1: the database refuses the write.
      await expect(store.eventTransaction(event.id, (tx) => tx.appendLog(1, entry(), 'T1'))).rejects.toThrow(/unique/i);
      const health = await store.health();
      expect(health).toMatchObject({ ok: false, damagedEvents: [] });
      expect(health.ok === false && health.problem).toMatch(/unique/i);
      await store.eventTransaction(event.id, async () => undefined);
      expect(await store.health()).toEqual({ ok: true });
    });

    it('names an event whose stored JSON does not parse, and the column, never what the row holds; until restarted', async () => {
      const { store, event, sql } = await withCamp();
      await sql('UPDATE sessions SET wishes = ? WHERE event_id = ? AND seq = 2', '{"geheim": ', event.id);
      let met: unknown;
      try {
        await store.loadBoard(event.id);
      } catch (error) {
        met = error;
      }
      expect(met).toBeInstanceOf(DamagedDataError);
      expect(met).toMatchObject({
        eventId: event.id,
        where: 'sessions.wishes',
        message: `The stored sessions.wishes of event ${event.id} is damaged: it is not valid JSON.`,
      });
      expect(await store.health()).toEqual({ ok: true });
      store.noteFailure(met);
      store.noteFailure(new DamagedDataError(event.id, 'event_log.events'));
      expect(await store.health()).toEqual({
        ok: false,
        problem: `damaged data in event "camp" (sessions.wishes of a row is not valid JSON)`,
        damagedEvents: ['camp'],
      });
      // A write that succeeds does not make damaged data sound.
      await store.eventTransaction(event.id, async () => undefined);
      expect(await store.health()).toMatchObject({ ok: false, damagedEvents: ['camp'] });
      expect(JSON.stringify(await store.health())).not.toContain('geheim');
      // Damaged event_log JSON is found as well, by the log's readers.
      await store.eventTransaction(event.id, (tx) => tx.appendLog(1, entry(), 'T1'));
      await sql(`UPDATE event_log SET events = '[' WHERE event_id = ?`, event.id);
      await expect(store.change(event.id, 1)).rejects.toMatchObject({ eventId: event.id, where: 'event_log.events' });
      await expect(store.history(event.id, 2, 1)).rejects.toBeInstanceOf(DamagedDataError);
    });
  });
});

describe('the SQLite store alone', () => {
  function sqliteStore() {
    const db = openDatabase(tempDb());
    const store = new SqliteStore(db);
    cleanups.push(() => store.close());
    return { db, store };
  }

  it('keeps a damaged file noted after later writes succeed, but clears a passing failure', async () => {
    const { store } = sqliteStore();
    const event = await store.createEvent(CAMP, '2026-05-01T08:00:00.000Z');
    const aWrite = () => store.eventTransaction(event.id, async () => undefined);
    store.noteFailure(new Database.SqliteError('disk full', 'SQLITE_FULL'));
    expect(await store.health()).toEqual({ ok: false, problem: 'SQLITE_FULL: disk full', damagedEvents: [] });
    await aWrite();
    expect(await store.health()).toEqual({ ok: true });
    store.noteFailure(new Database.SqliteError('bad page', 'SQLITE_CORRUPT_INDEX'));
    store.noteFailure(new Database.SqliteError('later', 'SQLITE_NOTADB'));
    await aWrite();
    expect(await store.health()).toEqual({ ok: false, problem: 'SQLITE_CORRUPT_INDEX: bad page', damagedEvents: [] });
  });

  it('knows a file that is not a database as damaged too', async () => {
    const { store } = sqliteStore();
    const event = await store.createEvent(CAMP, '2026-05-01T08:00:00.000Z');
    store.noteFailure(new Database.SqliteError('not a database', 'SQLITE_NOTADB'));
    await store.eventTransaction(event.id, async () => undefined);
    expect(await store.health()).toEqual({ ok: false, problem: 'SQLITE_NOTADB: not a database', damagedEvents: [] });
  });

  it('names damaged events and a passing failure together', async () => {
    const { store } = sqliteStore();
    const event = await store.createEvent(CAMP, '2026-05-01T08:00:00.000Z');
    store.noteFailure(new DamagedDataError(event.id, 'sessions.wishes'));
    store.noteFailure(new Database.SqliteError('disk full', 'SQLITE_FULL'));
    expect(await store.health()).toEqual({
      ok: false,
      problem: 'damaged data in event "camp" (sessions.wishes of a row is not valid JSON); SQLITE_FULL: disk full',
      damagedEvents: ['camp'],
    });
  });
});

describe('the PostgreSQL store alone', () => {
  async function database() {
    const made = await createTestDatabase();
    cleanups.push(() => made.drop());
    const raw = new pg.Pool({ connectionString: made.url, max: 2 });
    raw.on('error', () => undefined);
    cleanups.push(() => raw.end());
    const open = async (options?: Parameters<typeof PostgresStore.open>[1]) => {
      const store = await PostgresStore.open(made.url, options);
      cleanups.push(() => store.close());
      return store;
    };
    return { url: made.url, raw, open };
  }

  it('has the tables and columns of the SQLite schema, and each placement and block its order of writing', async () => {
    const { raw, open } = await database();
    await open();
    const sqlite = openDatabase(tempDb());
    cleanups.push(() => void sqlite.close());
    const tables = sqlite
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    const columnsOf = (table: string) => (sqlite.pragma(`table_info(${table})`) as Array<{ name: string }>).map((column) => column.name).sort();
    const sqliteColumns = Object.fromEntries(tables.map((table) => [table, columnsOf(table)]));
    const { rows } = await raw.query<{ table_name: string; column_name: string }>(
      // The adapter's table between processes (socket_io_attachments) and the budgets shared by
      // processes (rate_limits) are PostgreSQL's alone.
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN ('schema_migrations', 'socket_io_attachments', 'rate_limits')",
    );
    const postgresColumns: Record<string, string[]> = {};
    for (const row of rows) (postgresColumns[row.table_name] ??= []).push(row.column_name);
    for (const columns of Object.values(postgresColumns)) columns.sort();
    expect(postgresColumns).toEqual({
      ...sqliteColumns,
      placements: [...sqliteColumns.placements!, 'seq'].sort(),
      blocked_cells: [...sqliteColumns.blocked_cells!, 'seq'].sort(),
    });
  });

  it('holds a command’s event locked until it commits: the same event’s next command, from another process, waits and then reads its version', async () => {
    const { raw, open } = await database();
    const first = await open();
    const second = await open();
    const event = await first.createEvent(CAMP, '2026-05-01T08:00:00.000Z');
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Let go also when the test fails before it does: the pool ends only once its connections are back.
    cleanups.push(() => release());
    let entered!: () => void;
    const inFirst = new Promise<void>((resolve) => (entered = resolve));
    const firstDone = first.eventTransaction(event.id, async (tx) => {
      order.push(`first read version ${tx.version}`);
      entered();
      await held;
      await tx.appendLog(1, entry({ commandId: 'first' }), 'T1');
      order.push('first wrote version 1');
    });
    await inFirst;
    const secondDone = second.eventTransaction(event.id, async (tx) => {
      order.push(`second read version ${tx.version}`);
      await tx.appendLog(tx.version + 1, entry({ commandId: 'second' }), 'T2');
    });
    // PostgreSQL itself says the second waits for a lock, in its SELECT … FOR UPDATE.
    await vi.waitFor(
      async () => {
        const { rows } = await raw.query<{ n: number }>(
          "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'",
        );
        expect(rows[0]!.n).toBe(1);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(order).toEqual(['first read version 0']);
    release();
    await Promise.all([firstDone, secondDone]);
    expect(order).toEqual(['first read version 0', 'first wrote version 1', 'second read version 1']);
    expect(await first.logVersions(event.id)).toEqual([1, 2]);
    expect((await first.findEvent('camp'))!.version).toBe(2);
  });

  it('lets commands of different events run at once', async () => {
    const { open } = await database();
    const store = await open();
    const one = await store.createEvent(CAMP, '2026-05-01T08:00:00.000Z');
    const two = await store.createEvent({ ...CAMP, slug: 'two' }, '2026-05-01T08:00:00.000Z');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Let go also when the test fails before it does: the pool ends only once its connections are back.
    cleanups.push(() => release());
    let entered!: () => void;
    const inFirst = new Promise<void>((resolve) => (entered = resolve));
    const firstDone = store.eventTransaction(one.id, async (tx) => {
      entered();
      await held;
      await tx.appendLog(1, entry(), 'T1');
    });
    await inFirst;
    // The other event's command commits while the first one still holds its event.
    await store.eventTransaction(two.id, (tx) => tx.appendLog(1, entry(), 'T1'));
    expect(await store.logVersions(two.id)).toEqual([1]);
    expect(await store.logVersions(one.id)).toEqual([]);
    release();
    await firstDone;
    expect(await store.logVersions(one.id)).toEqual([1]);
  });

  /** The newest schema version of db/migrations-postgres/. */
  const LATEST = loadMigrations(path.resolve('db/migrations-postgres')).length;

  it('migrates once: a second start applies nothing', async () => {
    const { raw, open } = await database();
    const first = await open();
    expect(first.migration).toEqual({ from: 0, to: LATEST });
    const applied = (await raw.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).rows;
    expect(applied).toEqual(
      loadMigrations(path.resolve('db/migrations-postgres')).map(({ version, name }) => ({ version, name, applied_at: expect.any(Date) })),
    );
    await first.close();
    const second = await open();
    expect(second.migration).toEqual({ from: LATEST, to: LATEST });
    expect((await raw.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).rows).toEqual(applied);
  });

  it('migrates once when several processes start on a fresh database at the same time, and they share one secret', async () => {
    const { raw, open } = await database();
    const stores = await Promise.all([open(), open(), open()]);
    expect(stores.map((store) => store.migration).sort((a, b) => a.from - b.from)).toEqual([
      { from: 0, to: LATEST },
      { from: LATEST, to: LATEST },
      { from: LATEST, to: LATEST },
    ]);
    expect((await raw.query('SELECT COUNT(*)::int AS n FROM schema_migrations')).rows).toEqual([{ n: LATEST }]);
    expect(new Set(stores.map((store) => store.serverSecret().toString('hex'))).size).toBe(1);
    expect(new Set(stores.map((store) => store.pushKeys().privateKey)).size).toBe(1);
  });

  it('refuses a database newer than the code, saying what to do', async () => {
    const { raw, open } = await database();
    await (await open()).close();
    await raw.query("INSERT INTO schema_migrations (version, name) VALUES (999, '999-future.sql')");
    const refusal = open().catch((error: unknown) => error);
    expect(await refusal).toBeInstanceOf(DatabaseUnusableError);
    expect(String(await refusal)).toMatch(new RegExp(`schema version 999, but this Pitchboard knows only up to ${LATEST}\\. Update Pitchboard`));
    expect(String(await refusal)).toMatch(/Update Pitchboard, or point DATABASE_URL at another database\./);
  });

  it('applies a later migration in its own transaction, and none of a failing one', async () => {
    const { raw, open } = await database();
    const [schema] = loadMigrations(path.resolve('db/migrations-postgres'));
    await (await open({ migrations: [schema!] })).close();
    const broken = { version: 2, name: '002-broken.sql', sql: 'CREATE TABLE later (id integer); SELECT no_such_function();' };
    await expect(open({ migrations: [schema!, broken] })).rejects.toThrow(/no_such_function/);
    expect((await raw.query("SELECT to_regclass('later') AS later")).rows).toEqual([{ later: null }]);
    const fixed = { ...broken, sql: 'CREATE TABLE later (id integer);' };
    expect((await open({ migrations: [schema!, fixed] })).migration).toEqual({ from: 1, to: 2 });
    expect((await raw.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('says in one sentence when the server cannot be reached, naming host and port and never the password', async () => {
    const refusal = await PostgresStore.open('postgres://pitchboard:geheimes-wort@127.0.0.1:1/pitchboard').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DatabaseUnusableError);
    expect((refusal as Error).message).toBe('PostgreSQL is not reachable at 127.0.0.1:1 (ECONNREFUSED): start it, or fix the host and port in DATABASE_URL.');
  });

  it('says which database is missing, and never the password', async () => {
    const { url } = await database();
    const missing = new URL(url);
    missing.pathname = '/pitchboard_test_missing';
    missing.password = 'geheimes-wort';
    const refusal = await PostgresStore.open(missing.toString()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DatabaseUnusableError);
    expect((refusal as Error).message).toMatch(
      /has no such database \(database "pitchboard_test_missing" does not exist\): create it, or fix the database's name in DATABASE_URL\./,
    );
    expect((refusal as Error).message).not.toContain('geheimes-wort');
  });

  it('notes a connection the server ended until the next write succeeds, and what PostgreSQL reports as corrupted until restarted', async () => {
    const { raw, open } = await database();
    const store = await open();
    const event = await store.createEvent(CAMP, '2026-05-01T08:00:00.000Z');
    expect(await store.health()).toEqual({ ok: true });
    // An administrator (or a restart) ends the store's connections; the pool's idle ones report it.
    await raw.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    await vi.waitFor(async () => expect(await store.health()).toMatchObject({ ok: false, problem: expect.stringMatching(/^57P01: terminating connection/) }), {
      timeout: 10_000,
      interval: 20,
    });
    await store.eventTransaction(event.id, async () => undefined);
    expect(await store.health()).toEqual({ ok: true });
    const corrupted = Object.assign(new pg.DatabaseError('invalid page in block 7 of relation base/1/2', 0, 'error'), { code: 'XX001' });
    store.noteFailure(corrupted);
    await store.eventTransaction(event.id, async () => undefined);
    expect(await store.health()).toEqual({ ok: false, problem: 'XX001: invalid page in block 7 of relation base/1/2', damagedEvents: [] });
  });
});

describe('openDatabase', () => {
  it('creates the file with WAL, synchronous FULL, foreign keys and the latest schema', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    db.close();
  });

  it('refuses a database newer than the code, with a message that says what to do', () => {
    const file = tempDb();
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseUnusableError);
    expect(() => openDatabase(file)).toThrow(/schema version 999/);
    expect(() => openDatabase(file)).toThrow(file);
  });

  it('applies nothing twice', () => {
    const db = openDatabase(tempDb());
    expect(migrate(db)).toEqual({ from: loadMigrations().length, to: loadMigrations().length });
    db.close();
  });
});

describe('migration 007: hands not counted, taps', () => {
  it('turns the 0 of a database at version 6 into not counted and keeps every other count', async () => {
    const file = tempDb();
    const old = new Database(file);
    migrate(old, loadMigrations().slice(0, 6));
    expect(old.pragma('user_version', { simple: true })).toBe(6);
    const { lastInsertRowid: eventId } = old
      .prepare(
        "INSERT INTO events (slug, title, timezone, locale, facilitator_key_hash, created_at, version) VALUES ('alt', 'Alt', 'Europe/Berlin', 'de', 'h', 'T0', 1)",
      )
      .run();
    const addSession = old.prepare("INSERT INTO sessions (event_id, id, seq, title, host, interest, status) VALUES (?, ?, ?, ?, 'H', ?, 'pitched')");
    addSession.run(eventId, 's_zero', 1, 'Nie gezählt', 0);
    addSession.run(eventId, 's_five', 2, 'Fünf Hände', 5);
    addSession.run(eventId, 's_many', 3, 'Viele', 120);
    old
      .prepare(
        "INSERT INTO event_log (event_id, version, command, actor, events, created_at, inverse) VALUES (?, 1, 'session:interest', 'facilitator', ?, 'T1', ?)",
      )
      .run(
        eventId,
        JSON.stringify([{ type: 'session.interest_set', sessionId: 's_five', interest: 5 }]),
        JSON.stringify([{ type: 'session.interest_set', sessionId: 's_five', interest: 0 }]),
      );
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    const store = new SqliteStore(db);
    cleanups.push(() => store.close());
    const { board, version } = await store.loadBoard(Number(eventId));
    expect(version).toBe(1);
    expect(board.sessions.map((s) => [s.id, s.title, s.interest, s.taps])).toEqual([
      ['s_zero', 'Nie gezählt', null, 0],
      ['s_five', 'Fünf Hände', 5, 0],
      ['s_many', 'Viele', 120, 0],
    ]);
    // The log of before reads on: no change of it continues another.
    expect(await store.undoSteps(Number(eventId))).toEqual([{ version: 1, undoOf: null, redoOf: null, amends: null, undoable: true }]);
    expect(await store.recordTaps([{ eventId: Number(eventId), sessionId: 's_zero', device: 'phone-1', interested: true }])).toEqual([true]);
    expect((await store.loadBoard(Number(eventId))).board.sessions[0]).toMatchObject({ interest: null, taps: 1 });
  });
});

describe('loadMigrations', () => {
  function folder(files: string[]): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pitchboard-migrations-'));
    dirs.push(dir);
    for (const name of files) writeFileSync(path.join(dir, name), `-- ${name}`);
    return dir;
  }

  it('reads only numbered SQL files, in order', () => {
    const dir = folder(['002-second.sql', '001-first.sql', 'README.md', 'x001-note.sql', '003-copy.sql.bak', 'notes-001-a.sql']);
    expect(loadMigrations(dir)).toEqual([
      { version: 1, name: '001-first.sql', sql: '-- 001-first.sql' },
      { version: 2, name: '002-second.sql', sql: '-- 002-second.sql' },
    ]);
  });

  it('refuses a gap in the numbers', () => {
    const dir = folder(['001-first.sql', '003-third.sql']);
    expect(() => loadMigrations(dir)).toThrow('Migration 003-third.sql is out of sequence (expected 2).');
  });

  it('says how to get out of a database newer than the code', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${loadMigrations().length + 1}`);
    expect(() => migrate(db, loadMigrations())).toThrow(/Update Pitchboard, or point PITCHBOARD_DB at another file\./);
    db.close();
  });
});
