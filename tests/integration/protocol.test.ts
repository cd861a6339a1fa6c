// The protocol (docs/protocol.md) and the socket server's own rules against a real server on
// port 0 with several socket.io clients, in this process (the CLI and resilience suites see them
// through child processes, which a mutation run does not reach): the handshake and each bad
// one's refusal, commands and broadcasts, a key changed in the file or on a screen, the
// heartbeat, validation, open connections and the address a phone counts under, the budgets of
// phones, networks and facilitator screens, and a board too big for a socket.
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bookableCells, type Board } from '../../shared/board.ts';
import { capturedLog, connectClient, refusalOf, startTestServer, TEST_EVENT, type TestClient } from '../helpers/server.ts';
import { hashSecret } from '../../server/auth.ts';
import { createEvent } from '../../server/create-event.ts';
import { DEFAULT_LIMITS } from '../../server/rate-limit.ts';
import { SocketBudgets } from '../../server/realtime/budgets.ts';
import type { SocketData } from '../../server/realtime/handshake.ts';
import type { Ack, Snapshot } from '../../shared/protocol.ts';
import { seedBigCamp } from '../fixtures/big-camp.ts';
import { FACILITATOR_BUDGETS, lifted } from '../helpers/rate-limits.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';
import { sleep } from '../helpers/time.ts';

// A test that needs other limits, another check interval or proxies starts a server of its own.
const file = serverPerFile();
let server: EventOnServer;
const clients: TestClient[] = [];

async function facilitator() {
  const client = await connectClient(server.url, { event: server.slug, key: server.key });
  clients.push(client);
  return client;
}
/** A phone; `device` as a phone's storage keeps it across reconnects (else one of its own). */
async function attendee(device?: string) {
  const client = await connectClient(server.url, { event: server.slug, device });
  clients.push(client);
  return client;
}
async function boardVersion() {
  return (await server.store.findEvent(server.slug))!.version;
}

beforeEach(() => {
  server = file.server;
});
afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
});

describe('handshake', () => {
  it('sends a snapshot at version 0 with the board and without secrets', async () => {
    const client = await attendee();
    expect(client.snapshot.version).toBe(0);
    expect(client.snapshot.board.event.slug).toBe(server.slug);
    expect(client.snapshot.board.sessions).toHaveLength(3);
    expect(JSON.stringify(client.snapshot)).not.toContain(server.key);
    expect(JSON.stringify(client.snapshot)).not.toMatch(/hash|token/i);
  });

  it('refuses an unknown event, a wrong key and a missing event with clear codes', async () => {
    const unknown = await refusalOf(server.url, { event: 'no-such-camp' });
    expect(unknown.data).toMatchObject({ code: 'not_found' });
    expect(unknown.message).toContain('no-such-camp');
    expect((await refusalOf(server.url, { event: server.slug, key: 'wrong' })).data).toMatchObject({ code: 'unauthorized' });
    expect((await refusalOf(server.url, {})).data).toMatchObject({ code: 'invalid' });
    expect((await refusalOf(server.url, { event: 42 })).data).toMatchObject({ code: 'invalid' });
  });
});

describe('handshakes that are refused', () => {
  const cases: Array<[string, (slug: string) => unknown, string, string]> = [
    ['no event', () => ({}), 'invalid', 'The handshake must name an event: auth { event: slug }.'],
    ['an empty event', () => ({ event: '' }), 'invalid', 'The handshake must name an event: auth { event: slug }.'],
    ['an event name of 65 characters', () => ({ event: 'e'.repeat(65) }), 'invalid', 'The handshake must name an event: auth { event: slug }.'],
    ['a key that is a number', (slug) => ({ event: slug, key: 42 }), 'invalid', 'The facilitator key must be a string.'],
    ['a key of 201 characters', (slug) => ({ event: slug, key: 'k'.repeat(201) }), 'invalid', 'The facilitator key must be a string.'],
    ['a negative version', (slug) => ({ event: slug, version: -1 }), 'invalid', 'The version must be a whole number from 0 up.'],
    ['a version with a fraction', (slug) => ({ event: slug, version: 1.5 }), 'invalid', 'The version must be a whole number from 0 up.'],
    ['a short device id', (slug) => ({ event: slug, device: 'short' }), 'invalid', 'The device id must be 16 to 64 letters, digits, "_" or "-".'],
    [
      'a device id that is a number',
      (slug) => ({ event: slug, device: 1234567890123456 }),
      'invalid',
      'The device id must be 16 to 64 letters, digits, "_" or "-".',
    ],
    ['a wrong key', (slug) => ({ event: slug, key: 'wrong' }), 'unauthorized', 'This facilitator link is not valid (any more). Ask for the current link.'],
  ];
  it.each(cases)('%s', async (_what, auth, code, message) => {
    expect((await refusalOf(server.url, auth(server.slug))).data).toEqual({ code, message });
  });

  it('takes an event name of 64 characters, a key of 200 and a device id of 16 as far as checking them', async () => {
    expect((await refusalOf(server.url, { event: 'e'.repeat(64) })).data?.code).toBe('not_found');
    expect((await refusalOf(server.url, { event: server.slug, key: 'k'.repeat(200) })).data?.code).toBe('unauthorized');
    const phone = await attendee('d'.repeat(16));
    expect(phone.socket.connected).toBe(true);
  });
});

