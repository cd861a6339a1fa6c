// The one writer, against a real SQLite database in memory: what a command leaves behind when it
// commits or fails halfway, who may do what and the exact refusal a client shows, retries and
// the secrets they hand out, what can be undone, what a screen coming back is sent, and taps.
import { createHmac, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { placementOf, type Board } from '../../shared/board.ts';
import { commandError } from '../../shared/errors.ts';
import type { Ack } from '../../shared/protocol.ts';
import type { Store } from '../../db/store.ts';
import { hashedDevice, hashSecret } from '../../server/auth.ts';
import { checkQuery, CommandWriter, MAX_SOCKET_BOARD_BYTES, type Principal, type Tap } from '../../server/writer.ts';
import { createEvent } from '../../server/create-event.ts';
import { eventInMemory, type EventInMemory } from '../helpers/in-memory.ts';
import { TEST_EVENT } from '../helpers/server.ts';

let db: EventInMemory['db'];
let store: Store;
let writer: CommandWriter;
let facilitator: Principal;
let attendee: Principal;
let phone: Principal;

beforeEach(async () => {
  ({ db, store, writer, attendee } = await eventInMemory());
  // As realtime.ts keeps them: the facilitator's laptop and a giver's phone, each with the device
  // its handshake named (hashed). The attendee names none.
  facilitator = { eventId: attendee.eventId, isFacilitator: true, deviceHash: hashedDevice('laptop-of-the-facilitator') };
  phone = { ...attendee, deviceHash: hashedDevice('phone-of-a-giver-01') };
});

const firstCell = async () => {
  const { board } = await writer.snapshot(facilitator.eventId);
  return { sessionId: board.sessions[0]!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id };
};

/** Every text stored in the database, table by table: where a secret must never be. */
function everythingStored(): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
}

const board = async () => (await writer.snapshot(facilitator.eventId)).board;
const cell = async (room = 0, slot = 0) => ({ roomId: (await board()).rooms[room]!.id, slotId: (await board()).slots[slot]!.id });
const ok = <T>(ack: Ack): T => {
  if (!ack.ok) throw new Error(`refused: ${ack.error.message}`);
  return ack.data as T;
};
const run = async (principal: Principal, name: string, payload: unknown) => (await writer.execute(principal, name, payload)).ack;
const submit = async (commandId?: string) =>
  ok<{ sessionId: string; token: string }>(await run(phone, 'session:submit', { title: 'Mein Thema', host: 'Gül', commandId }));

