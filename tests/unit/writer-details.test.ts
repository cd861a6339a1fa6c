// The writer's answers in detail, written from the mutation run's survivors in server/writer.ts:
// the exact refusal a client shows, what a retry gives back and to whom, which changes can be
// undone, what a reconnecting screen is sent, and that a secret is only made where one is due.
import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { Store } from '../../db/store.ts';
import { CommandWriter, type Principal } from '../../server/writer.ts';
import { createEvent } from '../../server/create-event.ts';
import { commandError } from '../../shared/errors.ts';
import type { Ack } from '../../shared/protocol.ts';
import { TEST_EVENT } from '../helpers/server.ts';
import { hashedDevice } from '../../server/auth.ts';

let store: Store;
let writer: CommandWriter;
let facilitator: Principal;
let phone: Principal;

beforeEach(() => {
  store = new Store(openDatabase(':memory:'));
  const { slug } = createEvent(store, TEST_EVENT);
  const eventId = store.findEvent(slug)!.id;
  writer = new CommandWriter(store);
  // Each with the device its handshake named (hashed, as realtime.ts keeps it).
  facilitator = { eventId, isFacilitator: true, deviceHash: hashedDevice('laptop-of-the-facilitator') };
  phone = { eventId, isFacilitator: false, deviceHash: hashedDevice('phone-of-a-giver-01') };
});

const board = () => writer.snapshot(facilitator.eventId).board;
const cell = (room = 0, slot = 0) => ({ roomId: board().rooms[room]!.id, slotId: board().slots[slot]!.id });
const ok = <T>(ack: Ack): T => {
  if (!ack.ok) throw new Error(`refused: ${ack.error.message}`);
  return ack.data as T;
};
const run = (principal: Principal, name: string, payload: unknown) => writer.execute(principal, name, payload).ack;
const submit = (commandId?: string) => ok<{ sessionId: string; token: string }>(run(phone, 'session:submit', { title: 'Mein Thema', host: 'Gül', commandId }));

describe('the refusal a client shows', () => {
  it('says a payload that is not an object as such, and names the field that is wrong', () => {
    for (const payload of ['text', null, [1], 7]) {
      expect(run(facilitator, 'session:place', payload)).toEqual({ ok: false, error: commandError('invalid', 'The payload must be an object.') });
    }
    const nested = run(phone, 'session:submit', { title: 'T', wishes: { timing: 'never' } });
    expect(nested.ok || nested.error.message).toMatch(/^Invalid wishes\.timing: /);
    expect(run(facilitator, 'board:undo', { extra: 1 })).toEqual({ ok: false, error: commandError('invalid', 'Invalid extra: Unexpected property.') });
  });

  it("refuses a stranger's link and a link for a session that does not exist, in words", () => {
    const mine = submit();
    const other = submit();
    expect(run(phone, 'session:withdraw', { sessionId: other.sessionId, token: mine.token })).toEqual({
      ok: false,
      error: commandError('forbidden', 'This link does not belong to this session (or it was replaced by a newer one).'),
    });
    expect(run(phone, 'session:withdraw', { sessionId: 'nope', token: mine.token })).toEqual({
      ok: false,
      error: commandError('not_found', 'There is no such session.'),
    });
    expect(board().sessions.filter((s) => s.status === 'withdrawn')).toEqual([]);
  });

  it('says who may undo, who sees the history, and what a suggestion cannot be for', () => {
    expect(run(phone, 'board:undo', {})).toEqual({ ok: false, error: commandError('forbidden', 'Only the facilitator may do this.') });
    expect(writer.suggest(phone, { sessionId: 'nope' })).toEqual({ ok: false, error: commandError('not_found', 'There is no such session.') });
    const mine = submit();
    ok(run(phone, 'session:withdraw', { sessionId: mine.sessionId, token: mine.token }));
    expect(writer.suggest(phone, { sessionId: mine.sessionId })).toEqual({
      ok: false,
      error: commandError('invalid', 'A withdrawn session has no place on the plan.'),
    });
  });

  it("lets nobody else repeat someone's command id", () => {
    submit('id-of-a-phone-0001');
    expect(run(facilitator, 'session:submit', { title: 'X', commandId: 'id-of-a-phone-0001' })).toEqual({
      ok: false,
      error: commandError('forbidden', 'This is not your command to repeat.'),
    });
  });
});

