import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { DatabaseUnusableError, openDatabase } from '../../db/open.ts';
import { DEMO_SLUG, seedDemoIfEmpty } from '../../server/seed-demo.ts';
import { DamagedDataError, Store } from '../../db/store.ts';
import { applyAll } from '../../shared/apply.ts';
import { NO_WISHES } from '../../shared/board.ts';
import type { DomainEvent } from '../../shared/events.ts';
import { secretMatches } from '../../server/auth.ts';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pitchboard-store-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
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

describe('the demo seed', () => {
  it('creates the Bochum barcamp once, with six unplaced sessions, and keeps only the key hash', () => {
    const file = tempDb();
    const db = openDatabase(file);
    const store = new Store(db);
    const demo = seedDemoIfEmpty(store)!;
    expect(demo.slug).toBe(DEMO_SLUG);
    expect(seedDemoIfEmpty(store)).toBeUndefined();

    const event = store.findEvent(DEMO_SLUG)!;
    expect(event.keyHash).not.toContain(demo.key);
    expect(secretMatches(demo.key, event.keyHash)).toBe(true);
    const { board, version } = store.loadBoard(event.id);
    expect(version).toBe(0);
    expect(board.event).toMatchObject({ title: 'Barcamp Digitalisierung, Bochum', locale: 'de', timezone: 'Europe/Berlin' });
    expect(board.days).toHaveLength(1);
    expect(board.rooms.map((r) => r.capacity)).toEqual([80, 30, 20, 12]);
    expect(board.slots.map((s) => `${s.kind}:${s.start}`)).toEqual(['session:10:00', 'session:11:00', 'break:12:00', 'session:13:00', 'session:14:00']);
    expect(board.slots.find((s) => s.kind === 'break')!.label).toBe('Mittagspause');
    expect(board.sessions.map((s) => s.title)).toEqual([
      'E-Akte-Einführung',
      'DMS-Einführung',
      'Netzwerke und Synergien nutzen',
      'Kulturwandel in der Verwaltung',
      'Hybrid arbeiten: analog und digital',
      'Von Leuchtturmprojekten lernen',
    ]);
    expect(board.sessions.every((s) => s.host.length > 0 && s.status === 'pitched')).toBe(true);
    expect(board.placements).toEqual([]);
    expect(board.pitch.queue).toEqual(board.sessions.map((s) => s.id));
    expect(board.pitch.current).toBeNull();
    db.close();
  });
});

