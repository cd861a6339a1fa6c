// The one writer, against a real SQLite database in memory: what a command leaves behind when it
// commits, when it fails halfway, and who may do what.
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { openDatabase } from '../../db/open.ts';
import { Store } from '../../db/store.ts';
import { hashSecret } from '../../server/auth.ts';
import { checkQuery, CommandWriter, type Principal, type Tap } from '../../server/writer.ts';
import { commandError } from '../../shared/errors.ts';
import { createEvent } from '../../server/create-event.ts';
import { TEST_EVENT } from '../helpers/server.ts';

let db: ReturnType<typeof openDatabase>;
let store: Store;
let writer: CommandWriter;
let facilitator: Principal;
let attendee: Principal;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = new Store(db);
  const { slug } = createEvent(store, TEST_EVENT);
  const eventId = store.findEvent(slug)!.id;
  writer = new CommandWriter(store);
  facilitator = { eventId, isFacilitator: true };
  attendee = { eventId, isFacilitator: false };
});

const firstCell = () => {
  const { board } = writer.snapshot(facilitator.eventId);
  return { sessionId: board.sessions[0]!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id };
};

/** Every text stored in the database, table by table: where a secret must never be. */
function everythingStored(): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
}

describe('the writer', () => {
  it('serializes the board over HTTP once per version for every screen that asks, and anew after a change', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    const boardsSerialized = () => stringify.mock.calls.filter(([value]) => (value as Partial<Board>)?.sessions !== undefined).length;
    const boardText = () => writer.boardAnswer(facilitator.eventId).json();
    const first = JSON.parse(boardText());
    for (let i = 0; i < 50; i++) boardText();
    expect(boardsSerialized()).toBe(1);
    const { serverTime: _time, ...snapshot } = writer.snapshot(facilitator.eventId);
    expect(first).toEqual(snapshot);
    expect(writer.execute(facilitator, 'session:place', firstCell()).ack.ok).toBe(true);
    const after = JSON.parse(boardText());
    expect(boardsSerialized()).toBe(2);
    expect(after.version).toBe(1);
    expect(after.board).toEqual(writer.snapshot(facilitator.eventId).board);
    stringify.mockRestore();
  });

  it('writes the state and the log in one transaction: a failing log write leaves both as they were', () => {
    const before = store.loadBoard(facilitator.eventId);
    const appendLog = store.appendLog.bind(store);
    store.appendLog = () => {
      throw new Error('disk full');
    };
    expect(() => writer.execute(facilitator, 'session:place', firstCell())).toThrow('disk full');
    expect(store.loadBoard(facilitator.eventId)).toEqual(before);
    expect(store.logVersions(facilitator.eventId)).toEqual([]);
    // The board it serves did not move on either, and the next try lands as version 1.
    expect(writer.snapshot(facilitator.eventId).version).toBe(0);
    store.appendLog = appendLog;
    expect(writer.execute(facilitator, 'session:place', firstCell()).ack).toMatchObject({ ok: true, version: 1 });
    expect(store.loadBoard(facilitator.eventId).board.placements).toHaveLength(1);
  });

  it('lets only the facilitator undo, redo and place', () => {
    writer.execute(facilitator, 'session:place', firstCell());
    for (const name of ['board:undo', 'session:place', 'session:unplace']) {
      const payload = name === 'board:undo' ? {} : name === 'session:place' ? firstCell() : { sessionId: firstCell().sessionId };
      expect(writer.execute(attendee, name, payload).ack, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(writer.execute(facilitator, 'board:undo', {}).ack).toMatchObject({ ok: true });
    expect(writer.execute(attendee, 'board:redo', {}).ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(store.logVersions(facilitator.eventId)).toEqual([1, 2]);
  });

  it('undoes a room removal after a reorder into the old order, positions 0, 1, 2, … as a reload reads them', () => {
    const rooms = () => writer.snapshot(facilitator.eventId).board.rooms;
    const ordered = (list: Board['rooms']) => [...list].sort((a, b) => a.position - b.position).map((r) => `${r.name}@${r.position}`);
    const before = ordered(rooms());
    expect(before.length).toBeGreaterThanOrEqual(3);
    const [, second, third] = [...rooms()].sort((a, b) => a.position - b.position);
    const steps: Array<[string, object]> = [
      ['room:remove', { roomId: second!.id }],
      ['room:move', { roomId: third!.id, toIndex: 0 }],
      ['board:undo', {}],
      ['board:undo', {}],
    ];
    for (const [name, payload] of steps) {
      expect(writer.execute(facilitator, name, payload).ack, name).toMatchObject({ ok: true });
      const live = rooms();
      // Never two rooms on one position, and the file says the same as the writer's board.
      expect(new Set(live.map((r) => r.position)).size, name).toBe(live.length);
      expect(ordered(store.loadBoard(facilitator.eventId).board.rooms), name).toEqual(ordered(live));
    }
    expect(ordered(rooms())).toEqual(before);
  });

  it('refuses a live change that would break the frame, naming why, and changes nothing', () => {
    const before = writer.snapshot(facilitator.eventId);
    const sessionSlots = before.board.slots.filter((s) => s.kind === 'session');
    for (const slot of sessionSlots.slice(1)) expect(writer.execute(facilitator, 'slot:remove', { slotId: slot.id }).ack.ok).toBe(true);
    const last = writer.snapshot(facilitator.eventId);
    const refused = writer.execute(facilitator, 'slot:remove', { slotId: sessionSlots[0]!.id });
    expect(refused.ack).toEqual({ ok: false, error: { code: 'invalid', message: 'An event needs at least one session slot.' } });
    expect(refused.broadcast).toBeUndefined();
    expect(writer.execute(facilitator, 'slot:update', { slotId: sessionSlots[0]!.id, kind: 'break' }).ack).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(writer.snapshot(facilitator.eventId).board).toEqual(last.board);
    expect(store.loadBoard(facilitator.eventId).board).toEqual(last.board);
    expect(store.logVersions(facilitator.eventId)).toHaveLength(sessionSlots.length - 1);
  });

  it('keeps an event that an older version let in usable: only problems a change adds are refused', () => {
    // Two days on one date, as an import before the one check could leave them.
    const { slug } = createEvent(store, { ...TEST_EVENT, slug: 'twin-days', dates: ['2026-05-09', '2026-05-10'] });
    const eventId = store.findEvent(slug)!.id;
    db.prepare("UPDATE days SET date = '2026-05-09' WHERE event_id = ?").run(eventId);
    const old: Principal = { eventId, isFacilitator: true };
    const twin = new CommandWriter(store);
    expect(twin.snapshot(eventId).board.days.map((d) => d.date)).toEqual(['2026-05-09', '2026-05-09']);
    const { sessions, rooms, slots } = twin.snapshot(eventId).board;
    expect(twin.execute(old, 'session:place', { sessionId: sessions[0]!.id, roomId: rooms[0]!.id, slotId: slots[0]!.id }).ack.ok).toBe(true);
    const [kept, ...others] = slots.filter((s) => s.kind === 'session');
    for (const slot of others) expect(twin.execute(old, 'slot:remove', { slotId: slot.id }).ack.ok).toBe(true);
    expect(twin.execute(old, 'slot:remove', { slotId: kept!.id }).ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('keeps giver tokens and the facilitator key out of every table, storing only their hashes', () => {
    // The ids the secrets are derived from (for retries) are as secret: only their hashes stay.
    const submitId = randomBytes(16).toString('hex');
    const rotateId = randomBytes(16).toString('hex');
    const submitted = writer.execute(attendee, 'session:submit', { title: 'Geheim?', host: 'G', commandId: submitId }).ack;
    const token = submitted.ok ? (submitted.data as { token: string }).token : '';
    const rotated = writer.execute(facilitator, 'event:rotate-key', { commandId: rotateId }).ack;
    const key = rotated.ok ? (rotated.data as { key: string }).key : '';
    expect(token.length).toBeGreaterThanOrEqual(22);
    expect(key.length).toBeGreaterThanOrEqual(22);
    const stored = everythingStored();
    expect(stored).not.toContain(submitId);
    expect(stored).not.toContain(rotateId);
    for (const secret of [token, key]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('hex'));
      expect(stored).toContain(hashSecret(secret));
    }
    // The hash is a one-way digest, not an encoding of the secret.
    expect(hashSecret(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(token)).not.toBe(hashSecret(`${token}x`));
  });
});

describe('taps of phones', () => {
  const sessionIds = () => writer.snapshot(facilitator.eventId).board.sessions.map((s) => s.id);
  const tapsOfFirst = () => writer.snapshot(facilitator.eventId).board.sessions[0]!.taps;
  /** A phone's tap as checkTap lets it through. */
  function tap(device: string, interested = true, sessionId = sessionIds()[0]!): Tap {
    const checked = writer.checkTap(attendee, device, { sessionId, interested });
    if ('ok' in checked) throw new Error(`refused: ${JSON.stringify(checked)}`);
    return checked;
  }
  const countsAfter = (...taps: Tap[]) => writer.recordTaps(taps).get(facilitator.eventId);

  it('counts a device once, two devices twice, a tap taken back once; no version, no log, no undo', () => {
    const [s1, s2, s3] = sessionIds();
    expect(writer.recordTaps([tap('phone-a')])).toEqual(new Map([[facilitator.eventId, new Map([[s1, 1]])]]));
    expect(countsAfter(tap('phone-a'))).toEqual(new Map([[s1, 1]]));
    expect(countsAfter(tap('phone-b'))).toEqual(new Map([[s1, 2]]));
    expect(countsAfter(tap('phone-a', false))).toEqual(new Map([[s1, 1]]));
    expect(countsAfter(tap('phone-a', false))).toEqual(new Map([[s1, 1]]));
    expect(countsAfter(tap('never-tapped', false))).toEqual(new Map([[s1, 1]]));
    // Within one batch too: a device's second tap is no second count.
    expect(countsAfter(tap('phone-c', true, s2!), tap('phone-c', true, s2!), tap('phone-d', true, s2!), tap('phone-d', false, s2!))).toEqual(
      new Map([[s2, 1]]),
    );
    expect(writer.tapsOf(facilitator.eventId)).toEqual({ [s1!]: 1, [s2!]: 1, [s3!]: 0 });
    // The file says the same as the writer's board.
    expect(store.loadBoard(facilitator.eventId).board.sessions.map((s) => s.taps)).toEqual([1, 1, 0]);
    expect(writer.snapshot(facilitator.eventId)).toMatchObject({ version: 0, undo: { canUndo: false, canRedo: false } });
    expect(store.logVersions(facilitator.eventId)).toEqual([]);
    expect(writer.history(facilitator, {})).toMatchObject({ ok: true, version: 0, data: { entries: [] } });
  });

  it('shows new counts in the next snapshot and warnings, though the version stays', () => {
    const [s1] = sessionIds();
    const roomB = writer.snapshot(facilitator.eventId).board.rooms.find((r) => r.capacity === 20)!;
    const slot = writer.snapshot(facilitator.eventId).board.slots[0]!;
    expect(writer.execute(facilitator, 'session:place', { sessionId: s1, roomId: roomB.id, slotId: slot.id }).ack.ok).toBe(true);
    expect(writer.snapshot(facilitator.eventId).board.sessions[0]!.taps).toBe(0);
    expect(writer.warnings(facilitator)).toMatchObject({ ok: true, data: { warnings: [] } });
    // 21 phones for 20 seats: no hands counted yet, so the taps are the interest planned with.
    writer.recordTaps(Array.from({ length: 21 }, (_, i) => tap(`phone-${i}`)));
    const snapshot = writer.snapshot(facilitator.eventId);
    expect([snapshot.version, snapshot.board.sessions[0]]).toMatchObject([1, { id: s1, interest: null, taps: 21 }]);
    expect(writer.warnings(facilitator)).toMatchObject({ ok: true, version: 1, data: { warnings: [{ kind: 'over_capacity', sessionIds: [s1] }] } });
  });

  it('writes a batch in one transaction: a failure halfway records none of it', () => {
    const transaction = vi.spyOn(store, 'transaction');
    writer.recordTaps([tap('phone-a'), tap('phone-b'), tap('phone-c')]);
    expect(transaction).toHaveBeenCalledTimes(1);
    const setTap = store.setTap.bind(store);
    let calls = 0;
    store.setTap = (...args) => {
      if (++calls === 2) throw new Error('disk full');
      return setTap(...args);
    };
    expect(() => writer.recordTaps([tap('phone-d'), tap('phone-e')])).toThrow('disk full');
    expect(store.loadBoard(facilitator.eventId).board.sessions[0]!.taps).toBe(3);
    expect(tapsOfFirst()).toBe(3);
    store.setTap = setTap;
    expect(
      writer
        .recordTaps([tap('phone-d'), tap('phone-e')])
        .get(facilitator.eventId)
        ?.get(sessionIds()[0]!),
    ).toBe(5);
    transaction.mockRestore();
  });

  it('lets a phone tap only a session that is pitched, and says why not', () => {
    const [s1, , s3] = sessionIds();
    expect(writer.execute(facilitator, 'session:withdraw', { sessionId: s3 }).ack.ok).toBe(true);
    expect(writer.checkTap(attendee, 'phone-a', { sessionId: 's_nope', interested: true })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no such session.' },
    });
    expect(writer.checkTap(attendee, 'phone-a', { sessionId: s3!, interested: true })).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'A withdrawn session takes no interest.' },
    });
    expect(writer.checkTap(attendee, 'phone-a', { sessionId: s1!, interested: false, commandId: 'c-1' })).toEqual({
      eventId: facilitator.eventId,
      sessionId: s1,
      device: 'phone-a',
      interested: false,
    });
  });

  it('checks a question against its schema and names what is wrong', () => {
    for (const payload of [{ sessionId: 's1', interested: 'yes' }, { sessionId: 's1' }, { sessionId: 's1', interested: true, extra: 1 }, null]) {
      expect(checkQuery('session:interested', payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(checkQuery('board:sync', 'x')).toEqual({ ok: false, error: commandError('invalid', 'The payload must be an object.') });
    expect(checkQuery('board:history', { limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^Invalid limit: /) },
    });
    expect(checkQuery('session:interested', { sessionId: 's1', interested: true })).toEqual({ payload: { sessionId: 's1', interested: true } });
  });
});

describe('hands counted in a row', () => {
  let now: number;
  let counting: CommandWriter;
  beforeEach(() => {
    now = Date.parse('2026-05-09T09:00:00Z');
    counting = new CommandWriter(store, () => new Date(now));
  });
  const sessionAt = (index: number, by = counting) => by.snapshot(facilitator.eventId).board.sessions[index]!;
  /** The facilitator counts the hands of the index-th session, `afterMs` after the change before. */
  function count(interest: number, { afterMs = 2000, index = 0, by = counting } = {}) {
    now += afterMs;
    expect(by.execute(facilitator, 'session:interest', { sessionId: sessionAt(index, by).id, interest }).ack).toMatchObject({ ok: true });
  }
  const undo = (by = counting) => by.execute(facilitator, 'board:undo', {}).ack;
  const redo = (by = counting) => by.execute(facilitator, 'board:redo', {}).ack;
  const nothingToUndo = { ok: false, error: { code: 'invalid', message: 'There is nothing to undo.' } };
  function history(by = counting) {
    const ack = by.history(facilitator, {});
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data!.entries;
  }
  const interestSet = (sessionId: string, interest: number | null) => [{ type: 'session.interest_set', sessionId, interest }];

  it('five counts in a row are one line of the history and one undo, back to not counted', () => {
    const { id } = sessionAt(0);
    for (let hands = 1; hands <= 5; hands++) count(hands);
    // Each count is still a version of its own, sent to every screen.
    expect(store.logVersions(facilitator.eventId)).toEqual([1, 2, 3, 4, 5]);
    expect(history()).toEqual([
      {
        version: 5,
        at: new Date(now).toISOString(),
        actor: 'facilitator',
        command: 'session:interest',
        events: interestSet(id, 5),
        inverse: interestSet(id, null),
        undoOf: null,
        redoOf: null,
      },
    ]);
    expect(undo()).toMatchObject({ ok: true, version: 6 });
    expect(sessionAt(0).interest).toBeNull();
    expect(store.loadBoard(facilitator.eventId).board.sessions[0]!.interest).toBeNull();
    expect(undo()).toEqual(nothingToUndo);
    expect(counting.snapshot(facilitator.eventId).undo).toEqual({ canUndo: false, canRedo: true });
  });

  it('takes a run back to the count before it, also a count of 0', () => {
    const { id } = sessionAt(0);
    count(0);
    count(2, { afterMs: 60_000 });
    count(3);
    expect(history().map((entry) => entry.inverse)).toEqual([interestSet(id, 0), interestSet(id, null)]);
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBe(0);
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBeNull();
  });

  it('a count more than 10 s after the one before is a step of its own; 10 s is still the same step', () => {
    count(3);
    count(4, { afterMs: 10_000 });
    count(6, { afterMs: 10_001 });
    expect(history().map((entry) => entry.version)).toEqual([3, 2]);
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBe(4);
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBeNull();
    expect(undo()).toEqual(nothingToUndo);
  });

  it("ends a run at any other change in between: another session's count, a placement, a giver's new session", () => {
    const board = counting.snapshot(facilitator.eventId).board;
    count(2);
    count(1, { index: 1 });
    count(3);
    expect(counting.execute(facilitator, 'session:place', { sessionId: sessionAt(2).id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id }).ack.ok).toBe(
      true,
    );
    count(5);
    expect(counting.execute(attendee, 'session:submit', { title: 'Dazwischen', host: 'Gabi' }).ack.ok).toBe(true);
    count(6);
    // Every change a line of its own: six of the facilitator, one of the giver.
    expect(history()).toHaveLength(7);
    const undone: Array<[number | null, number | null, number]> = [];
    for (let i = 0; i < 6; i++) {
      expect(undo(), `undo ${i + 1}`).toMatchObject({ ok: true });
      undone.push([sessionAt(0).interest, sessionAt(1).interest, counting.snapshot(facilitator.eventId).board.placements.length]);
    }
    expect(undone).toEqual([
      [5, 1, 1],
      [3, 1, 1],
      [3, 1, 0],
      [2, 1, 0],
      [2, null, 0],
      [null, null, 0],
    ]);
    expect(undo()).toEqual(nothingToUndo);
  });

  it('while the session is at the microphone, counts minutes apart are one step; another session’s are not', () => {
    expect(counting.execute(facilitator, 'pitch:start', {}).ack.ok).toBe(true);
    const atMicrophone = counting.snapshot(facilitator.eventId).board.pitch.current;
    expect(atMicrophone).toBe(sessionAt(0).id);
    count(3);
    count(7, { afterMs: 60_000 });
    count(9, { afterMs: 120_000 });
    count(1, { index: 1 });
    count(2, { index: 1, afterMs: 60_000 });
    expect(history().map((entry) => entry.command)).toEqual(['session:interest', 'session:interest', 'session:interest', 'pitch:start']);
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(1).interest).toBe(1);
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(1).interest).toBeNull();
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBeNull();
    expect(undo()).toEqual(nothingToUndo);
  });

  it('after an undo a new count is a new step; a run undone is redone whole, as often as asked', () => {
    count(1);
    count(2);
    count(3);
    expect(undo()).toMatchObject({ ok: true });
    expect(redo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBe(3);
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBeNull();
    expect(redo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBe(3);
    expect(undo()).toMatchObject({ ok: true });
    // Within seconds of the undo: still a count of its own.
    count(5, { afterMs: 1000 });
    expect(redo()).toMatchObject({ ok: false, error: { code: 'invalid', message: 'There is nothing to redo.' } });
    expect(undo()).toMatchObject({ ok: true });
    expect(sessionAt(0).interest).toBeNull();
    expect(undo()).toEqual(nothingToUndo);
  });

  it('a writer that reads the event from the database again keeps a run as one step, and continues it', () => {
    for (let hands = 1; hands <= 5; hands++) count(hands);
    const reloaded = new CommandWriter(store, () => new Date(now));
    expect(reloaded.snapshot(facilitator.eventId).undo).toEqual({ canUndo: true, canRedo: false });
    count(6, { by: reloaded });
    expect(history(reloaded)).toHaveLength(1);
    expect(history(reloaded)[0]!.inverse).toEqual(interestSet(sessionAt(0, reloaded).id, null));
    expect(undo(reloaded)).toMatchObject({ ok: true });
    expect(sessionAt(0, reloaded).interest).toBeNull();
    expect(undo(reloaded)).toEqual(nothingToUndo);
    // And once more from the file, after the undo: only the redo is left.
    const again = new CommandWriter(store, () => new Date(now));
    expect(again.snapshot(facilitator.eventId).undo).toEqual({ canUndo: false, canRedo: true });
    expect(redo(again)).toMatchObject({ ok: true });
    expect(sessionAt(0, again).interest).toBe(6);
  });
});