describe('secrets only where they are due', () => {
  it('adds no token to an answer that is not about a new link, also when it is repeated', () => {
    const first = ok<Record<string, unknown>>(run(facilitator, 'board:autofill', { dryRun: false, commandId: 'autofill-00000001' }));
    expect(Object.keys(first)).toEqual(['placements']);
    const again = ok<Record<string, unknown>>(run(facilitator, 'board:autofill', { dryRun: false, commandId: 'autofill-00000001' }));
    expect(again).toStrictEqual(first);
  });

  it("keeps a giver's link working through the giver's own changes", () => {
    ok(run(facilitator, 'event:update', { claiming: 'open' }));
    const mine = submit();
    ok(run(phone, 'session:claim', { sessionId: mine.sessionId, token: mine.token, ...cell() }));
    ok(run(phone, 'session:update', { sessionId: mine.sessionId, token: mine.token, revision: 1, title: 'Neuer Titel' }));
    ok(run(phone, 'session:release', { sessionId: mine.sessionId, token: mine.token }));
    ok(run(phone, 'session:withdraw', { sessionId: mine.sessionId, token: mine.token }));
  });

  it('gives the same key back to a retried key change, and a different one at another event for the same id', () => {
    const first = ok<{ key: string }>(run(facilitator, 'event:rotate-key', { commandId: 'rotate-000000001' }));
    const version = writer.version(facilitator.eventId);
    expect(run(facilitator, 'event:rotate-key', { commandId: 'rotate-000000001' })).toEqual({ ok: true, version, data: first });
    expect(writer.version(facilitator.eventId)).toBe(version);

    const { slug } = createEvent(store, { ...TEST_EVENT, slug: 'zweites-camp' });
    const elsewhere: Principal = { ...facilitator, eventId: store.findEvent(slug)!.id };
    const other = ok<{ key: string }>(writer.execute(elsewhere, 'event:rotate-key', { commandId: 'rotate-000000001' }).ack);
    expect(other.key).not.toBe(first.key);
    const otherPhone: Principal = { ...phone, eventId: elsewhere.eventId };
    const there = ok<{ token: string }>(writer.execute(otherPhone, 'session:submit', { title: 'T', host: 'H', commandId: 'submit-000000001' }).ack);
    expect(there.token).not.toBe(submit('submit-000000001').token);
  });
});