describe('Store.writeChange', () => {
  it('writes every event kind so that a reload equals apply', () => {
    const db = openDatabase(tempDb());
    const store = new Store(db);
    seedDemoIfEmpty(store);
    const event = store.findEvent(DEMO_SLUG)!;
    const before = store.loadBoard(event.id).board;
    const [a, b] = before.sessions;
    const [room1, room2] = before.rooms;
    const [slot1] = before.slots;
    const events: DomainEvent[] = [
      {
        type: 'session.submitted',
        session: {
          id: 's_new',
          title: 'Neu',
          host: 'Ich',
          description: 'd',
          tags: ['x'],
          interest: 0,
          taps: 0,
          revision: 1,
          status: 'pitched',
          wishes: NO_WISHES,
        },
      },
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
    store.transaction(() => store.writeChange(event.id, before, expected));
    expect(store.loadBoard(event.id).board).toEqual(expected);
    db.close();
  });

  it('writes the frame events (days, rooms, slots, blocks, double sessions) so that a reload equals apply', () => {
    const db = openDatabase(tempDb());
    const store = new Store(db);
    seedDemoIfEmpty(store);
    const event = store.findEvent(DEMO_SLUG)!;
    let board = store.loadBoard(event.id).board;
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
      store.transaction(() => store.writeChange(event.id, board, next));
      expect(store.loadBoard(event.id).board, JSON.stringify(events[0])).toEqual(next);
      board = next;
    }
    db.close();
  });

  it('writes any difference between two boards, also one no command makes today (a session gone with its placement)', () => {
    const db = openDatabase(tempDb());
    const store = new Store(db);
    seedDemoIfEmpty(store);
    const event = store.findEvent(DEMO_SLUG)!;
    const before = store.loadBoard(event.id).board;
    const [gone, kept] = before.sessions;
    const placed = applyAll(before, [
      { type: 'session.placed', sessionId: gone!.id, roomId: before.rooms[0]!.id, slotId: before.slots[0]!.id },
      { type: 'session.placed', sessionId: kept!.id, roomId: before.rooms[1]!.id, slotId: before.slots[0]!.id },
    ]);
    store.writeChange(event.id, before, placed);
    const after = {
      ...placed,
      sessions: placed.sessions.filter((s) => s.id !== gone!.id),
      placements: placed.placements.filter((p) => p.sessionId !== gone!.id),
      pitch: { ...placed.pitch, queue: placed.pitch.queue.filter((id) => id !== gone!.id) },
    };
    store.writeChange(event.id, placed, after);
    expect(store.loadBoard(event.id).board).toEqual(after);
    db.close();
  });

  it('the database itself refuses two sessions in one cell', () => {
    const db = openDatabase(tempDb());
    const store = new Store(db);
    seedDemoIfEmpty(store);
    const event = store.findEvent(DEMO_SLUG)!;
    const { board } = store.loadBoard(event.id);
    const cell = { roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id };
    const placed = applyAll(board, [{ type: 'session.placed', sessionId: board.sessions[0]!.id, ...cell }]);
    store.writeChange(event.id, board, placed);
    // A board that apply never makes: two sessions in one cell.
    const twice = { ...placed, placements: [...placed.placements, { sessionId: board.sessions[1]!.id, ...cell }] };
    expect(() => store.writeChange(event.id, placed, twice)).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('Store: the log, giver tokens and failures', () => {
  function demoStore() {
    const db = openDatabase(tempDb());
    const store = new Store(db);
    seedDemoIfEmpty(store);
    return { db, store, event: store.findEvent(DEMO_SLUG)! };
  }

  it('reads back each logged change as written: result, inverse, undo and redo links, undoable', () => {
    const { db, store, event } = demoStore();
    const placed: DomainEvent = { type: 'session.interest_set', sessionId: 'x', interest: 3 };
    const unplaced: DomainEvent = { type: 'session.interest_set', sessionId: 'x', interest: 0 };
    store.appendLog(
      event.id,
      1,
      { commandId: 'c1', command: 'session:interest', actor: 'facilitator', events: [placed], result: { ok: 1 }, inverse: [unplaced], device: 'phone-a' },
      'T1',
    );
    store.appendLog(event.id, 2, { commandId: 'c2', command: 'board:undo', actor: 'facilitator', events: [unplaced], result: undefined, undoOf: 1 }, 'T2');
    store.appendLog(
      event.id,
      3,
      { commandId: null, command: 'board:redo', actor: 'facilitator', events: [placed], result: undefined, inverse: [unplaced], redoOf: 2 },
      'T3',
    );
    store.appendLog(event.id, 4, { commandId: 'c4', command: 'session:submit', actor: 'attendee', events: [placed], result: undefined }, 'T4');
    // A count that continues the one before: one step with it, one line of the history.
    store.appendLog(
      event.id,
      5,
      { commandId: 'c5', command: 'session:interest', actor: 'facilitator', events: [placed], result: undefined, inverse: [unplaced] },
      'T5',
    );
    store.appendLog(
      event.id,
      6,
      { commandId: 'c6', command: 'session:interest', actor: 'facilitator', events: [placed], result: undefined, inverse: [unplaced], amends: 5 },
      'T6',
    );

    expect(store.undoSteps(event.id)).toEqual([
      { version: 1, undoOf: null, redoOf: null, amends: null, undoable: true },
      { version: 2, undoOf: 1, redoOf: null, amends: null, undoable: false },
      { version: 3, undoOf: null, redoOf: 2, amends: null, undoable: true },
      { version: 5, undoOf: null, redoOf: null, amends: null, undoable: true },
      { version: 6, undoOf: null, redoOf: null, amends: 5, undoable: true },
    ]);
    expect(store.history(event.id, 7, 3).map((c) => c.version)).toEqual([6, 4, 3]);
    expect(store.change(event.id, 6)?.amends).toBe(5);
    expect(store.findLoggedCommand(event.id, 'c1')).toEqual({
      version: 1,
      result: { ok: 1 },
      command: 'session:interest',
      actor: 'facilitator',
      device: 'phone-a',
    });
    expect(store.findLoggedCommand(event.id, 'c2')).toEqual({ version: 2, result: undefined, command: 'board:undo', actor: 'facilitator', device: null });
    expect(store.change(event.id, 2)).toEqual({
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
    expect(store.history(event.id, 4, 2).map((c) => c.version)).toEqual([3, 2]);
    expect(store.logVersions(event.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.loadBoard(event.id).version).toBe(6);
    db.close();
  });

  it('keeps one tap per session and device, says whether a tap changed anything, and counts them per session', () => {
    const { db, store, event } = demoStore();
    const [a, b] = store.loadBoard(event.id).board.sessions;
    const set = (sessionId: string, device: string, interested: boolean) => store.transaction(() => store.setTap(event.id, sessionId, device, interested));
    expect(set(a!.id, 'phone-1', true)).toBe(true);
    expect(set(a!.id, 'phone-1', true)).toBe(false);
    expect(set(a!.id, 'phone-2', true)).toBe(true);
    expect(set(b!.id, 'phone-1', true)).toBe(true);
    expect(set(b!.id, 'phone-3', false)).toBe(false);
    expect(store.loadBoard(event.id).board.sessions.map((s) => s.taps)).toEqual([2, 1, 0, 0, 0, 0]);
    expect(set(a!.id, 'phone-1', false)).toBe(true);
    expect(set(a!.id, 'phone-1', false)).toBe(false);
    expect(store.loadBoard(event.id).board.sessions.map((s) => s.taps)).toEqual([1, 1, 0, 0, 0, 0]);
    // A tap is no change of the plan: the version and the log stay as they were.
    expect(store.loadBoard(event.id).version).toBe(0);
    expect(store.logVersions(event.id)).toEqual([]);
    // An event deleted (its sessions with it) leaves no taps behind.
    store.deleteEvent(event.id);
    expect(db.prepare('SELECT COUNT(*) AS n FROM session_taps').get()).toEqual({ n: 0 });
    db.close();
  });

  it('answers null for a session without a giver token, and an error for an event that does not exist', () => {
    const { db, store, event } = demoStore();
    const [first] = store.loadBoard(event.id).board.sessions;
    expect(store.giverTokenHash(event.id, 'no-such-session')).toBeNull();
    expect(store.giverTokenHash(event.id, first!.id)).toBeNull();
    store.setGiverTokenHash(event.id, first!.id, 'hash');
    expect(store.giverTokenHash(event.id, first!.id)).toBe('hash');
    expect(() => store.loadBoard(event.id + 100)).toThrow(`No event with id ${event.id + 100}`);
    db.close();
  });

  it('returns the event it created, with version 0', () => {
    const { db, store, event } = demoStore();
    expect(event.version).toBe(0);
    const created = store.createEvent(
      { slug: 'zwei', title: 'Zwei', timezone: 'Europe/Berlin', locale: 'en', keyHash: 'h', days: [], rooms: [], slots: [] },
      '2026-11-29T10:00:00Z',
    );
    expect(created).toEqual({ id: store.findEvent('zwei')!.id, slug: 'zwei', keyHash: 'h', version: 0 });
    expect(store.countEvents()).toBe(2);
    db.close();
  });

  it('keeps a damaged file noted after later writes succeed, but clears a passing failure', () => {
    const { db, store } = demoStore();
    expect(store.health()).toEqual({ ok: true });
    store.noteFailure(new Error('not from SQLite'));
    expect(store.health()).toEqual({ ok: true });
    store.noteFailure(new Database.SqliteError('disk full', 'SQLITE_FULL'));
    expect(store.health()).toEqual({ ok: false, problem: 'SQLITE_FULL: disk full', damagedEvents: [] });
    store.transaction(() => undefined);
    expect(store.health()).toEqual({ ok: true });
    store.noteFailure(new Database.SqliteError('bad page', 'SQLITE_CORRUPT_INDEX'));
    store.noteFailure(new Database.SqliteError('later', 'SQLITE_NOTADB'));
    store.transaction(() => undefined);
    expect(store.health()).toEqual({ ok: false, problem: 'SQLITE_CORRUPT_INDEX: bad page', damagedEvents: [] });
    db.close();
  });

  it('names an event whose stored JSON does not parse, and the column, never what the row holds; until restarted', () => {
    const { db, store, event } = demoStore();
    db.prepare('UPDATE sessions SET wishes = \'{"geheim": \' WHERE event_id = ? AND seq = 2').run(event.id);
    let met: unknown;
    try {
      store.loadBoard(event.id);
    } catch (error) {
      met = error;
    }
    expect(met).toBeInstanceOf(DamagedDataError);
    expect(met).toMatchObject({
      eventId: event.id,
      where: 'sessions.wishes',
      message: `The stored sessions.wishes of event ${event.id} is damaged: it is not valid JSON.`,
    });
    expect(store.health()).toEqual({ ok: true });
    store.noteFailure(met);
    store.noteFailure(new DamagedDataError(event.id, 'event_log.events'));
    store.noteFailure(new Database.SqliteError('disk full', 'SQLITE_FULL'));
    expect(store.health()).toEqual({
      ok: false,
      problem: `damaged data in event "${DEMO_SLUG}" (sessions.wishes of a row is not valid JSON); SQLITE_FULL: disk full`,
      damagedEvents: [DEMO_SLUG],
    });
    // A write that succeeds does not make damaged data sound.
    store.transaction(() => undefined);
    expect(store.health()).toMatchObject({ ok: false, damagedEvents: [DEMO_SLUG] });
    expect(JSON.stringify(store.health())).not.toContain('geheim');
    db.close();
  });

  it('knows a file that is not a database as damaged too', () => {
    const { db, store } = demoStore();
    store.noteFailure(new Database.SqliteError('not a database', 'SQLITE_NOTADB'));
    store.transaction(() => undefined);
    expect(store.health()).toEqual({ ok: false, problem: 'SQLITE_NOTADB: not a database', damagedEvents: [] });
    db.close();
  });
});

describe('Store: a phone’s star feed', () => {
  const AT = new Date('2026-05-09T08:00:00Z');

  it('keeps the stars a phone told last, by the hash of its feed id, and no row for no stars', () => {
    const db = openDatabase(':memory:');
    const store = new Store(db);
    seedDemoIfEmpty(store);
    const eventId = store.findEvent(DEMO_SLUG)!.id;
    expect(store.starFeed(eventId, 'hash-a')).toEqual([]);
    expect(store.saveStarFeed(eventId, 'hash-a', ['s2', 's1'], 10, AT)).toBe(true);
    expect(store.starFeed(eventId, 'hash-a')).toEqual(['s2', 's1']);
    expect(store.saveStarFeed(eventId, 'hash-a', ['s3'], 10, AT)).toBe(true);
    expect(store.starFeed(eventId, 'hash-a')).toEqual(['s3']);
    expect(db.prepare('SELECT feed_hash, sessions, updated_at FROM star_feeds').all()).toEqual([
      { feed_hash: 'hash-a', sessions: 's3', updated_at: '2026-05-09T08:00:00.000Z' },
    ]);
    expect(store.saveStarFeed(eventId, 'hash-a', [], 10, AT)).toBe(true);
    expect(store.starFeed(eventId, 'hash-a')).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM star_feeds').get()).toEqual({ n: 0 });
  });

  it('keeps a new feed only while the event has fewer than its most; the feeds it has go on', () => {
    const store = new Store(openDatabase(':memory:'));
    seedDemoIfEmpty(store);
    const eventId = store.findEvent(DEMO_SLUG)!.id;
    expect(store.saveStarFeed(eventId, 'one', ['s1'], 2, AT)).toBe(true);
    expect(store.saveStarFeed(eventId, 'two', ['s1'], 2, AT)).toBe(true);
    expect(store.saveStarFeed(eventId, 'three', ['s1'], 2, AT)).toBe(false);
    expect(store.starFeed(eventId, 'three')).toEqual([]);
    expect(store.saveStarFeed(eventId, 'two', ['s1', 's2'], 2, AT)).toBe(true);
    expect(store.starFeed(eventId, 'two')).toEqual(['s1', 's2']);
    // One emptied makes room.
    expect(store.saveStarFeed(eventId, 'one', [], 2, AT)).toBe(true);
    expect(store.saveStarFeed(eventId, 'three', ['s1'], 2, AT)).toBe(true);
  });
});

describe('migration 007: hands not counted, taps', () => {
  it('turns the 0 of a database at version 6 into not counted and keeps every other count', () => {
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
    const store = new Store(db);
    const { board, version } = store.loadBoard(Number(eventId));
    expect(version).toBe(1);
    expect(board.sessions.map((s) => [s.id, s.title, s.interest, s.taps])).toEqual([
      ['s_zero', 'Nie gezählt', null, 0],
      ['s_five', 'Fünf Hände', 5, 0],
      ['s_many', 'Viele', 120, 0],
    ]);
    // The log of before reads on: no change of it continues another.
    expect(store.undoSteps(Number(eventId))).toEqual([{ version: 1, undoOf: null, redoOf: null, amends: null, undoable: true }]);
    expect(store.transaction(() => store.setTap(Number(eventId), 's_zero', 'phone-1', true))).toBe(true);
    expect(store.loadBoard(Number(eventId)).board.sessions[0]).toMatchObject({ interest: null, taps: 1 });
    db.close();
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