describe('the writer', () => {
  it('serializes the board over HTTP once per version for every screen that asks, and anew after a change', async () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    const boardsSerialized = () => stringify.mock.calls.filter(([value]) => (value as Partial<Board>)?.sessions !== undefined).length;
    const boardText = async () => (await writer.boardAnswer(facilitator.eventId)).json();
    const first = JSON.parse(await boardText());
    for (let i = 0; i < 50; i++) await boardText();
    expect(boardsSerialized()).toBe(1);
    const { serverTime: _time, ...snapshot } = await writer.snapshot(facilitator.eventId);
    expect(first).toEqual(snapshot);
    expect((await writer.execute(facilitator, 'session:place', await firstCell())).ack.ok).toBe(true);
    const after = JSON.parse(await boardText());
    expect(boardsSerialized()).toBe(2);
    expect(after.version).toBe(1);
    expect(after.board).toEqual((await writer.snapshot(facilitator.eventId)).board);
    stringify.mockRestore();
  });

  it('writes the state and the log in one transaction: a failing log write leaves both as they were', async () => {
    const before = await store.loadBoard(facilitator.eventId);
    // The log's table refuses the row, as a full disk would: after the state's rows were written.
    db.exec("CREATE TEMP TRIGGER log_fails BEFORE INSERT ON event_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(writer.execute(facilitator, 'session:place', await firstCell())).rejects.toThrow('disk full');
    expect(await store.loadBoard(facilitator.eventId)).toEqual(before);
    expect(await store.logVersions(facilitator.eventId)).toEqual([]);
    // The board it serves did not move on either, and the next try lands as version 1.
    expect((await writer.snapshot(facilitator.eventId)).version).toBe(0);
    db.exec('DROP TRIGGER log_fails');
    expect((await writer.execute(facilitator, 'session:place', await firstCell())).ack).toMatchObject({ ok: true, version: 1 });
    expect((await store.loadBoard(facilitator.eventId)).board.placements).toHaveLength(1);
  });

  it('lets only the facilitator undo, redo and place', async () => {
    await writer.execute(facilitator, 'session:place', await firstCell());
    for (const name of ['board:undo', 'session:place', 'session:unplace']) {
      const payload = name === 'board:undo' ? {} : name === 'session:place' ? await firstCell() : { sessionId: (await firstCell()).sessionId };
      expect((await writer.execute(attendee, name, payload)).ack, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await writer.execute(facilitator, 'board:undo', {})).ack).toMatchObject({ ok: true });
    expect((await writer.execute(attendee, 'board:redo', {})).ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await store.logVersions(facilitator.eventId)).toEqual([1, 2]);
  });

  it('undoes a room removal after a reorder into the old order, positions 0, 1, 2, … as a reload reads them', async () => {
    const rooms = async () => (await writer.snapshot(facilitator.eventId)).board.rooms;
    const ordered = (list: Board['rooms']) => [...list].sort((a, b) => a.position - b.position).map((r) => `${r.name}@${r.position}`);
    const before = ordered(await rooms());
    expect(before.length).toBeGreaterThanOrEqual(3);
    const [, second, third] = [...(await rooms())].sort((a, b) => a.position - b.position);
    const steps: Array<[string, object]> = [
      ['room:remove', { roomId: second!.id }],
      ['room:move', { roomId: third!.id, toIndex: 0 }],
      ['board:undo', {}],
      ['board:undo', {}],
    ];
    for (const [name, payload] of steps) {
      expect((await writer.execute(facilitator, name, payload)).ack, name).toMatchObject({ ok: true });
      const live = await rooms();
      // Never two rooms on one position, and the file says the same as the writer's board.
      expect(new Set(live.map((r) => r.position)).size, name).toBe(live.length);
      expect(ordered((await store.loadBoard(facilitator.eventId)).board.rooms), name).toEqual(ordered(live));
    }
    expect(ordered(await rooms())).toEqual(before);
  });

  it('refuses a live change that would break the frame, naming why, and changes nothing', async () => {
    const before = await writer.snapshot(facilitator.eventId);
    const sessionSlots = before.board.slots.filter((s) => s.kind === 'session');
    for (const slot of sessionSlots.slice(1)) expect((await writer.execute(facilitator, 'slot:remove', { slotId: slot.id })).ack.ok).toBe(true);
    const last = await writer.snapshot(facilitator.eventId);
    const refused = await writer.execute(facilitator, 'slot:remove', { slotId: sessionSlots[0]!.id });
    expect(refused.ack).toEqual({ ok: false, error: { code: 'invalid', reason: 'needs_session_slot', message: 'An event needs at least one session slot.' } });
    expect(refused.broadcast).toBeUndefined();
    expect((await writer.execute(facilitator, 'slot:update', { slotId: sessionSlots[0]!.id, kind: 'break' })).ack).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect((await writer.snapshot(facilitator.eventId)).board).toEqual(last.board);
    expect((await store.loadBoard(facilitator.eventId)).board).toEqual(last.board);
    expect(await store.logVersions(facilitator.eventId)).toHaveLength(sessionSlots.length - 1);
  });

  it('keeps an event that an older version let in usable: only problems a change adds are refused', async () => {
    // Two days on one date, as an import before the one check could leave them.
    const { slug } = await createEvent(store, { ...TEST_EVENT, slug: 'twin-days', dates: ['2026-05-09', '2026-05-10'] });
    const eventId = (await store.findEvent(slug))!.id;
    db.prepare("UPDATE days SET date = '2026-05-09' WHERE event_id = ?").run(eventId);
    const old: Principal = { eventId, isFacilitator: true };
    const twin = new CommandWriter(store);
    expect((await twin.snapshot(eventId)).board.days.map((d) => d.date)).toEqual(['2026-05-09', '2026-05-09']);
    const { sessions, rooms, slots } = (await twin.snapshot(eventId)).board;
    expect((await twin.execute(old, 'session:place', { sessionId: sessions[0]!.id, roomId: rooms[0]!.id, slotId: slots[0]!.id })).ack.ok).toBe(true);
    const [kept, ...others] = slots.filter((s) => s.kind === 'session');
    for (const slot of others) expect((await twin.execute(old, 'slot:remove', { slotId: slot.id })).ack.ok).toBe(true);
    expect((await twin.execute(old, 'slot:remove', { slotId: kept!.id })).ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('keeps giver tokens and the facilitator key out of every table, storing only their hashes', async () => {
    // The ids the secrets are derived from (for retries) are as secret: only their hashes stay.
    const submitId = randomBytes(16).toString('hex');
    const rotateId = randomBytes(16).toString('hex');
    const submitted = (await writer.execute(attendee, 'session:submit', { title: 'Geheim?', host: 'G', commandId: submitId })).ack;
    const token = submitted.ok ? (submitted.data as { token: string }).token : '';
    const rotated = (await writer.execute(facilitator, 'event:rotate-key', { commandId: rotateId })).ack;
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

describe('two writers on one store, as two processes on one database', () => {
  it('decides on what the other committed since, tells its screens of it, and undoes it from the log', async () => {
    const other = new CommandWriter(store);
    const heard: number[] = [];
    other.hearOthers((_eventId, broadcast) => heard.push(broadcast.version));
    const start = (await other.snapshot(facilitator.eventId)).version;
    const first = await firstCell();
    expect((await run(facilitator, 'session:place', first)).ok).toBe(true);
    const second = { ...(await cell(1, 0)), sessionId: (await board()).sessions[1]!.id };
    // The other writer has not heard of the placement: it catches up under the event's lock first,
    // tells its screens, and writes the version after it, on the board with it.
    expect((await other.execute(facilitator, 'session:place', second)).ack).toMatchObject({ ok: true, version: start + 2 });
    expect(heard).toEqual([start + 1]);
    const seen = (await other.snapshot(facilitator.eventId)).board;
    expect([placementOf(seen, first.sessionId)?.roomId, placementOf(seen, second.sessionId)?.roomId]).toEqual([first.roomId, second.roomId]);
    // A third, started after both, has only the log to take the last one back with.
    const fresh = new CommandWriter(store);
    expect((await fresh.execute(facilitator, 'board:undo', {})).ack).toMatchObject({ ok: true, version: start + 3 });
    const after = (await fresh.snapshot(facilitator.eventId)).board;
    expect([placementOf(after, first.sessionId)?.roomId, placementOf(after, second.sessionId)]).toEqual([first.roomId, undefined]);
    // And the one before it: each undo reads what takes back the change now on top.
    expect((await fresh.execute(facilitator, 'board:undo', {})).ack).toMatchObject({ ok: true, version: start + 4 });
    expect(placementOf((await fresh.snapshot(facilitator.eventId)).board, first.sessionId)).toBeUndefined();
  });
});

describe('the refusal a client shows', () => {
  it('says a payload that is not an object as such, and names the field that is wrong', async () => {
    for (const payload of ['text', null, [1], 7]) {
      expect(await run(facilitator, 'session:place', payload)).toEqual({
        ok: false,
        error: commandError('invalid', 'not_an_object', 'The payload must be an object.'),
      });
    }
    const nested = await run(phone, 'session:submit', { title: 'T', wishes: { timing: 'never' } });
    expect(nested.ok || nested.error.message).toMatch(/^Invalid wishes\.timing: /);
    expect(await run(facilitator, 'board:undo', { extra: 1 })).toEqual({
      ok: false,
      error: commandError('invalid', 'unknown_field', 'Invalid extra: Unexpected property.', { field: 'extra' }),
    });
  });

  it("refuses a stranger's link and a link for a session that does not exist, in words", async () => {
    const mine = await submit();
    const other = await submit();
    expect(await run(phone, 'session:withdraw', { sessionId: other.sessionId, token: mine.token })).toEqual({
      ok: false,
      error: commandError('forbidden', 'wrong_token', 'This link does not belong to this session (or it was replaced by a newer one).', { field: 'token' }),
    });
    expect(await run(phone, 'session:withdraw', { sessionId: 'nope', token: mine.token })).toEqual({
      ok: false,
      error: commandError('not_found', 'no_such', 'There is no such session.', { field: 'sessionId' }),
    });
    expect((await board()).sessions.filter((s) => s.status === 'withdrawn')).toEqual([]);
  });

  it('says who may undo, who sees the history, and what a suggestion cannot be for', async () => {
    expect(await run(phone, 'board:undo', {})).toEqual({
      ok: false,
      error: commandError('forbidden', 'facilitator_only', 'Only the facilitator may do this.'),
    });
    expect(await writer.suggest(phone, { sessionId: 'nope' })).toEqual({
      ok: false,
      error: commandError('not_found', 'no_such', 'There is no such session.', { field: 'sessionId' }),
    });
    const mine = await submit();
    ok(await run(phone, 'session:withdraw', { sessionId: mine.sessionId, token: mine.token }));
    expect(await writer.suggest(phone, { sessionId: mine.sessionId })).toEqual({
      ok: false,
      error: commandError('invalid', 'withdrawn', 'A withdrawn session has no place on the plan.'),
    });
  });

  it("lets nobody else repeat someone's command id", async () => {
    await submit('id-of-a-phone-0001');
    expect(await run(facilitator, 'session:submit', { title: 'X', commandId: 'id-of-a-phone-0001' })).toEqual({
      ok: false,
      error: commandError('forbidden', 'not_your_command', 'This is not your command to repeat.', { field: 'commandId' }),
    });
  });
});

describe('secrets only where they are due', () => {
  it('adds no token to an answer that is not about a new link, also when it is repeated', async () => {
    const first = ok<Record<string, unknown>>(await run(facilitator, 'board:autofill', { dryRun: false, commandId: 'autofill-00000001' }));
    expect(Object.keys(first)).toEqual(['placements']);
    // It did place sessions: a change, acked as every change is.
    expect(first.placements).toEqual((await board()).placements);
    expect((await board()).placements.length).toBeGreaterThan(0);
    const again = ok<Record<string, unknown>>(await run(facilitator, 'board:autofill', { dryRun: false, commandId: 'autofill-00000001' }));
    expect(again).toStrictEqual(first);
  });

  it("keeps a giver's link working through the giver's own changes", async () => {
    ok(await run(facilitator, 'event:update', { claiming: 'open' }));
    const mine = await submit();
    ok(await run(phone, 'session:claim', { sessionId: mine.sessionId, token: mine.token, ...(await cell()) }));
    ok(await run(phone, 'session:update', { sessionId: mine.sessionId, token: mine.token, revision: 1, title: 'Neuer Titel' }));
    ok(await run(phone, 'session:release', { sessionId: mine.sessionId, token: mine.token }));
    ok(await run(phone, 'session:withdraw', { sessionId: mine.sessionId, token: mine.token }));
  });

  it('gives the same key back to a retried key change, and a different one at another event for the same id', async () => {
    const first = ok<{ key: string }>(await run(facilitator, 'event:rotate-key', { commandId: 'rotate-000000001' }));
    const version = await writer.version(facilitator.eventId);
    expect(await run(facilitator, 'event:rotate-key', { commandId: 'rotate-000000001' })).toEqual({ ok: true, version, data: first });
    expect(await writer.version(facilitator.eventId)).toBe(version);

    const { slug } = await createEvent(store, { ...TEST_EVENT, slug: 'zweites-camp' });
    const elsewhere: Principal = { ...facilitator, eventId: (await store.findEvent(slug))!.id };
    const other = ok<{ key: string }>((await writer.execute(elsewhere, 'event:rotate-key', { commandId: 'rotate-000000001' })).ack);
    expect(other.key).not.toBe(first.key);
    const otherPhone: Principal = { ...phone, eventId: elsewhere.eventId };
    const there = ok<{ token: string }>((await writer.execute(otherPhone, 'session:submit', { title: 'T', host: 'H', commandId: 'submit-000000001' })).ack);
    expect(there.token).not.toBe((await submit('submit-000000001')).token);
  });
});

describe('secrets from the server', () => {
  const commandId = 'f3a9c1d27b8e4a6f9c0d1e2f3a4b5c6d';

  it("hands out a giver token nobody can compute from the submit's commandId: the old formula withdraws nothing", async () => {
    const mine = ok<{ sessionId: string; token: string }>(await run(phone, 'session:submit', { title: 'Mein Thema', host: 'Gül', commandId: '1'.repeat(16) }));
    // What a stranger could once work out offline: an HMAC keyed with the commandId alone.
    const offline = createHmac('sha256', '1'.repeat(16)).update(`giver token ${phone.eventId} ${mine.sessionId}`).digest('base64url').slice(0, 32);
    const stranger: Principal = { eventId: phone.eventId, isFacilitator: false, deviceHash: hashedDevice('phone-of-a-stranger') };
    expect(await run(stranger, 'session:withdraw', { sessionId: mine.sessionId, token: offline })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await board()).sessions.find((s) => s.id === mine.sessionId)?.status).toBe('pitched');
    // The token handed out is the one that works.
    expect(await run(phone, 'session:withdraw', { sessionId: mine.sessionId, token: mine.token })).toMatchObject({ ok: true });
  });

  it('derives under each server its own secret: two servers hand out different keys for the same event, command and device', async () => {
    const { store: other, writer: otherWriter, eventId } = await eventInMemory();
    // The same event id in both files, the same command from the same device.
    expect(eventId).toBe(facilitator.eventId);
    const here = ok<{ key: string }>(await run(facilitator, 'event:rotate-key', { commandId }));
    const there = ok<{ key: string }>((await otherWriter.execute(facilitator, 'event:rotate-key', { commandId })).ack);
    expect(there.key).not.toBe(here.key);
    expect(other.serverSecret().equals(store.serverSecret())).toBe(false);
  });

  it('answers a retry from another device, or from none, with the same ack but without the secret', async () => {
    const payload = { title: 'Mein Thema', host: 'Gül', commandId };
    const first = await run(phone, 'session:submit', payload);
    const { token, ...withoutToken } = ok<{ sessionId: string; token: string; similar: unknown[] }>(first);
    expect(token).toMatch(/^[\w-]{32}$/);
    const version = await writer.version(phone.eventId);
    const otherPhone: Principal = { ...phone, deviceHash: hashedDevice('phone-of-a-stranger') };
    const noDevice: Principal = { eventId: phone.eventId, isFacilitator: false };
    expect(await run(otherPhone, 'session:submit', payload)).toStrictEqual({ ok: true, version, data: withoutToken });
    expect(await run(noDevice, 'session:submit', payload)).toStrictEqual({ ok: true, version, data: withoutToken });
    // The phone that sent it gets it all again; nothing was applied twice.
    expect(await run(phone, 'session:submit', payload)).toStrictEqual(first);
    expect(await writer.version(phone.eventId)).toBe(version);

    const rotateId = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
    const rotated = await run(facilitator, 'event:rotate-key', { commandId: rotateId });
    expect(ok<{ key: string }>(rotated).key).toMatch(/^[\w-]{32}$/);
    const otherLaptop: Principal = { ...facilitator, deviceHash: hashedDevice('another-laptop-0001') };
    expect(await run(otherLaptop, 'event:rotate-key', { commandId: rotateId })).toStrictEqual({
      ok: true,
      version: rotated.ok && rotated.version,
      data: undefined,
    });
    expect(await run({ ...facilitator, deviceHash: undefined }, 'event:rotate-key', { commandId: rotateId })).toStrictEqual({
      ok: true,
      version: rotated.ok && rotated.version,
      data: undefined,
    });
    expect(await run(facilitator, 'event:rotate-key', { commandId: rotateId })).toStrictEqual(rotated);
  });

  it('never hands the secret again for a command sent without a device', async () => {
    const noDevice: Principal = { eventId: phone.eventId, isFacilitator: false };
    const payload = { title: 'Ohne Gerät', host: 'Gül', commandId };
    const { token, ...withoutToken } = ok<{ token: string }>(await run(noDevice, 'session:submit', payload));
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(await run(noDevice, 'session:submit', payload)).toMatchObject({ ok: true, data: withoutToken });
    expect(await run(noDevice, 'session:submit', payload)).not.toHaveProperty('data.token');
    expect(await run(phone, 'session:submit', payload)).not.toHaveProperty('data.token');
  });

  it('refuses a guessable commandId on a command that hands out a secret, naming the field; other commands take any', async () => {
    const mine = await submit();
    const version = await writer.version(phone.eventId);
    const refusal = {
      ok: false,
      error: {
        code: 'invalid',
        reason: 'guessable_command_id',
        message: 'Invalid commandId: a command that hands out a secret needs a commandId of 16 to 100 letters, digits, "_" or "-", made at random for it.',
        field: 'commandId',
      },
    };
    for (const guessable of ['1', 'x'.repeat(15), 'with space 0123456789', 'äöü-0123456789abcdef', 'a'.repeat(101)]) {
      expect(await run(phone, 'session:submit', { title: 'T', host: 'H', commandId: guessable })).toEqual(
        // Over 100 characters the schema refuses it first.
        guessable.length > 100 ? { ok: false, error: expect.objectContaining({ code: 'invalid' }) } : refusal,
      );
      if (guessable.length > 100) continue;
      expect(await run(facilitator, 'session:reissue', { sessionId: mine.sessionId, commandId: guessable })).toEqual(refusal);
      expect(await run(facilitator, 'event:rotate-key', { commandId: guessable })).toEqual(refusal);
    }
    expect(await writer.version(phone.eventId)).toBe(version);
    // Exactly 16 and 100 of the allowed characters are enough.
    expect(await run(phone, 'session:submit', { title: 'T', host: 'H', commandId: 'A-z_9'.repeat(20) })).toMatchObject({ ok: true });
    expect(await run(facilitator, 'event:rotate-key', { commandId: 'Az09_-'.repeat(3).slice(0, 16) })).toMatchObject({ ok: true });
    // A command that hands out nothing takes a short id as before.
    expect(await run(facilitator, 'session:interest', { sessionId: mine.sessionId, interest: 4, commandId: 'c1' })).toMatchObject({ ok: true });
  });
});

describe('what can be undone, and by whom', () => {
  it('records an inverse only for what the facilitator can take back', async () => {
    const mine = await submit();
    const submitted = await writer.version(facilitator.eventId);
    ok(await run(facilitator, 'pitch:start', {}));
    const started = await writer.version(facilitator.eventId);
    ok(await run(facilitator, 'session:place', { sessionId: mine.sessionId, ...(await cell()) }));
    const placed = await writer.version(facilitator.eventId);
    const undoable = await Promise.all(
      [submitted, started, placed].map(async (version) => (await store.change(facilitator.eventId, version))!.inverse !== null),
    );
    expect(undoable).toEqual([false, false, true]);
    expect((await store.undoSteps(facilitator.eventId)).map((step) => [step.version, step.undoable])).toEqual([
      [started, false],
      [placed, true],
    ]);
  });

  it("keeps the facilitator's redo through a phone's new session, and logs an undo as an undo only", async () => {
    const [first] = (await board()).sessions;
    ok(await run(facilitator, 'session:place', { sessionId: first!.id, ...(await cell()) }));
    const placed = await writer.version(facilitator.eventId);
    ok(await run(facilitator, 'board:undo', {}));
    const undone = await writer.version(facilitator.eventId);
    expect(await store.change(facilitator.eventId, undone)).toMatchObject({ undoOf: placed, redoOf: null, actor: 'facilitator' });
    await submit();
    expect((await writer.snapshot(facilitator.eventId)).undo).toEqual({ canUndo: false, canRedo: true });
    ok(await run(facilitator, 'board:redo', {}));
    expect(await store.change(facilitator.eventId, await writer.version(facilitator.eventId))).toMatchObject({ undoOf: null, redoOf: undone });
  });

  it("logs who made each change: a new session is its giver's, everything else its sender's", async () => {
    await submit();
    ok(await run(facilitator, 'session:place', { sessionId: (await board()).sessions[0]!.id, ...(await cell()) }));
    expect(ok<{ entries: Array<{ actor: string }> }>(await writer.history(facilitator, {})).entries.map((entry) => entry.actor)).toEqual([
      'facilitator',
      'giver',
    ]);
  });
});

describe('the history in pages', () => {
  it('says there is more only when there is', async () => {
    for (const [index, session] of (await board()).sessions.entries())
      ok(await run(facilitator, 'session:place', { sessionId: session.id, ...(await cell(index)) }));
    expect(ok<{ more: boolean }>(await writer.history(facilitator, { limit: 3 })).more).toBe(false);
    expect(ok<{ more: boolean }>(await writer.history(facilitator, { limit: 2 })).more).toBe(true);
  });
});

describe('a screen coming back', () => {
  const placeAll = async () => {
    for (const [index, session] of (await board()).sessions.entries())
      ok(await run(facilitator, 'session:place', { sessionId: session.id, ...(await cell(index)) }));
  };

  it('gets the changes it missed, in order, the last with the undo state of now', async () => {
    await placeAll();
    const missed = (await writer.catchUp(facilitator.eventId, 1))!;
    expect(missed.map((broadcast) => broadcast.version)).toEqual([2, 3]);
    expect(missed[0]!.undo).toBeUndefined();
    expect(missed[1]!.undo).toEqual({ canUndo: true, canRedo: false });
    expect(await writer.catchUp(facilitator.eventId, 3)).toEqual([]);
    // Asked again (a storm asks for the same few versions): the same changes.
    expect((await writer.catchUp(facilitator.eventId, 1))!.map((broadcast) => broadcast.events)).toEqual(missed.map((broadcast) => broadcast.events));
  });

  it('gets the whole board instead for a version it cannot have, or when the changes weigh more than the board', async () => {
    await placeAll();
    for (const since of [-1, 1.5, 4, Number.NaN]) expect(await writer.catchUp(facilitator.eventId, since)).toBeUndefined();
    const session = (await board()).sessions[0]!;
    for (let revision = 1; revision <= 12; revision++) {
      ok(await run(facilitator, 'session:update', { sessionId: session.id, revision, description: `${revision} ${'x'.repeat(1500)}` }));
    }
    const now = await writer.version(facilitator.eventId);
    expect(await writer.catchUp(facilitator.eventId, now - 1)).toHaveLength(1);
    expect(await writer.catchUp(facilitator.eventId, now - 12)).toBeUndefined();
  });

  it('knows what the board weighs: the length of its JSON', async () => {
    expect(await writer.boardWeight(facilitator.eventId)).toBe(JSON.stringify(await board()).length);
  });

  it('sends a board of up to 16 KB over the socket, and one of a character more over HTTP', async () => {
    const { eventId } = facilitator;
    const description = (length: number) => 'x'.repeat(length);
    // Each new session weighs about 600 characters: what is left then is between 400 and 1,000.
    while (MAX_SOCKET_BOARD_BYTES - (await writer.boardWeight(eventId)) > 1000) {
      ok(await run(facilitator, 'session:submit', { title: 'Ein langes Thema', description: description(500) }));
    }
    const last = (await board()).sessions.at(-1)!;
    // The last session's description makes up what is missing (its revision stays one digit).
    const resize = async (length: number) =>
      ok(
        await run(facilitator, 'session:update', { sessionId: last.id, revision: (await board()).sessions.at(-1)!.revision, description: description(length) }),
      );
    await resize(500 + MAX_SOCKET_BOARD_BYTES - (await writer.boardWeight(eventId)));
    expect(await writer.boardWeight(eventId)).toBe(MAX_SOCKET_BOARD_BYTES);
    expect(await writer.firstBoard(eventId)).toHaveProperty('snapshot');
    expect(await writer.sync(facilitator)).toMatchObject({ ok: true, data: { board: expect.any(Object) } });
    await resize((await board()).sessions.at(-1)!.description.length + 1);
    expect(await writer.boardWeight(eventId)).toBe(MAX_SOCKET_BOARD_BYTES + 1);
    expect(await writer.firstBoard(eventId)).toHaveProperty('version');
    expect(await writer.sync(facilitator)).toEqual({
      ok: true,
      version: await writer.version(eventId),
      data: { version: await writer.version(eventId), serverTime: expect.any(Number) },
    });
  });
});

describe('taps of phones', () => {
  const sessionIds = async () => (await writer.snapshot(facilitator.eventId)).board.sessions.map((s) => s.id);
  const tapsOfFirst = async () => (await writer.snapshot(facilitator.eventId)).board.sessions[0]!.taps;
  /** A phone's tap as checkTap lets it through. */
  async function tap(device: string, interested = true, given?: string): Promise<Tap> {
    const sessionId = given ?? (await sessionIds())[0]!;
    const checked = await writer.checkTap(attendee, device, { sessionId, interested });
    if ('ok' in checked) throw new Error(`refused: ${JSON.stringify(checked)}`);
    return checked;
  }
  const countsAfter = async (...taps: Tap[]) => (await writer.recordTaps(taps)).get(facilitator.eventId);

  it('counts a device once, two devices twice, a tap taken back once; no version, no log, no undo', async () => {
    const [s1, s2, s3] = await sessionIds();
    expect(await writer.recordTaps([await tap('phone-a')])).toEqual(new Map([[facilitator.eventId, new Map([[s1, 1]])]]));
    expect(await countsAfter(await tap('phone-a'))).toEqual(new Map([[s1, 1]]));
    expect(await countsAfter(await tap('phone-b'))).toEqual(new Map([[s1, 2]]));
    expect(await countsAfter(await tap('phone-a', false))).toEqual(new Map([[s1, 1]]));
    expect(await countsAfter(await tap('phone-a', false))).toEqual(new Map([[s1, 1]]));
    expect(await countsAfter(await tap('never-tapped', false))).toEqual(new Map([[s1, 1]]));
    // Within one batch too: a device's second tap is no second count.
    expect(
      await countsAfter(await tap('phone-c', true, s2!), await tap('phone-c', true, s2!), await tap('phone-d', true, s2!), await tap('phone-d', false, s2!)),
    ).toEqual(new Map([[s2, 1]]));
    expect(await writer.tapsOf(facilitator.eventId)).toEqual({ [s1!]: 1, [s2!]: 1, [s3!]: 0 });
    // The file says the same as the writer's board.
    expect((await store.loadBoard(facilitator.eventId)).board.sessions.map((s) => s.taps)).toEqual([1, 1, 0]);
    expect(await writer.snapshot(facilitator.eventId)).toMatchObject({ version: 0, undo: { canUndo: false, canRedo: false } });
    expect(await store.logVersions(facilitator.eventId)).toEqual([]);
    expect(await writer.history(facilitator, {})).toMatchObject({ ok: true, version: 0, data: { entries: [] } });
  });

  it('shows new counts in the next snapshot and warnings, though the version stays', async () => {
    const [s1] = await sessionIds();
    const roomB = (await writer.snapshot(facilitator.eventId)).board.rooms.find((r) => r.capacity === 20)!;
    const slot = (await writer.snapshot(facilitator.eventId)).board.slots[0]!;
    expect((await writer.execute(facilitator, 'session:place', { sessionId: s1, roomId: roomB.id, slotId: slot.id })).ack.ok).toBe(true);
    expect((await writer.snapshot(facilitator.eventId)).board.sessions[0]!.taps).toBe(0);
    expect(await writer.warnings(facilitator)).toMatchObject({ ok: true, data: { warnings: [] } });
    // 21 phones for 20 seats: no hands counted yet, so the taps are the interest planned with.
    await writer.recordTaps(await Promise.all(Array.from({ length: 21 }, (_, i) => tap(`phone-${i}`))));
    const snapshot = await writer.snapshot(facilitator.eventId);
    expect([snapshot.version, snapshot.board.sessions[0]]).toMatchObject([1, { id: s1, interest: null, taps: 21 }]);
    expect(await writer.warnings(facilitator)).toMatchObject({ ok: true, version: 1, data: { warnings: [{ kind: 'over_capacity', sessionIds: [s1] }] } });
  });

  it('writes a batch in one transaction: a failure halfway records none of it', async () => {
    await writer.recordTaps([await tap('phone-a'), await tap('phone-b'), await tap('phone-c')]);
    // The second tap of the next batch is refused by the table, as a full disk would.
    db.exec("CREATE TEMP TRIGGER tap_fails BEFORE INSERT ON session_taps WHEN NEW.device = 'phone-e' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(writer.recordTaps([await tap('phone-d'), await tap('phone-e')])).rejects.toThrow('disk full');
    expect((await store.loadBoard(facilitator.eventId)).board.sessions[0]!.taps).toBe(3);
    expect(await tapsOfFirst()).toBe(3);
    db.exec('DROP TRIGGER tap_fails');
    const counts = await writer.recordTaps([await tap('phone-d'), await tap('phone-e')]);
    expect(counts.get(facilitator.eventId)?.get((await sessionIds())[0]!)).toBe(5);
  });

  it('lets a phone tap only a session that is pitched, and says why not', async () => {
    const [s1, , s3] = await sessionIds();
    expect((await writer.execute(facilitator, 'session:withdraw', { sessionId: s3 })).ack.ok).toBe(true);
    expect(await writer.checkTap(attendee, 'phone-a', { sessionId: 's_nope', interested: true })).toEqual({
      ok: false,
      error: { code: 'not_found', reason: 'no_such', message: 'There is no such session.', field: 'sessionId' },
    });
    expect(await writer.checkTap(attendee, 'phone-a', { sessionId: s3!, interested: true })).toEqual({
      ok: false,
      error: { code: 'invalid', reason: 'withdrawn', message: 'A withdrawn session takes no interest.' },
    });
    expect(await writer.checkTap(attendee, 'phone-a', { sessionId: s1!, interested: false, commandId: 'c-1' })).toEqual({
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
    expect(checkQuery('board:sync', 'x')).toEqual({ ok: false, error: commandError('invalid', 'not_an_object', 'The payload must be an object.') });
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
  const sessionAt = async (index: number, by = counting) => (await by.snapshot(facilitator.eventId)).board.sessions[index]!;
  /** The facilitator counts the hands of the index-th session, `afterMs` after the change before. */
  async function count(interest: number, { afterMs = 2000, index = 0, by = counting } = {}) {
    now += afterMs;
    expect((await by.execute(facilitator, 'session:interest', { sessionId: (await sessionAt(index, by)).id, interest })).ack).toMatchObject({ ok: true });
  }
  const undo = async (by = counting) => (await by.execute(facilitator, 'board:undo', {})).ack;
  const redo = async (by = counting) => (await by.execute(facilitator, 'board:redo', {})).ack;
  const nothingToUndo = { ok: false, error: { code: 'invalid', reason: 'nothing_to_undo', message: 'There is nothing to undo.' } };
  async function history(by = counting) {
    const ack = await by.history(facilitator, {});
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data!.entries;
  }
  const interestSet = (sessionId: string, interest: number | null) => [{ type: 'session.interest_set', sessionId, interest }];

  it('five counts in a row are one line of the history and one undo, back to not counted', async () => {
    const { id } = await sessionAt(0);
    for (let hands = 1; hands <= 5; hands++) await count(hands);
    // Each count is still a version of its own, sent to every screen.
    expect(await store.logVersions(facilitator.eventId)).toEqual([1, 2, 3, 4, 5]);
    expect(await history()).toEqual([
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
    expect(await undo()).toMatchObject({ ok: true, version: 6 });
    expect((await sessionAt(0)).interest).toBeNull();
    expect((await store.loadBoard(facilitator.eventId)).board.sessions[0]!.interest).toBeNull();
    expect(await undo()).toEqual(nothingToUndo);
    expect((await counting.snapshot(facilitator.eventId)).undo).toEqual({ canUndo: false, canRedo: true });
  });

  it('takes a run back to the count before it, also a count of 0', async () => {
    const { id } = await sessionAt(0);
    await count(0);
    await count(2, { afterMs: 60_000 });
    await count(3);
    expect((await history()).map((entry) => entry.inverse)).toEqual([interestSet(id, 0), interestSet(id, null)]);
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBe(0);
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBeNull();
  });

  it('a count more than 10 s after the one before is a step of its own; 10 s is still the same step', async () => {
    await count(3);
    await count(4, { afterMs: 10_000 });
    await count(6, { afterMs: 10_001 });
    expect((await history()).map((entry) => entry.version)).toEqual([3, 2]);
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBe(4);
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBeNull();
    expect(await undo()).toEqual(nothingToUndo);
  });

  it("ends a run at any other change in between: another session's count, a placement, a giver's new session", async () => {
    const board = (await counting.snapshot(facilitator.eventId)).board;
    await count(2);
    await count(1, { index: 1 });
    await count(3);
    expect(
      (await counting.execute(facilitator, 'session:place', { sessionId: (await sessionAt(2)).id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id })).ack
        .ok,
    ).toBe(true);
    await count(5);
    expect((await counting.execute(attendee, 'session:submit', { title: 'Dazwischen', host: 'Gabi' })).ack.ok).toBe(true);
    await count(6);
    // Every change a line of its own: six of the facilitator, one of the giver.
    expect(await history()).toHaveLength(7);
    const undone: Array<[number | null, number | null, number]> = [];
    for (let i = 0; i < 6; i++) {
      expect(await undo(), `undo ${i + 1}`).toMatchObject({ ok: true });
      undone.push([(await sessionAt(0)).interest, (await sessionAt(1)).interest, (await counting.snapshot(facilitator.eventId)).board.placements.length]);
    }
    expect(undone).toEqual([
      [5, 1, 1],
      [3, 1, 1],
      [3, 1, 0],
      [2, 1, 0],
      [2, null, 0],
      [null, null, 0],
    ]);
    expect(await undo()).toEqual(nothingToUndo);
  });

  it('continues only a count: not an undo or a redo that set the same hands', async () => {
    const { id } = await sessionAt(0);
    await count(2);
    expect(await undo()).toMatchObject({ ok: true });
    // Right after the undo, which set the same session's hands (back to not counted).
    await count(3, { afterMs: 1 });
    expect(await redo()).toMatchObject({ ok: false });
    expect((await history()).map((entry) => [entry.command, entry.inverse])).toEqual([
      ['session:interest', interestSet(id, null)],
      ['board:undo', interestSet(id, 2)],
      ['session:interest', interestSet(id, null)],
    ]);
    await count(4, { afterMs: 1 });
    expect(await redo()).toMatchObject({ ok: false });
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBeNull();
    expect(await redo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBe(4);
    // The redo set the hands as well: a count right after it is a step of its own.
    await count(5, { afterMs: 1 });
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBe(4);
  });

  it('while the session is at the microphone, counts minutes apart are one step; another session’s are not', async () => {
    expect((await counting.execute(facilitator, 'pitch:start', {})).ack.ok).toBe(true);
    const atMicrophone = (await counting.snapshot(facilitator.eventId)).board.pitch.current;
    expect(atMicrophone).toBe((await sessionAt(0)).id);
    await count(3);
    await count(7, { afterMs: 60_000 });
    await count(9, { afterMs: 120_000 });
    await count(1, { index: 1 });
    await count(2, { index: 1, afterMs: 60_000 });
    expect((await history()).map((entry) => entry.command)).toEqual(['session:interest', 'session:interest', 'session:interest', 'pitch:start']);
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(1)).interest).toBe(1);
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(1)).interest).toBeNull();
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBeNull();
    expect(await undo()).toEqual(nothingToUndo);
  });

  it('after an undo a new count is a new step; a run undone is redone whole, as often as asked', async () => {
    await count(1);
    await count(2);
    await count(3);
    expect(await undo()).toMatchObject({ ok: true });
    expect(await redo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBe(3);
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBeNull();
    expect(await redo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBe(3);
    expect(await undo()).toMatchObject({ ok: true });
    // Within seconds of the undo: still a count of its own.
    await count(5, { afterMs: 1000 });
    expect(await redo()).toMatchObject({ ok: false, error: { code: 'invalid', message: 'There is nothing to redo.' } });
    expect(await undo()).toMatchObject({ ok: true });
    expect((await sessionAt(0)).interest).toBeNull();
    expect(await undo()).toEqual(nothingToUndo);
  });

  it('a writer that reads the event from the database again keeps a run as one step, and continues it', async () => {
    for (let hands = 1; hands <= 5; hands++) await count(hands);
    const reloaded = new CommandWriter(store, () => new Date(now));
    expect((await reloaded.snapshot(facilitator.eventId)).undo).toEqual({ canUndo: true, canRedo: false });
    await count(6, { by: reloaded });
    expect(await history(reloaded)).toHaveLength(1);
    expect((await history(reloaded))[0]!.inverse).toEqual(interestSet((await sessionAt(0, reloaded)).id, null));
    expect(await undo(reloaded)).toMatchObject({ ok: true });
    expect((await sessionAt(0, reloaded)).interest).toBeNull();
    expect(await undo(reloaded)).toEqual(nothingToUndo);
    // And once more from the file, after the undo: only the redo is left.
    const again = new CommandWriter(store, () => new Date(now));
    expect((await again.snapshot(facilitator.eventId)).undo).toEqual({ canUndo: false, canRedo: true });
    expect(await redo(again)).toMatchObject({ ok: true });
    expect((await sessionAt(0, again)).interest).toBe(6);
  });
});