describe('secrets from the server', () => {
  const commandId = 'f3a9c1d27b8e4a6f9c0d1e2f3a4b5c6d';

  it("hands out a giver token nobody can compute from the submit's commandId: the old formula withdraws nothing", () => {
    const mine = ok<{ sessionId: string; token: string }>(run(phone, 'session:submit', { title: 'Mein Thema', host: 'Gül', commandId: '1'.repeat(16) }));
    // What a stranger could once work out offline: an HMAC keyed with the commandId alone.
    const offline = createHmac('sha256', '1'.repeat(16)).update(`giver token ${phone.eventId} ${mine.sessionId}`).digest('base64url').slice(0, 32);
    const stranger: Principal = { eventId: phone.eventId, isFacilitator: false, deviceHash: hashedDevice('phone-of-a-stranger') };
    expect(run(stranger, 'session:withdraw', { sessionId: mine.sessionId, token: offline })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(board().sessions.find((s) => s.id === mine.sessionId)?.status).toBe('pitched');
    // The token handed out is the one that works.
    expect(run(phone, 'session:withdraw', { sessionId: mine.sessionId, token: mine.token })).toMatchObject({ ok: true });
  });

  it('derives under each server its own secret: two servers hand out different keys for the same event, command and device', () => {
    const other = new Store(openDatabase(':memory:'));
    createEvent(other, TEST_EVENT);
    const otherWriter = new CommandWriter(other);
    // The same event id in both files, the same command from the same device.
    expect(other.findEvent(TEST_EVENT.slug!)!.id).toBe(facilitator.eventId);
    const here = ok<{ key: string }>(run(facilitator, 'event:rotate-key', { commandId }));
    const there = ok<{ key: string }>(otherWriter.execute(facilitator, 'event:rotate-key', { commandId }).ack);
    expect(there.key).not.toBe(here.key);
    expect(other.serverSecret().equals(store.serverSecret())).toBe(false);
  });

  it('answers a retry from another device, or from none, with the same ack but without the secret', () => {
    const payload = { title: 'Mein Thema', host: 'Gül', commandId };
    const first = run(phone, 'session:submit', payload);
    const { token, ...withoutToken } = ok<{ sessionId: string; token: string; similar: unknown[] }>(first);
    expect(token).toMatch(/^[\w-]{32}$/);
    const version = writer.version(phone.eventId);
    const otherPhone: Principal = { ...phone, deviceHash: hashedDevice('phone-of-a-stranger') };
    const noDevice: Principal = { eventId: phone.eventId, isFacilitator: false };
    expect(run(otherPhone, 'session:submit', payload)).toStrictEqual({ ok: true, version, data: withoutToken });
    expect(run(noDevice, 'session:submit', payload)).toStrictEqual({ ok: true, version, data: withoutToken });
    // The phone that sent it gets it all again; nothing was applied twice.
    expect(run(phone, 'session:submit', payload)).toStrictEqual(first);
    expect(writer.version(phone.eventId)).toBe(version);

    const rotateId = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
    const rotated = run(facilitator, 'event:rotate-key', { commandId: rotateId });
    expect(ok<{ key: string }>(rotated).key).toMatch(/^[\w-]{32}$/);
    const otherLaptop: Principal = { ...facilitator, deviceHash: hashedDevice('another-laptop-0001') };
    expect(run(otherLaptop, 'event:rotate-key', { commandId: rotateId })).toStrictEqual({ ok: true, version: rotated.ok && rotated.version, data: undefined });
    expect(run({ ...facilitator, deviceHash: undefined }, 'event:rotate-key', { commandId: rotateId })).toStrictEqual({
      ok: true,
      version: rotated.ok && rotated.version,
      data: undefined,
    });
    expect(run(facilitator, 'event:rotate-key', { commandId: rotateId })).toStrictEqual(rotated);
  });

  it('never hands the secret again for a command sent without a device', () => {
    const noDevice: Principal = { eventId: phone.eventId, isFacilitator: false };
    const payload = { title: 'Ohne Gerät', host: 'Gül', commandId };
    const { token, ...withoutToken } = ok<{ token: string }>(run(noDevice, 'session:submit', payload));
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(run(noDevice, 'session:submit', payload)).toMatchObject({ ok: true, data: withoutToken });
    expect(run(noDevice, 'session:submit', payload)).not.toHaveProperty('data.token');
    expect(run(phone, 'session:submit', payload)).not.toHaveProperty('data.token');
  });

  it('refuses a guessable commandId on a command that hands out a secret, naming the field; other commands take any', () => {
    const mine = submit();
    const version = writer.version(phone.eventId);
    const refusal = {
      ok: false,
      error: {
        code: 'invalid',
        message: 'Invalid commandId: a command that hands out a secret needs a commandId of 16 to 100 letters, digits, "_" or "-", made at random for it.',
        field: 'commandId',
      },
    };
    for (const guessable of ['1', 'x'.repeat(15), 'with space 0123456789', 'äöü-0123456789abcdef', 'a'.repeat(101)]) {
      expect(run(phone, 'session:submit', { title: 'T', host: 'H', commandId: guessable })).toEqual(
        // Over 100 characters the schema refuses it first.
        guessable.length > 100 ? { ok: false, error: expect.objectContaining({ code: 'invalid' }) } : refusal,
      );
      if (guessable.length > 100) continue;
      expect(run(facilitator, 'session:reissue', { sessionId: mine.sessionId, commandId: guessable })).toEqual(refusal);
      expect(run(facilitator, 'event:rotate-key', { commandId: guessable })).toEqual(refusal);
    }
    expect(writer.version(phone.eventId)).toBe(version);
    // Exactly 16 and 100 of the allowed characters are enough.
    expect(run(phone, 'session:submit', { title: 'T', host: 'H', commandId: 'A-z_9'.repeat(20) })).toMatchObject({ ok: true });
    expect(run(facilitator, 'event:rotate-key', { commandId: 'Az09_-'.repeat(3).slice(0, 16) })).toMatchObject({ ok: true });
    // A command that hands out nothing takes a short id as before.
    expect(run(facilitator, 'session:interest', { sessionId: mine.sessionId, interest: 4, commandId: 'c1' })).toMatchObject({ ok: true });
  });
});

describe('what can be undone, and by whom', () => {
  it('records an inverse only for what the facilitator can take back', () => {
    const mine = submit();
    const submitted = writer.version(facilitator.eventId);
    ok(run(facilitator, 'pitch:start', {}));
    const started = writer.version(facilitator.eventId);
    ok(run(facilitator, 'session:place', { sessionId: mine.sessionId, ...cell() }));
    const placed = writer.version(facilitator.eventId);
    expect([submitted, started, placed].map((version) => store.change(facilitator.eventId, version)!.inverse !== null)).toEqual([false, false, true]);
    expect(store.undoSteps(facilitator.eventId).map((step) => [step.version, step.undoable])).toEqual([
      [started, false],
      [placed, true],
    ]);
  });

  it("keeps the facilitator's redo through a phone's new session, and logs an undo as an undo only", () => {
    const [first] = board().sessions;
    ok(run(facilitator, 'session:place', { sessionId: first!.id, ...cell() }));
    const placed = writer.version(facilitator.eventId);
    ok(run(facilitator, 'board:undo', {}));
    const undone = writer.version(facilitator.eventId);
    expect(store.change(facilitator.eventId, undone)).toMatchObject({ undoOf: placed, redoOf: null, actor: 'facilitator' });
    submit();
    expect(writer.snapshot(facilitator.eventId).undo).toEqual({ canUndo: false, canRedo: true });
    ok(run(facilitator, 'board:redo', {}));
    expect(store.change(facilitator.eventId, writer.version(facilitator.eventId))).toMatchObject({ undoOf: null, redoOf: undone });
  });

  it("logs who made each change: a new session is its giver's, everything else its sender's", () => {
    submit();
    ok(run(facilitator, 'session:place', { sessionId: board().sessions[0]!.id, ...cell() }));
    expect(ok<{ entries: Array<{ actor: string }> }>(writer.history(facilitator, {})).entries.map((entry) => entry.actor)).toEqual(['facilitator', 'giver']);
  });
});

describe('the history in pages', () => {
  it('says there is more only when there is', () => {
    for (const [index, session] of board().sessions.entries()) ok(run(facilitator, 'session:place', { sessionId: session.id, ...cell(index) }));
    expect(ok<{ more: boolean }>(writer.history(facilitator, { limit: 3 })).more).toBe(false);
    expect(ok<{ more: boolean }>(writer.history(facilitator, { limit: 2 })).more).toBe(true);
  });
});

describe('a screen coming back', () => {
  const placeAll = () => {
    for (const [index, session] of board().sessions.entries()) ok(run(facilitator, 'session:place', { sessionId: session.id, ...cell(index) }));
  };

  it('gets the changes it missed, in order, the last with the undo state of now', () => {
    placeAll();
    const missed = writer.catchUp(facilitator.eventId, 1)!;
    expect(missed.map((broadcast) => broadcast.version)).toEqual([2, 3]);
    expect(missed[0]!.undo).toBeUndefined();
    expect(missed[1]!.undo).toEqual({ canUndo: true, canRedo: false });
    expect(writer.catchUp(facilitator.eventId, 3)).toEqual([]);
    // Asked again (a storm asks for the same few versions): the same changes.
    expect(writer.catchUp(facilitator.eventId, 1)!.map((broadcast) => broadcast.events)).toEqual(missed.map((broadcast) => broadcast.events));
  });

  it('gets the whole board instead for a version it cannot have, or when the changes weigh more than the board', () => {
    placeAll();
    for (const since of [-1, 1.5, 4, Number.NaN]) expect(writer.catchUp(facilitator.eventId, since)).toBeUndefined();
    const session = board().sessions[0]!;
    for (let revision = 1; revision <= 12; revision++) {
      ok(run(facilitator, 'session:update', { sessionId: session.id, revision, description: `${revision} ${'x'.repeat(1500)}` }));
    }
    const now = writer.version(facilitator.eventId);
    expect(writer.catchUp(facilitator.eventId, now - 1)).toHaveLength(1);
    expect(writer.catchUp(facilitator.eventId, now - 12)).toBeUndefined();
  });

  it('knows what the board weighs: the length of its JSON', () => {
    expect(writer.boardWeight(facilitator.eventId)).toBe(JSON.stringify(board()).length);
  });
});