describe('commands and broadcasts', () => {
  it('answers a change, a refusal and a change that changes nothing with nothing going wrong after the ack', async () => {
    // What follows an ack (the broadcast, the other processes' notice, push, webhooks) runs for
    // each command; an error there reaches nobody but the log.
    const log = capturedLog();
    server = await file.ownServer({ logger: log.logger });
    const boss = await facilitator();
    const board = boss.snapshot.board;
    const [cell] = bookableCells(board);
    const sessionId = board.sessions[0]!.id;
    expect(await boss.send('session:place', { sessionId, ...cell })).toEqual({ ok: true, version: 1 });
    expect(await boss.send('session:place', { sessionId: 'no-such-session', ...cell })).toMatchObject({ ok: false });
    // Dropped on the cell it is in already: no new version.
    expect(await boss.send('session:place', { sessionId, ...cell })).toEqual({ ok: true, version: 1 });
    expect(log.lines.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([]);
  });

  it("a facilitator's place reaches two attendees as board:events with consecutive versions", async () => {
    const boss = await facilitator();
    const [anna, ben] = [await attendee(), await attendee()];
    const board = boss.snapshot.board;
    const [cell1, cell2] = bookableCells(board);
    const [s1, s2] = board.sessions;

    const first = await boss.send('session:place', { sessionId: s1!.id, ...cell1 });
    expect(first).toEqual({ ok: true, version: 1 });
    const second = await boss.send('session:place', { sessionId: s2!.id, ...cell2 });
    expect(second).toEqual({ ok: true, version: 2 });

    for (const client of [anna, ben]) {
      await client.waitForVersion(2);
      expect(client.broadcasts.map((b) => b.version)).toEqual([1, 2]);
      // Each leaves the queue of those still to pitch as it is placed.
      expect(client.broadcasts[0]!.events).toEqual([
        { type: 'session.placed', sessionId: s1!.id, ...cell1 },
        { type: 'session.dequeued', sessionId: s1!.id },
      ]);
      expect(client.broadcasts[1]!.events).toEqual([
        { type: 'session.placed', sessionId: s2!.id, ...cell2 },
        { type: 'session.dequeued', sessionId: s2!.id },
      ]);
    }
    const http = await fetch(`${server.url}/api/events/${server.slug}/board`).then((r) => r.json());
    expect(http.version).toBe(2);
    expect(http.board.placements).toHaveLength(2);
  });

  it("an attendee's place, unplace and interest are forbidden and change nothing", async () => {
    const anna = await attendee();
    const watcher = await attendee();
    const [s1] = anna.snapshot.board.sessions;
    const [cell] = bookableCells(anna.snapshot.board);
    for (const [name, payload] of [
      ['session:place', { sessionId: s1!.id, ...cell }],
      ['session:unplace', { sessionId: s1!.id }],
      ['session:interest', { sessionId: s1!.id, interest: 5 }],
      ['session:update', { sessionId: s1!.id, revision: 1, title: 'Hijacked' }],
      ['session:withdraw', { sessionId: s1!.id }],
    ] as const) {
      const ack = await anna.send(name, payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await boardVersion()).toBe(0);
    const sync = await watcher.send<{ board: Board }>('board:sync', {});
    expect(sync.ok && sync.data!.board).toEqual(anna.snapshot.board);
    expect(watcher.broadcasts).toEqual([]);
  });

  it('two facilitators dropping two sessions into one cell at once: one lands, the other is told', async () => {
    const [boss1, boss2] = [await facilitator(), await facilitator()];
    const board = boss1.snapshot.board;
    const [cell] = bookableCells(board);
    const [s1, s2] = board.sessions;
    const [a, b] = await Promise.all([
      boss1.send('session:place', { sessionId: s1!.id, ...cell, expectedOccupant: null }),
      boss2.send('session:place', { sessionId: s2!.id, ...cell, expectedOccupant: null }),
    ]);
    const acks = [a, b];
    expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
    const loser = acks.find((ack) => !ack.ok);
    expect(loser).toMatchObject({ ok: false, error: { code: 'cell_taken' } });
    expect(loser!.ok === false && loser!.error.message).toMatch(/Raum A at 10:00/);
    const sync = await boss1.send<{ board: Board; version: number }>('board:sync', {});
    expect(sync.ok && sync.data!.board.placements).toHaveLength(1);
    expect(sync.ok && sync.data!.version).toBe(1);
  });

  it('a command repeated with the same commandId is applied once and answered the same', async () => {
    const boss = await facilitator();
    const [s1] = boss.snapshot.board.sessions;
    // An edit at revision 1: done twice without the commandId, the second would conflict.
    const payload = { commandId: 'retry-1', sessionId: s1!.id, revision: 1, title: 'Einmal' };
    const first = await boss.send('session:update', payload);
    const again = await boss.send('session:update', payload);
    expect(first).toEqual({ ok: true, version: 1 });
    expect(again).toEqual(first);
    const place = { commandId: 'retry-2', sessionId: s1!.id, ...bookableCells(boss.snapshot.board)[0] };
    const placed = await Promise.all([boss.send('session:place', place), boss.send('session:place', place)]);
    expect(placed[0]).toEqual({ ok: true, version: 2 });
    expect(placed[1]).toEqual(placed[0]);
    expect(await boardVersion()).toBe(2);
    expect(await server.store.logVersions((await server.store.findEvent(server.slug))!.id)).toEqual([1, 2]);
  });

  it('a commandId replays only the same command from the same kind of sender', async () => {
    const boss = await facilitator();
    const anna = await attendee();
    const [s1] = boss.snapshot.board.sessions;
    const commandId = 'secret-op-0123456789';
    expect(await boss.send('session:reissue', { commandId, sessionId: s1!.id })).toMatchObject({ ok: true });
    // An attendee who learned the id cannot replay it to get a fresh giver token.
    expect(await anna.send('session:reissue', { commandId, sessionId: s1!.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await boss.send('session:interest', { commandId, sessionId: s1!.id, interest: 3 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', reason: 'command_id_reused', message: 'This commandId was used for another command.', field: 'commandId' },
    });
  });

  it("sends an event's changes only to that event's screens", async () => {
    const other = await createEvent(server.store, { ...TEST_EVENT, title: 'Anderes Barcamp', slug: 'anderes' });
    const elsewhere = await connectClient(server.url, { event: other.slug });
    const here = await attendee();
    const boss = await facilitator();
    expect(await boss.send('session:interest', { sessionId: boss.snapshot.board.sessions[0]!.id, interest: 4 })).toMatchObject({ ok: true });
    await here.waitForVersion(1);
    // The other camp's board hears nothing of it, and its own next change is its version 1.
    const otherBoss = await connectClient(server.url, { event: other.slug, key: other.key });
    expect(await otherBoss.send('session:interest', { sessionId: otherBoss.snapshot.board.sessions[0]!.id, interest: 2 })).toEqual({ ok: true, version: 1 });
    await elsewhere.waitForVersion(1);
    expect(elsewhere.broadcasts.map((b) => b.version)).toEqual([1]);
    expect(elsewhere.broadcasts[0]!.events).toEqual([{ type: 'session.interest_set', sessionId: otherBoss.snapshot.board.sessions[0]!.id, interest: 2 }]);
    expect(here.broadcasts.map((b) => b.version)).toEqual([1]);
    for (const client of [elsewhere, otherBoss]) client.close();
  });

  it('sends a phone the whole board a few times, not in a loop; the facilitator as often as asked', async () => {
    const phone = await attendee();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => (phone.socket.timeout(1_000).emitWithAck('board:sync', {}) as Promise<Ack>).catch(() => 'no answer' as const)),
    );
    expect(answers.filter((a) => a !== 'no answer' && a.ok)).toHaveLength(4);
    // Past its budget a phone hears one refusal a second; the rest are not answered, so that a
    // script with many asks in flight waits for its own timeouts instead of the server spending itself.
    expect(answers.filter((a) => a !== 'no answer' && !a.ok)).toEqual([
      { ok: false, error: { code: 'rate_limited', reason: 'too_many_requests', message: 'The whole board was sent just now. Please wait a few seconds.' } },
    ]);
    expect(answers.filter((a) => a === 'no answer')).toHaveLength(5);
    // The next ask that is answered (a second after the last refusal) is refused too.
    const answered = () => (phone.socket.timeout(250).emitWithAck('board:sync', {}) as Promise<Ack>).catch(() => 'no answer' as const);
    await expect.poll(answered, { timeout: 5_000 }).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const boss = await facilitator();
    const bossAnswers = await Promise.all(Array.from({ length: 10 }, () => boss.send('board:sync', {})));
    expect(bossAnswers.every((a) => a.ok)).toBe(true);
  });

  it('answers every board:sync with the board of now', async () => {
    const boss = await facilitator();
    const phones = [await attendee(), await attendee()];
    const cell = bookableCells(boss.snapshot.board)[0]!;
    const sessionId = boss.snapshot.board.sessions[0]!.id;
    expect((await boss.send('session:place', { sessionId, ...cell })).ok).toBe(true);
    const answers = await Promise.all([boss, ...phones].map((client) => client.send<Snapshot>('board:sync', {})));
    for (const answer of answers) {
      expect(answer).toMatchObject({ ok: true, version: 1, data: { version: 1 } });
      const { board } = (answer as { data: Snapshot }).data;
      expect(board).toEqual((await server.store.loadBoard((await server.store.findEvent(server.slug))!.id)).board);
      expect(board.placements).toContainEqual({ sessionId, ...cell });
    }
  });

  it('answers a board:sync of a big board with its version only, however often a phone that does not read asks', async () => {
    server = await file.ownServer({ limits: lifted('commandsPerDevice', 'commandsPerAddress', 'syncsPerDevice') });
    await seedBigCamp(server.store, 'gross');
    const reader = await connectClient(server.url, { event: 'gross' });
    const answers = await Promise.all(Array.from({ length: 50 }, () => reader.socket.timeout(5_000).emitWithAck('board:sync', {}) as Promise<Ack>));
    for (const answer of answers) {
      expect(answer).toMatchObject({ ok: true, data: { version: reader.snapshot.version } });
      expect(Object.keys((answer as { data: object }).data).sort()).toEqual(['serverTime', 'version']);
    }
    reader.close();
  });

  it('lets go of a connection that does not read, with the default limit, and only of that one', async () => {
    // Some 500 edits as fast as a script sends them: past the facilitator's own limit.
    const log = capturedLog();
    server = await file.ownServer({ limits: lifted(...FACILITATOR_BUDGETS), logger: log.logger });
    const { key } = await seedBigCamp(server.store, 'gross');
    const listener = await connectClient(server.url, { event: 'gross' });
    let heard = 0;
    listener.socket.on('board:events', () => heard++);
    const boss = await connectClient(server.url, { event: 'gross', key });
    // A long-polling client that connects and then never asks for what the server has for it:
    // everything sent to it waits in the server's memory.
    const handshake = await (await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`)).text();
    const sid = (JSON.parse(handshake.slice(1)) as { sid: string }).sid;
    await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '40{"event":"gross"}' });
    const open = () => server.app.io.of('/').sockets.size;
    await vi.waitFor(() => expect(open()).toBe(3));
    // About 2.2 KB a broadcast that leaves the board's size as it was: some 125 until the
    // connection's limit waits (the big board itself went over HTTP: only its version is here).
    const sessionId = boss.snapshot.board.sessions[0]!.id;
    let revision = boss.snapshot.board.sessions[0]!.revision;
    for (let i = 0; i < 800 && open() === 3; i++) {
      const description = randomBytes(1500).toString('base64').slice(0, 2000);
      expect(await boss.send('session:update', { sessionId, revision: revision++, description })).toMatchObject({ ok: true });
    }
    await vi.waitFor(() => expect(open()).toBe(2), { timeout: 5_000 });
    // Logged with what it held and its network, named without its address.
    const dropped = log.lines.filter((line) => line.msg === 'dropped a connection that does not read');
    expect(dropped).toEqual([expect.objectContaining({ level: 40, network: expect.stringMatching(/^[0-9a-f]{12}$/) })]);
    expect(dropped[0]!.unsentBytes).toBeGreaterThan(DEFAULT_LIMITS.unsent.perConnection);
    // The screens that read are still served.
    expect(await listener.send('board:ping', {})).toMatchObject({ ok: true });
    const broadcasts = DEFAULT_LIMITS.unsent.perConnection / 2200;
    expect(heard).toBeGreaterThan(broadcasts * 0.8);
    expect(heard).toBeLessThan(broadcasts * 1.2);
    listener.close();
    boss.close();
  });

  it('holds a phone to the default limits: a sixth new session in a row waits, the facilitator never does', async () => {
    const phone = await attendee();
    const acks = [];
    for (let i = 0; i < 6; i++) acks.push(await phone.send('session:submit', { title: `Thema ${i}`, host: 'Ana' }));
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true, true, true, false]);
    expect(acks[5]).toMatchObject({ error: { code: 'rate_limited' } });
    const boss = await facilitator();
    for (let i = 0; i < 6; i++) expect(await boss.send('session:submit', { title: `Moderation ${i}`, host: 'M' })).toMatchObject({ ok: true });
  });

  it('a retried submit makes one session and gives its sender the same working link again', async () => {
    const annasPhone = 'annas-phone-0123456789';
    const anna = await attendee(annasPhone);
    const payload = { commandId: 'f3a9c1d27b8e4a6f9c0d1e2f3a4b5c6d', title: 'Retry me', host: 'Anna' };
    const first = await anna.send<{ sessionId: string; token: string }>('session:submit', payload);
    // The ack was lost with the wifi: the phone retries on a new connection, naming its device again.
    anna.close();
    const annaAgain = await attendee(annasPhone);
    const again = await annaAgain.send<{ sessionId: string; token: string }>('session:submit', payload);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.version).toBe(first.version);
    expect(again).toEqual(first);
    const sync = await annaAgain.send<{ board: Board }>('board:sync', {});
    expect(sync.ok && sync.data!.board.sessions.filter((s) => s.title === 'Retry me')).toHaveLength(1);
    const { sessionId, token } = first.data!;
    expect(await annaAgain.send('session:update', { sessionId, revision: 1, token, title: 'Retried' })).toMatchObject({ ok: true });
    // Someone else's submit (another id) never reaches this session's link.
    const stranger = await attendee();
    const theirs = await stranger.send<{ sessionId: string; token: string }>('session:submit', { commandId: 'a'.repeat(32), title: 'Retry me', host: 'Anna' });
    expect(theirs.ok && theirs.data!.sessionId).not.toBe(sessionId);
    // Anna's commandId, sent again by another phone (it travels in the payload): the same ack, no link.
    const { token: _annasToken, ...withoutToken } = first.data!;
    expect(await stranger.send('session:submit', payload)).toStrictEqual({ ok: true, version: first.version, data: withoutToken });
    expect(await stranger.send('session:update', { sessionId, revision: 2, token: theirs.ok ? theirs.data!.token : '', title: 'Mine' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A reissued link stays the one that works, even when the old submit is retried after it.
    const boss = await facilitator();
    const reissued = await boss.send<{ token: string }>('session:reissue', { sessionId });
    expect(await annaAgain.send('session:submit', payload)).toEqual(first);
    expect(await annaAgain.send('session:update', { sessionId, revision: 2, token: reissued.ok ? reissued.data!.token : '', title: 'Neu' })).toMatchObject({
      ok: true,
    });
    stranger.close();
  });

  it('submit returns a giver token that edits and withdraws only its own session; broadcasts never carry it', async () => {
    const giver = await attendee();
    const watcher = await attendee();
    const ack = await giver.send<{ sessionId: string; token: string }>('session:submit', {
      title: 'Mein Thema',
      host: 'Gina',
      description: 'Kurz',
      tags: ['Test'],
    });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    const { sessionId, token } = ack.data!;
    expect(token.length).toBeGreaterThanOrEqual(22);
    await watcher.waitForVersion(1);
    expect(JSON.stringify(watcher.broadcasts)).not.toContain(token);

    const other = giver.snapshot.board.sessions[0]!;
    expect(await giver.send('session:update', { sessionId: other.id, revision: 1, title: 'Mine now', token })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await giver.send('session:update', { sessionId, revision: 1, title: 'Neuer Titel', token })).toEqual({ ok: true, version: 2 });
    expect(await giver.send('session:update', { sessionId, revision: 1, title: 'Stale', token })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await giver.send('session:withdraw', { sessionId, token })).toEqual({ ok: true, version: 3 });
    await watcher.waitForVersion(3);
    expect(watcher.broadcasts[1]!.events).toEqual([{ type: 'session.updated', sessionId, changes: { title: 'Neuer Titel' }, revision: 2 }]);
    expect(watcher.broadcasts[2]!.events).toEqual([{ type: 'session.withdrawn', sessionId }]);
  });
});

describe('what a client sends', () => {
  it('is carried out without an ack function, and a name nobody knows is answered even without a payload', async () => {
    const laptop = await facilitator();
    laptop.socket.emit('room:add', { name: 'Ohne Antwort' });
    await expect
      .poll(async () => (await server.store.loadBoard((await server.store.findEvent(server.slug))!.id)).board.rooms.map((r) => r.name))
      .toContain('Ohne Antwort');
    expect(await laptop.socket.timeout(2_000).emitWithAck('no:such-command')).toEqual({
      ok: false,
      error: { code: 'invalid', reason: 'unknown_command', message: 'Unknown command "no:such-command".' },
    });
  });
});

describe('facilitator screens and a key changed elsewhere', () => {
  it('lets every open facilitator screen of the event go within the check interval, and nobody else', async () => {
    const server = await file.ownServer({ keyCheckMs: 50 });
    const laptop = await file.client(server.key);
    const phone = await file.client();
    const revoked = new Promise<void>((resolve) => laptop.socket.once('facilitator:revoked', () => resolve()));
    const gone = new Promise<void>((resolve) => laptop.socket.once('disconnect', () => resolve()));
    // What `npm run event:key` does from another process: only the file changes.
    await server.store.setFacilitatorKeyHash((await server.store.findEvent(server.slug))!.id, hashSecret('a-new-key-from-the-cli'));
    await Promise.all([revoked, gone]);
    // Three more sweeps pass (nothing marks one that lets nobody go).
    await sleep(150);
    expect(phone.socket.connected).toBe(true);
    expect((await phone.send('board:ping', {})).ok).toBe(true);
  });

  it('lets a screen go within the check interval it was given, not the default of seconds', async () => {
    const server = await file.ownServer({ keyCheckMs: 50 });
    const laptop = await file.client(server.key);
    const revoked = new Promise<boolean>((resolve) => {
      laptop.socket.once('facilitator:revoked', () => resolve(true));
      setTimeout(() => resolve(false), 1_000);
    });
    await server.store.setFacilitatorKeyHash((await server.store.findEvent(server.slug))!.id, hashSecret('another-new-key'));
    expect(await revoked).toBe(true);
  });

  it('refuses the next command of a screen whose key changed, before any check comes round', async () => {
    const server = await file.ownServer({ keyCheckMs: 60_000 });
    const laptop = await file.client(server.key);
    const revoked = new Promise<void>((resolve) => laptop.socket.once('facilitator:revoked', () => resolve()));
    await server.store.setFacilitatorKeyHash((await server.store.findEvent(server.slug))!.id, hashSecret('a-new-key-from-the-cli'));
    expect(await laptop.send('room:add', { name: 'Zu spät' })).toEqual({
      ok: false,
      error: { code: 'forbidden', reason: 'wrong_key', message: 'The facilitator key was changed: open the board with the new link.' },
    });
    await revoked;
    expect((await server.store.loadBoard((await server.store.findEvent(server.slug))!.id)).board.rooms.map((r) => r.name)).not.toContain('Zu spät');
  });

  it('lets go of a facilitator screen whose event was deleted meanwhile', async () => {
    const server = await file.ownServer({ keyCheckMs: 50 });
    const laptop = await file.client(server.key);
    const revoked = new Promise<boolean>((resolve) => {
      laptop.socket.once('facilitator:revoked', () => resolve(true));
      setTimeout(() => resolve(false), 5_000);
    });
    await server.store.deleteEvent((await server.store.findEvent(server.slug))!.id);
    expect(await revoked).toBe(true);
  });

  it('keeps a facilitator screen whose key is still the one in the file', async () => {
    const server = await file.ownServer({ keyCheckMs: 50 });
    const laptop = await file.client(server.key);
    let revoked = false;
    laptop.socket.once('facilitator:revoked', () => (revoked = true));
    // Six sweeps pass (nothing marks one that lets nobody go).
    await sleep(300);
    expect([revoked, laptop.socket.connected]).toEqual([false, true]);
  });
});

describe('a new key made on a facilitator screen', () => {
  it("lets go of the event's other facilitator screens at once, not at the next check", async () => {
    const server = await file.ownServer({ keyCheckMs: 60_000 });
    const rotating = await file.client(server.key);
    const other = await file.client(server.key);
    const revoked = new Promise<boolean>((resolve) => {
      other.socket.once('facilitator:revoked', () => resolve(true));
      setTimeout(() => resolve(false), 2_000);
    });
    expect((await rotating.send('event:rotate-key', {})).ok).toBe(true);
    expect(await revoked).toBe(true);
    expect((await rotating.send('room:add', { name: 'Weiter' })).ok).toBe(true);
  });

  it('closes the connection of a screen it lets go, also of a client that would keep it open', async () => {
    const server = await file.ownServer({ keyCheckMs: 60_000 });
    // A facilitator screen over long polling that does not close its connection when told to go.
    const polling = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const sid = (JSON.parse((await (await fetch(polling)).text()).slice(1)) as { sid: string }).sid;
    const read = async () => (await (await fetch(`${polling}&sid=${sid}`)).text()).split('\x1e');
    await fetch(`${polling}&sid=${sid}`, { method: 'POST', body: `40${JSON.stringify({ event: server.slug, key: server.key })}` });
    while (!(await read()).some((packet) => packet.startsWith('40{')));
    const rotating = await file.client(server.key);
    expect(server.app.io.engine.clientsCount).toBe(2);
    expect((await rotating.send('event:rotate-key', {})).ok).toBe(true);
    // Told (and read): its connection goes, not only its place in the event.
    expect(await read()).toEqual(expect.arrayContaining(['42["facilitator:revoked"]', '41']));
    // The next poll hears Engine.IO's close.
    expect(await read()).toContain('1');
    await vi.waitFor(() => expect(server.app.io.engine.clientsCount).toBe(1));
  });

  it("lets go of the event's other facilitator screens only: another event's facilitator on this server stays", async () => {
    const rotating = await facilitator();
    const nextDoor = await createEvent(server.store, { ...TEST_EVENT, slug: 'nebenan' });
    const otherEvent = await connectClient(server.url, { event: nextDoor.slug, key: nextDoor.key });
    let otherRevoked = false;
    otherEvent.socket.once('facilitator:revoked', () => (otherRevoked = true));
    expect((await rotating.send('event:rotate-key', {})).ok).toBe(true);
    expect(await otherEvent.send('room:add', { name: 'Nebenan geht es weiter' })).toMatchObject({ ok: true });
    expect([otherRevoked, otherEvent.socket.connected]).toEqual([false, true]);
    otherEvent.close();
  });
});

describe('heartbeat', () => {
  it('board:ping answers at once with the version and the server clock, for anyone, and changes nothing', async () => {
    const [boss, watcher] = [await facilitator(), await attendee()];
    await boss.send('session:place', { sessionId: boss.snapshot.board.sessions[0]!.id, ...bookableCells(boss.snapshot.board)[0]! });
    const before = Date.now();
    const ping = await watcher.send<{ serverTime: number }>('board:ping', {});
    expect(ping).toMatchObject({ ok: true, version: 1 });
    expect(ping.ok && ping.data!.serverTime).toBeGreaterThanOrEqual(before - 1000);
    expect(await watcher.send('board:ping', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await boardVersion()).toBe(1);
    expect(watcher.broadcasts.map((b) => b.version)).toEqual([1]);
  });

  it('tells every screen, phone and facilitator alike, that it is there (board:alive) without being asked', async () => {
    const screens = [await facilitator(), await attendee()];
    const heard = await Promise.all(
      screens.map((screen) => new Promise<unknown[]>((resolve) => screen.socket.once('board:alive', (...args) => resolve(args)))),
    );
    // Nothing in it: it costs every phone a few bytes.
    expect(heard).toEqual([[], []]);
    expect(await boardVersion()).toBe(0);
  });
});

describe('validation', () => {
  it('refuses malformed payloads with invalid and leaves the board as it was', async () => {
    const boss = await facilitator();
    const [s1] = boss.snapshot.board.sessions;
    const cell = bookableCells(boss.snapshot.board)[0]!;
    const bad: Array<[string, unknown]> = [
      ['session:place', null],
      ['session:place', 'text'],
      ['session:place', [s1!.id]],
      ['session:place', { sessionId: s1!.id }],
      ['session:place', { sessionId: 5, roomId: cell.roomId, slotId: cell.slotId }],
      ['session:place', { sessionId: s1!.id, ...cell, extra: true }],
      ['session:interest', { sessionId: s1!.id, interest: '5' }],
      ['session:interest', { sessionId: s1!.id, interest: 2.5 }],
      ['session:interest', { sessionId: s1!.id, interest: -1 }],
      ['session:submit', { title: 'x'.repeat(121), host: 'h' }],
      ['session:submit', { title: 'ok', host: 'h', description: 'x'.repeat(2001) }],
      ['session:submit', { title: 'ok', host: 'h', tags: Array(9).fill('t') }],
      ['session:submit', { title: '', host: 'h' }],
      ['session:update', { sessionId: s1!.id, revision: '1', title: 'x' }],
      ['session:place', { commandId: 'x'.repeat(101), sessionId: s1!.id, ...cell }],
      // Whole numbers in JSON's eyes, but beyond any real revision or version.
      ['session:update', { sessionId: s1!.id, revision: 1e308, title: 'x' }],
      ['session:update', { sessionId: s1!.id, revision: 2 ** 53, title: 'x' }],
      ['board:history', { before: 1e308 }],
    ];
    for (const [name, payload] of bad) {
      const ack = await boss.send(name, payload);
      expect(ack, `${name} ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(ack.ok === false && ack.error.message.length).toBeGreaterThan(5);
    }
    expect(await boardVersion()).toBe(0);
  });

  it('answers a command the server does not know with invalid at once, for anyone, changing nothing', async () => {
    for (const client of [await facilitator(), await attendee()]) {
      for (const name of ['board:nonsense', 'session:teleport', '__proto__', 'constructor']) {
        // Unanswered, send() would give up after its ack timeout and fail the test.
        const ack = await client.send(name, { sessionId: 's1' });
        expect(ack, name).toMatchObject({ ok: false, error: { code: 'invalid', message: `Unknown command "${name}".` } });
      }
      // Without an ack there is nobody to answer: the connection stays usable.
      client.socket.emit('board:nonsense', {});
      expect(await client.send('board:ping', {})).toMatchObject({ ok: true });
    }
    expect(await boardVersion()).toBe(0);
  });

  it('keeps texts in composed form (NFC): one title however the phone spelled its umlauts', async () => {
    const boss = await facilitator();
    // 70 umlauts typed as letter + combining mark: 140 characters sent, 70 kept, within the limit.
    const ack = await boss.send<{ sessionId: string }>('session:submit', { title: 'U\u0308'.repeat(70), host: 'Jo\u0308rg', tags: ['Ma\u0308rz'] });
    expect(ack.ok).toBe(true);
    const id = (ack as { data: { sessionId: string } }).data.sessionId;
    const stored = (await server.store.loadBoard((await server.store.findEvent(server.slug))!.id)).board.sessions.find((s) => s.id === id)!;
    expect([stored.title, stored.host, stored.tags]).toEqual(['Ü'.repeat(70), 'Jörg', ['März']]);
  });

  it('names the field that is wrong', async () => {
    const boss = await facilitator();
    const long = await boss.send('session:submit', { title: 'x'.repeat(121), host: 'h' });
    expect(long.ok === false && long.error.message).toBe('Invalid title: must have 1 to 120 characters.');
    const invisible = await boss.send('session:submit', { title: '\u200B\u200B', host: 'h' });
    expect(invisible.ok === false && invisible.error.message).toBe('Invalid title: must show a letter or digit.');
  });

  it('refuses a placement into the lunch break with not_bookable', async () => {
    const boss = await facilitator();
    const lunch = boss.snapshot.board.slots.find((s) => s.kind === 'break')!;
    const ack = await boss.send('session:place', {
      sessionId: boss.snapshot.board.sessions[0]!.id,
      roomId: boss.snapshot.board.rooms[0]!.id,
      slotId: lunch.id,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_bookable' } });
  });

  it('drops a message larger than any valid command instead of buffering it', async () => {
    const boss = await facilitator();
    const disconnected = new Promise((resolve) => boss.socket.once('disconnect', resolve));
    boss.socket.emit('session:submit', { title: 'x'.repeat(200_000), host: 'h' }, () => {});
    await disconnected;
    expect(await boardVersion()).toBe(0);
  });
});

describe('HTTP', () => {
  it('answers healthz, the board as JSON, and 404 for an unknown event', async () => {
    expect(await fetch(`${server.url}/healthz`).then((r) => r.json())).toEqual({ ok: true, database: 'ok' });
    const board = await fetch(`${server.url}/api/events/${server.slug}/board`);
    expect(board.status).toBe(200);
    expect(board.headers.get('cache-control')).toBe('no-cache');
    const body = await board.json();
    expect(body.version).toBe(0);
    expect(Object.keys(body).sort()).toEqual(['board', 'undo', 'version']);
    expect(JSON.stringify(body)).not.toContain(server.key);
    const missing = await fetch(`${server.url}/api/events/nope/board`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await fetch(`${server.url}/e/nope`)).status).toBe(404);
  });
});

describe('connections from one address', () => {
  it('may name events that do not exist or wrong keys 30 times; then it learns nothing more, not even which events exist', async () => {
    // A server of its own: on the file's, other tests spent some of this address's budget.
    server = await file.ownServer();
    const { burst } = DEFAULT_LIMITS.failedLookupsPerAddress;
    for (let i = 0; i < burst / 2; i++) {
      expect((await refusalOf(server.url, { event: `rate-${i}` })).data?.code).toBe('not_found');
      expect((await refusalOf(server.url, { event: server.slug, key: `guess-${i}` })).data?.code).toBe('unauthorized');
    }
    const guessing = await refusalOf(server.url, { event: 'rate-x' });
    expect(guessing.data).toEqual({ code: 'rate_limited', message: 'Too many links that do not work from this network. Please wait a minute.' });
    expect((await refusalOf(server.url, { event: server.slug })).data?.code).toBe('rate_limited');
    expect((await refusalOf(server.url, { event: server.slug, key: server.key })).data?.code).toBe('rate_limited');
  });

  it('are limited to a bound (a venue shares one address, so it is generous); a closed one frees its place; the facilitator always gets in', async () => {
    const limited = await startTestServer({ limits: { ...DEFAULT_LIMITS, connectionsPerAddress: 3 } });
    try {
      const phones = await Promise.all([1, 2, 3].map(() => connectClient(limited.url, { event: limited.slug })));
      expect((await refusalOf(limited.url, { event: limited.slug })).data).toMatchObject({ code: 'rate_limited' });
      const boss = await connectClient(limited.url, { event: limited.slug, key: limited.key });
      expect(await boss.send('room:add', { name: 'Trotzdem' })).toMatchObject({ ok: true });
      phones[0]!.close();
      await expect.poll(() => limited.app.io.sockets.sockets.size).toBe(3);
      const again = await connectClient(limited.url, { event: limited.slug });
      expect(again.socket.connected).toBe(true);
      for (const client of [...phones, boss, again]) client.close();
    } finally {
      await limited.close();
    }
  });

  it('hold to the bound when many connect at the same moment; every place is free again once they left', async () => {
    const limited = await startTestServer({ limits: { ...DEFAULT_LIMITS, connectionsPerAddress: 5 } });
    const sockets: Socket[] = [];
    try {
      // 12 handshakes in one burst: each is checked before any of the others is counted as open.
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () => {
          const socket = connect(limited.url, { auth: { event: limited.slug }, transports: ['websocket'], reconnection: false, forceNew: true });
          sockets.push(socket);
          return new Promise<string>((resolve) => {
            socket.once('board:snapshot', () => resolve('in'));
            socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
          });
        }),
      );
      expect(outcomes.filter((o) => o === 'in')).toHaveLength(5);
      expect(outcomes.filter((o) => o === 'rate_limited')).toHaveLength(7);
      sockets.splice(0).forEach((socket) => socket.disconnect());
      await expect.poll(() => limited.app.io.sockets.sockets.size).toBe(0);
      // Every place is free again: five more get in.
      const phones = await Promise.all([1, 2, 3, 4, 5].map(() => connectClient(limited.url, { event: limited.slug })));
      phones.forEach((phone) => phone.close());
    } finally {
      sockets.forEach((socket) => socket.disconnect());
      await limited.close();
    }
  });
});

describe('open connections per network', () => {
  it('refuses a phone beyond the bound, counts a closed one out, and never counts the facilitator', async () => {
    const server = await file.ownServer({ limits: { ...DEFAULT_LIMITS, connectionsPerAddress: 2 } });
    const first = await file.client();
    await file.client();
    const refused = await refusalOf(server.url, { event: server.slug });
    expect(refused.data).toEqual({ code: 'rate_limited', message: 'Too many open connections from this network. Please try again in a minute.' });
    expect((await file.client(server.key)).socket.connected).toBe(true);
    first.close();
    await expect.poll(async () => (await file.client().catch(() => undefined))?.socket.connected).toBe(true);
    // One closed makes room for one, not for more; a facilitator screen that comes and goes frees none.
    expect((await refusalOf(server.url, { event: server.slug })).data?.code).toBe('rate_limited');
    const laptop = await file.client(server.key);
    const open = server.app.io.of('/').sockets.size;
    laptop.close();
    await expect.poll(() => server.app.io.of('/').sockets.size).toBe(open - 1);
    expect((await refusalOf(server.url, { event: server.slug })).data?.code).toBe('rate_limited');
  });
});

describe('the address a phone counts under', () => {
  /** Whether a phone that says it comes through a proxy from `forwardedFor` is let in. */
  const connects = (url: string, slug: string, forwardedFor: string) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(url, {
        auth: { event: slug },
        extraHeaders: { 'x-forwarded-for': forwardedFor },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      opened.push(socket);
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
  const opened: Socket[] = [];
  afterEach(() => opened.splice(0).forEach((socket) => socket.close()));

  it('is the right-most X-Forwarded-For entry no trusted proxy stands for: what the client writes itself does not count', async () => {
    const limits = { ...DEFAULT_LIMITS, connectionsPerAddress: 1 };
    // One proxy in front (PITCHBOARD_TRUST_PROXY=1): it appended the address it saw, last.
    const oneHop = await file.ownServer({ limits, trustProxy: 1 });
    expect(await connects(oneHop.url, oneHop.slug, '10.0.0.1')).toBe(true);
    expect(await connects(oneHop.url, oneHop.slug, '10.0.0.2')).toBe(true);
    // Made-up addresses in front of the one the proxy wrote buy nothing.
    expect(await connects(oneHop.url, oneHop.slug, '10.0.0.9, 10.0.0.1')).toBe(false);
    expect(await connects(oneHop.url, oneHop.slug, ' 172.16.0.1 , 10.0.0.2')).toBe(false);
    opened.splice(0).forEach((socket) => socket.close());
    await oneHop.close();

    // The proxies by address: this connection's peer (127.0.0.1) is one, so the entry before it counts.
    const byAddress = await file.ownServer({ limits, trustProxy: ['127.0.0.1'] });
    expect(await connects(byAddress.url, byAddress.slug, '10.0.0.5, 127.0.0.1')).toBe(true);
    expect(await connects(byAddress.url, byAddress.slug, '10.0.0.6, 10.0.0.5, 127.0.0.1')).toBe(false);
    opened.splice(0).forEach((socket) => socket.close());
    await byAddress.close();

    // A peer that is not a trusted proxy is the client, whatever its header says; so without a proxy.
    for (const trustProxy of [['10.9.9.9'], undefined]) {
      const direct = await file.ownServer({ limits, trustProxy });
      expect(await connects(direct.url, direct.slug, '10.0.0.1')).toBe(true);
      expect(await connects(direct.url, direct.slug, '10.0.0.2')).toBe(false);
      opened.splice(0).forEach((socket) => socket.close());
      await direct.close();
    }
  });
});

describe("a phone's limits, each with its sentence", () => {
  it('refuses commands past its budget, and whole boards past theirs', async () => {
    const server = await file.ownServer({
      limits: { ...DEFAULT_LIMITS, commandsPerDevice: { burst: 3, perSecond: 0 }, syncsPerDevice: { burst: 1, perSecond: 0 } },
    });
    const device = 'one-phone-0123456789';
    const phone = await file.client(undefined, device);
    expect((await phone.send('board:sync', {})).ok).toBe(true);
    expect(await phone.send('board:sync', {})).toEqual({
      ok: false,
      error: { code: 'rate_limited', reason: 'too_many_requests', message: 'The whole board was sent just now. Please wait a few seconds.' },
    });
    // The same phone on a new connection (a refusal is heard once a second on each).
    const again = await file.client(undefined, device);
    expect((await again.send('board:ping', {})).ok).toBe(true);
    expect(await again.send('board:ping', {})).toEqual({
      ok: false,
      error: { code: 'rate_limited', reason: 'too_many_requests', message: 'Too many requests from this device. Please wait a few seconds.' },
    });
    // The facilitator's screens are not held to a phone's budget.
    const laptop = await file.client(server.key);
    for (let i = 0; i < 5; i++) expect((await laptop.send('board:sync', {})).ok).toBe(true);
  });

  it('refuses a whole board to a phone that has not yet read over 64 KB it was sent, and sends one once it has', async () => {
    // A long-polling phone that does not ask for what waits for it: the changes pile up in the server.
    const polling = `${server.url}/socket.io/?EIO=4&transport=polling`;
    const sid = (JSON.parse((await (await fetch(polling)).text()).slice(1)) as { sid: string }).sid;
    const post = (body: string) => fetch(`${polling}&sid=${sid}`, { method: 'POST', body });
    /** The packets the phone read; reads on (each long poll waits for one) until one that starts so is among them. */
    const received: string[] = [];
    const packet = async (start: string): Promise<string> => {
      for (;;) {
        const found = received.find((read) => read.startsWith(start));
        if (found) return found.slice(start.length);
        received.push(...(await (await fetch(`${polling}&sid=${sid}`)).text()).split('\x1e'));
      }
    };
    const answerTo = async (id: number) => (JSON.parse(`[${await packet(`43${id}[`)}`) as [Ack])[0];
    await post(`40${JSON.stringify({ event: server.slug, device: 'polling-phone-000001' })}`);
    await packet('40{');
    const boss = await facilitator();
    const session = boss.snapshot.board.sessions[0]!;
    // About 2.1 KB a change: 40 of them are 84 KB.
    for (let i = 0; i < 40; i++) {
      const description = `${i} ${randomBytes(1500).toString('base64')}`.slice(0, 2000);
      expect(await boss.send('session:update', { sessionId: session.id, revision: session.revision + i, description })).toMatchObject({ ok: true });
    }
    // Anything but a whole board is answered as ever.
    await post('420["board:ping",{}]\x1e421["board:sync",{}]');
    expect(await answerTo(0)).toMatchObject({ ok: true, version: 40 });
    expect(await answerTo(1)).toEqual({
      ok: false,
      error: { code: 'rate_limited', reason: 'too_many_requests', message: 'The last board has not reached this device yet. Please wait.' },
    });
    // All read now: the phone gets the board.
    await post('422["board:sync",{}]');
    expect(await answerTo(2)).toMatchObject({ ok: true, version: 40, data: { version: 40 } });
  });

  it('sends a whole board on top of 64 KB unsent, not on top of more', () => {
    const budgets = new SocketBudgets(DEFAULT_LIMITS, () => {});
    const phone = (unsent: number, device: string): SocketData =>
      ({ isFacilitator: false, eventId: 1, device, address: '192.0.2.1', unsent: () => unsent }) as SocketData;
    expect(budgets.spend('a', phone(64 * 1024, 'device-a'), 'whole board')).toBeUndefined();
    expect(budgets.spend('b', phone(64 * 1024 + 1, 'device-b'), 'whole board')).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('answers a refusal to a phone once a second at most, to the facilitator each time', () => {
    const budgets = new SocketBudgets(DEFAULT_LIMITS, () => {});
    const phone = { isFacilitator: false } as SocketData;
    const start = 1_800_000_000_000;
    expect([start, start + 999, start + 1_000, start + 1_500, start + 2_000].map((now) => budgets.heard(phone, now))).toEqual([true, false, true, false, true]);
    const laptop = { isFacilitator: true } as SocketData;
    expect([start, start + 1, start + 2].map((now) => budgets.heard(laptop, now))).toEqual([true, true, true]);
  });
});

describe('budgets that made-up names do not dodge', () => {
  const limited = (message: string) => ({ ok: false, error: { code: 'rate_limited', reason: 'too_many_requests', message } });

  it('counts the commands of all devices of one address together: fresh device ids buy nothing more', async () => {
    const server = await file.ownServer({ limits: { ...DEFAULT_LIMITS, commandsPerAddress: { burst: 10, perSecond: 0 } } });
    const phones = await Promise.all(Array.from({ length: 12 }, (_, i) => file.client(undefined, `made-up-device-${String(i).padStart(4, '0')}`)));
    const acks = [];
    for (const phone of phones) acks.push(await phone.send('board:ping', {}));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(10);
    expect(acks.at(-1)).toEqual(limited('Too many requests from this network right now. Please wait a few seconds.'));
    // A name nobody knows costs the same, and the facilitator is not held to the phones' budget.
    expect(await phones[0]!.send('no:such-command', {})).toEqual(limited('Too many requests from this network right now. Please wait a few seconds.'));
    expect((await (await file.client(server.key)).send('board:ping', {})).ok).toBe(true);
  });

  it("counts a name nobody knows within the sender's own budget", async () => {
    await file.ownServer({ limits: { ...DEFAULT_LIMITS, commandsPerDevice: { burst: 2, perSecond: 0 } } });
    const phone = await file.client();
    const acks = [];
    for (let i = 0; i < 3; i++) acks.push(await phone.send('no:such-command', {}));
    expect(acks.map((ack) => (ack.ok ? 'ok' : ack.error.code))).toEqual(['invalid', 'invalid', 'rate_limited']);
    // Like any refusal for sending too much, heard once a second: the next ones within it go unanswered.
    const unanswered = await Promise.all(
      Array.from({ length: 2 }, () => (phone.socket.timeout(1_000).emitWithAck('no:such-command', {}) as Promise<Ack>).catch(() => 'no answer' as const)),
    );
    expect(unanswered).toEqual(['no answer', 'no answer']);
  });

  it('gives each facilitator screen its own bucket within the event: one screen that floods leaves the others room', async () => {
    const server = await file.ownServer({
      limits: { ...DEFAULT_LIMITS, facilitatorCommandsPerScreen: { burst: 5, perSecond: 0 }, facilitatorCommandsPerEvent: { burst: 8, perSecond: 0 } },
    });
    const [flooding, other] = [await file.client(server.key), await file.client(server.key)];
    const floodAcks = [];
    for (let i = 0; i < 7; i++) floodAcks.push(await flooding.send('board:ping', {}));
    expect(floodAcks.map((ack) => ack.ok)).toEqual([true, true, true, true, true, false, false]);
    expect(floodAcks[5]).toEqual(limited('Too many changes at once from this screen. Please wait a moment.'));
    const otherAcks = [];
    for (let i = 0; i < 4; i++) otherAcks.push(await other.send('board:ping', {}));
    expect(otherAcks.map((ack) => ack.ok)).toEqual([true, true, true, false]);
    expect(otherAcks[3]).toEqual(limited('Too many changes at once on this board. Please wait a moment.'));
  });

  it('shares one budget per address between unknown events, wrong keys and event pages that answer 404', async () => {
    const server = await file.ownServer({ limits: { ...DEFAULT_LIMITS, failedLookupsPerAddress: { burst: 3, perSecond: 0 } } });
    expect((await refusalOf(server.url, { event: 'gibt-es-nicht' })).data?.code).toBe('not_found');
    expect((await refusalOf(server.url, { event: server.slug, key: 'falsch' })).data?.code).toBe('unauthorized');
    expect((await fetch(`${server.url}/e/auch-nicht`)).status).toBe(404);
    // Spent: the address learns nothing more, not even whether an event exists.
    expect((await refusalOf(server.url, { event: server.slug })).data?.code).toBe('rate_limited');
    const page = await fetch(`${server.url}/e/${server.slug}`);
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('Bitte warte eine Minute.');
  });
});

describe('a network held back', () => {
  it('is told to the facilitator at once when it starts, then its count once a second, not once a refusal', async () => {
    const server = await file.ownServer({ limits: { ...DEFAULT_LIMITS, submitPerAddress: { burst: 1, perSecond: 0 } } });
    const laptop = await file.client(server.key);
    const heard: Array<{ networks: Array<{ refused: number }> }> = [];
    laptop.socket.on('limits:held', (held: (typeof heard)[number]) => heard.push(held));
    const phones = await Promise.all([1, 2, 3, 4].map(() => file.client()));
    const acks = [];
    for (const phone of phones) acks.push(await phone.send('session:submit', { title: 'Flut', host: 'X' }));
    expect(acks.map((ack) => ack.ok)).toEqual([true, false, false, false]);
    expect(acks[1]).toEqual({
      ok: false,
      error: { code: 'rate_limited', reason: 'too_many_requests', message: 'Too many new sessions from this network right now. Please wait a minute.' },
    });
    await expect.poll(() => heard.length).toBe(1);
    expect(heard[0]!.networks.map((n) => n.refused)).toEqual([1]);
    await expect.poll(() => heard.length, { timeout: 3_000 }).toBe(2);
    expect(heard[1]!.networks.map((n) => n.refused)).toEqual([3]);
    // Within more than the second the counts come in, nothing new (nothing marks a tell not sent).
    await sleep(1_200);
    expect(heard).toHaveLength(2);
    // A phone that comes now is not told about holds; only a facilitator screen is.
    let phoneHeard = 0;
    const latePhone = connect(server.url, { auth: { event: server.slug }, transports: ['websocket'], reconnection: false, forceNew: true });
    latePhone.on('limits:held', () => phoneHeard++);
    await new Promise<void>((resolve) => latePhone.once('board:snapshot', () => resolve()));
    // What the server tells a screen as it connects comes before the answer to its first ask.
    await latePhone.timeout(5_000).emitWithAck('board:ping', {});
    latePhone.close();
    expect(phoneHeard).toBe(0);
  });

  it('is not mentioned to a facilitator screen when no network is held back', async () => {
    let told = 0;
    const laptop = connect(server.url, { auth: { event: server.slug, key: server.key }, transports: ['websocket'], reconnection: false, forceNew: true });
    laptop.on('limits:held', () => told++);
    await new Promise<void>((resolve) => laptop.once('board:snapshot', () => resolve()));
    // What the server tells a screen as it connects comes before the answer to its first ask.
    await laptop.timeout(5_000).emitWithAck('board:ping', {});
    laptop.close();
    expect(told).toBe(0);
  });
});

describe('lifting a limit', () => {
  it('is for the facilitator, who names a network', async () => {
    const phone = await attendee();
    expect(await phone.send('limits:lift', { network: 'x' })).toEqual({
      ok: false,
      error: { code: 'forbidden', reason: 'facilitator_only', message: 'Only the facilitator may ask this.' },
    });
    const laptop = await facilitator();
    for (const [payload, error] of [
      [{}, { reason: 'missing', message: 'Invalid network: Expected required property.', field: 'network' }],
      [{ network: 7 }, { reason: 'wrong_type', message: 'Invalid network: Expected string.', field: 'network' }],
      [
        { network: 'n'.repeat(65) },
        { reason: 'too_long', message: 'Invalid network: Expected string length less or equal to 64.', field: 'network', limit: 64 },
      ],
      [null, { reason: 'not_an_object', message: 'The payload must be an object.' }],
    ] as const) {
      expect(await laptop.send('limits:lift', payload)).toEqual({ ok: false, error: { code: 'invalid', ...error } });
    }
    expect(await laptop.send('limits:lift', { network: 'n'.repeat(64) })).toMatchObject({ ok: true, data: { networks: [] } });
  });
});

describe('a board too big for a socket (over 64 KB of JSON)', () => {
  /** The test camp with 40 sessions of 1,900-character descriptions: about 80 KB. */
  const bigCamp = () =>
    createEvent(server.store, {
      ...TEST_EVENT,
      slug: `${server.slug}-riesig`,
      sessions: Array.from({ length: 40 }, (_, i) => ({ title: `Session ${i}`, host: 'Ana', description: `${i} ${'Beschreibung '.repeat(146)}`, tags: [] })),
    });

  it('is named by its version on connect and on board:sync, and fetched over HTTP', async () => {
    const { slug } = await bigCamp();
    const socket = connect(server.url, { auth: { event: slug }, transports: ['websocket'], reconnection: false, forceNew: true });
    const heard: string[] = [];
    socket.onAny((name: string) => heard.push(name));
    const told = await new Promise<{ version: number; serverTime: number }>((resolve) => socket.once('board:version', resolve));
    expect(told.version).toBe(0);
    expect(Math.abs(told.serverTime - Date.now())).toBeLessThan(60_000);
    const sync = (await socket.timeout(5000).emitWithAck('board:sync', {})) as Ack<Record<string, unknown>>;
    expect(sync).toEqual({ ok: true, version: 0, data: { version: 0, serverTime: expect.any(Number) } });
    expect(heard).not.toContain('board:snapshot');
    const answer = await fetch(`${server.url}/api/events/${slug}/board`);
    const body = (await answer.json()) as Snapshot;
    expect(body.board.sessions).toHaveLength(40);
    expect(JSON.stringify(body.board).length).toBeGreaterThan(64 * 1024);
    socket.disconnect();
  });

  it('names the version to a returning screen whose missed changes weigh more than 64 KB', async () => {
    const { slug, key } = await bigCamp();
    const boss = await connectClient(server.url, { event: slug, key });
    const phone = await connectClient(server.url, { event: slug });
    clients.push(boss, phone);
    for (const session of boss.snapshot.board.sessions) {
      expect(
        await boss.send('session:update', { sessionId: session.id, revision: session.revision, description: `${'Neu '.repeat(450)}${session.id}` }),
      ).toMatchObject({ ok: true });
    }
    // Each change (about 1,900 characters) reached the screens that are there, as it is.
    await phone.waitForVersion(40);
    expect(phone.broadcasts).toHaveLength(40);
    const since = (version: number) => {
      const returning = connect(server.url, { auth: { event: slug, version }, transports: ['websocket'], reconnection: false, forceNew: true });
      return new Promise<[string, unknown]>((resolve) => returning.onAny((name: string, payload: unknown) => resolve([name, payload]))).finally(() =>
        returning.disconnect(),
      );
    };
    // 40 missed changes (76 KB): fetched, not caught up; 5: caught up.
    expect(await since(0)).toEqual(['board:version', { version: 40, serverTime: expect.any(Number) }]);
    expect(await since(35)).toEqual(['board:events', expect.objectContaining({ version: 36 })]);
  });
});
