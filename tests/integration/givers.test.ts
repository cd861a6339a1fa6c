// Session givers on their phones: claims, releases, tokens, limits; the facilitator's pitch
// queue and settings reaching every screen.
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { bookableCells } from '../../shared/board.ts';
import type { Ack, HeldNetwork } from '../../shared/protocol.ts';
import { createEvent } from '../../server/create-event.ts';
import { DEFAULT_LIMITS } from '../../server/rate-limit.ts';
import { claimRounds, type Giver } from '../helpers/claim-rounds.ts';
import { io } from 'socket.io-client';
import { connectClient, refusalOf, syncedBoard, TEST_EVENT } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';
import { lifted } from '../helpers/rate-limits.ts';

const tests = serverPerFile();
const client = tests.client;
let server: EventOnServer;

async function giver(title: string): Promise<Giver> {
  const c = await client();
  const ack = await c.send<{ sessionId: string; token: string }>('session:submit', { title, host: `Host of ${title}` });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return { client: c, sessionId: ack.data!.sessionId, token: ack.data!.token };
}

describe('claiming', () => {
  it('50 rounds of 2–5 givers claiming one cell at once: exactly one winner each round, every loser told', async () => {
    // Far faster than any person taps: lift the per-phone command limit for this test.
    server = await tests.ownServer({ limits: lifted('commandsPerDevice', 'commandsPerAddress') });
    const boss = await client(server.key);
    const givers = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((name) => giver(`Claim ${name}`)));
    expect(await boss.send('event:update', { claiming: 'open' })).toMatchObject({ ok: true });
    const { claims, losersTold } = await claimRounds(boss, givers, 50);
    expect(losersTold).toBe(claims - 50);
  }, 60_000);

  it('refuses a stranger’s token, a closed board, a break, and a token that was reissued', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const [anna, ben] = [await giver('Anna’s'), await giver('Ben’s')];
    const [cell] = bookableCells(boss.snapshot.board);
    const lunch = boss.snapshot.board.slots.find((s) => s.kind === 'break')!;

    expect(await anna.client.send('session:claim', { sessionId: anna.sessionId, token: anna.token, ...cell })).toMatchObject({
      ok: false,
      error: { code: 'claiming_closed' },
    });
    await boss.send('event:update', { claiming: 'open' });
    expect(await anna.client.send('session:claim', { sessionId: ben.sessionId, token: anna.token, ...cell })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await anna.client.send('session:claim', { sessionId: anna.sessionId, ...cell })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await anna.client.send('session:claim', { sessionId: anna.sessionId, token: anna.token, roomId: cell!.roomId, slotId: lunch.id })).toMatchObject({
      ok: false,
      error: { code: 'not_bookable' },
    });
    expect(await anna.client.send('session:claim', { sessionId: anna.sessionId, token: anna.token, ...cell })).toMatchObject({ ok: true });

    const reissued = await boss.send<{ sessionId: string; token: string }>('session:reissue', { sessionId: anna.sessionId });
    expect(reissued.ok).toBe(true);
    const newToken = reissued.ok ? reissued.data!.token : '';
    expect(newToken).not.toBe(anna.token);
    expect(await anna.client.send('session:release', { sessionId: anna.sessionId, token: anna.token })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await anna.client.send('session:release', { sessionId: anna.sessionId, token: newToken })).toMatchObject({ ok: true });
    expect((await syncedBoard(boss)).placements).toEqual([]);

    // The facilitator can always move, unplace and withdraw a claimed session.
    await anna.client.send('session:claim', { sessionId: anna.sessionId, token: newToken, ...cell });
    await boss.send('event:update', { claiming: 'closed' });
    expect(await anna.client.send('session:release', { sessionId: anna.sessionId, token: newToken })).toMatchObject({
      ok: false,
      error: { code: 'claiming_closed' },
    });
    expect(await boss.send('session:unplace', { sessionId: anna.sessionId })).toMatchObject({ ok: true });
    expect(await boss.send('session:withdraw', { sessionId: anna.sessionId })).toMatchObject({ ok: true });
  });

  it('a giver edits with the token; a stale edit gets conflict', async () => {
    server = tests.server;
    const anna = await giver('Original');
    const boss = await client(server.key);
    expect(await boss.send('session:update', { sessionId: anna.sessionId, revision: 1, title: 'By the facilitator' })).toMatchObject({ ok: true });
    const stale = await anna.client.send('session:update', { sessionId: anna.sessionId, revision: 1, title: 'Mine', token: anna.token });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const fresh = await anna.client.send('session:update', {
      sessionId: anna.sessionId,
      revision: 2,
      description: 'Neu',
      wishes: { timing: 'after_lunch', needsProjector: true },
      token: anna.token,
    });
    expect(fresh).toMatchObject({ ok: true });
    const session = (await syncedBoard(boss)).sessions.find((s) => s.id === anna.sessionId)!;
    expect(session).toMatchObject({
      title: 'By the facilitator',
      description: 'Neu',
      revision: 3,
      wishes: { timing: 'after_lunch', leaveBy: null, needsProjector: true },
    });
  });
});

describe('the pitch queue and settings reach every screen', () => {
  it('queue order, the current pitch and the timer arrive as board:events', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const beamer = await client();
    const seeded = boss.snapshot.board.pitch.queue;
    expect(seeded).toHaveLength(3);
    const newcomer = await giver('Late pitch');
    expect((await syncedBoard(boss)).pitch.queue).toEqual([...seeded, newcomer.sessionId]);

    await boss.send('pitch:reorder', { sessionId: newcomer.sessionId, toIndex: 0 });
    const started = await boss.send('pitch:start', {});
    expect(started.ok).toBe(true);
    const version = started.ok ? started.version : 0;
    const broadcast = await beamer.waitForVersion(version);
    const pitchEvent = broadcast.events.find((e) => e.type === 'pitch.updated');
    expect(pitchEvent).toMatchObject({ pitch: { current: newcomer.sessionId, queue: seeded } });
    const timer = pitchEvent?.type === 'pitch.updated' ? pitchEvent.pitch.timer : undefined;
    expect(timer).toMatchObject({ durationMs: 30_000, remainingMs: 30_000 });
    expect(Math.abs(timer!.runningSince! - broadcast.serverTime)).toBeLessThan(1000);

    await boss.send('event:update', { pitchSeconds: 45, claiming: 'open' });
    await boss.send('pitch:next', {});
    const board = await syncedBoard(beamer);
    expect(board.event).toMatchObject({ pitchSeconds: 45, claiming: 'open' });
    expect(board.pitch).toMatchObject({ current: seeded[0], queue: seeded.slice(1), timer: { durationMs: 45_000, remainingMs: 45_000 } });
    // The next one's countdown runs at once.
    expect(board.pitch.timer.runningSince).not.toBeNull();
    expect(beamer.broadcasts.map((b) => b.version)).toEqual(beamer.broadcasts.map((_, i) => beamer.broadcasts[0]!.version + i));
  });

  it('refuses the pitch commands and settings from anyone but the facilitator', async () => {
    server = tests.server;
    const anna = await giver('Mine');
    for (const [name, payload] of [
      ['pitch:start', {}],
      ['pitch:next', {}],
      ['pitch:reorder', { sessionId: anna.sessionId, toIndex: 0 }],
      ['event:update', { claiming: 'open' }],
      ['session:reissue', { sessionId: anna.sessionId }],
    ] as const) {
      expect(await anna.client.send(name, payload), name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await anna.client.send('event:update', { pitchSeconds: 3 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('limits and secrets', () => {
  it('limits new sessions per phone and per network, never the facilitator', async () => {
    server = await tests.ownServer({
      limits: { ...DEFAULT_LIMITS, submitPerDevice: { burst: 3, perSecond: 0 }, submitPerAddress: { burst: 7, perSecond: 0 } },
    });
    const phone = await client();
    const results: Ack[] = [];
    for (let i = 0; i < 4; i++) results.push(await phone.send('session:submit', { title: `P${i}`, host: 'X' }));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });

    // Everyone here shares 127.0.0.1, like a venue behind one NAT address.
    // Six phones, one new session each (a phone that keeps sending when refused hears it once a second).
    const others = await Promise.all(Array.from({ length: 6 }, () => client()));
    const more = [];
    for (const [i, other] of others.entries()) more.push(await other.send('session:submit', { title: `O${i}`, host: 'Y' }));
    expect(more.filter((r) => r.ok)).toHaveLength(4);
    expect(more.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited', reason: 'too_many_requests', message: expect.stringContaining('network') } });

    const boss = await client(server.key);
    for (let i = 0; i < 10; i++) expect(await boss.send('session:submit', { title: `F${i}`, host: 'Z' })).toMatchObject({ ok: true });
    expect((await syncedBoard(boss)).sessions).toHaveLength(3 + 3 + 4 + 10);
  });

  it('counts a phone’s limits under its device id, also after it reconnects; made-up ids buy nothing', async () => {
    server = await tests.ownServer({ limits: { ...DEFAULT_LIMITS, newDevicesPerAddress: { burst: 3, perSecond: 0 } } });
    const submit = (c: Awaited<ReturnType<typeof client>>, title: string) => c.send('session:submit', { title, host: 'X' });
    const annaDevice = 'anna-phone-0123456789';
    let anna = await client(undefined, annaDevice);
    for (let i = 0; i < 5; i++) expect(await submit(anna, `Anna ${i}`)).toMatchObject({ ok: true });
    // The wifi drops; the phone comes back with the same id and the same spent limit.
    anna.close();
    anna = await client(undefined, annaDevice);
    expect(await submit(anna, 'Anna 5')).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', reason: 'too_many_requests', message: expect.stringContaining('device') },
    });
    // Another phone behind the same address has a limit of its own.
    const ben = await client(undefined, 'ben-phone-0123456789');
    expect(await submit(ben, 'Ben 0')).toMatchObject({ ok: true });
    // New ids past this address's budget (3: Anna, Ben, Cem) share one device's limit.
    const cem = await client(undefined, 'cem-phone-0123456789');
    const madeUp = await Promise.all(['made-up-id-00000001', 'made-up-id-00000002'].map((id) => client(undefined, id)));
    expect(await submit(cem, 'Cem 0')).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) expect(await submit(madeUp[i % 2]!, `Made up ${i}`)).toMatchObject({ ok: true });
    expect(await submit(madeUp[0]!, 'Made up 5')).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await submit(cem, 'Cem 1')).toMatchObject({ ok: true });
    expect(await refusalOf(server.url, { event: server.slug, device: 'short' })).toMatchObject({ data: { code: 'invalid' } });
  });

  it('tells the facilitator which network is held back, and lets them lift it', async () => {
    // A hold is over after 3 quiet seconds here (ten minutes unless told).
    server = await tests.ownServer({ limits: { ...DEFAULT_LIMITS, submitPerAddress: { burst: 3, perSecond: 0 }, holdOverAfterMs: 3000 } });
    const boss = await client(server.key);
    const phone = await client();
    const heard: Array<{ networks: HeldNetwork[] }> = [];
    boss.socket.on('limits:held', (held: { networks: HeldNetwork[] }) => heard.push(held));
    let phoneHeard = 0;
    phone.socket.on('limits:held', () => phoneHeard++);
    // Another event's facilitator hears nothing of this one's holds.
    const nextDoor = await createEvent(server.store, { ...TEST_EVENT, slug: 'nebenan' });
    const otherBoss = await connectClient(server.url, { event: nextDoor.slug, key: nextDoor.key });
    let otherHeard = 0;
    otherBoss.socket.on('limits:held', () => otherHeard++);
    const phones = await Promise.all([1, 2, 3, 4].map(() => client()));
    const acks = [];
    for (const p of phones) acks.push(await p.send('session:submit', { title: 'Flut', host: 'X' }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false]);
    // The same network at another event on this server is not held back by this one's flood.
    const nextDoorPhone = await connectClient(server.url, { event: nextDoor.slug });
    expect(await nextDoorPhone.send('session:submit', { title: 'Nebenan', host: 'Y' })).toMatchObject({ ok: true });
    nextDoorPhone.close();
    await vi.waitFor(() => expect(heard).toHaveLength(1));
    const [hold] = heard[0]!.networks;
    expect(hold).toMatchObject({ refused: 1, network: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(JSON.stringify(heard)).not.toContain('127.0.0.1');
    // A facilitator screen opened later hears it at once.
    const laptop = io(server.url, { auth: { event: server.slug, key: server.key }, transports: ['websocket'], forceNew: true, reconnection: false });
    const onLaptop = await new Promise<{ networks: HeldNetwork[] }>((resolve) => laptop.once('limits:held', resolve));
    expect(onLaptop.networks).toEqual(heard[0]!.networks);
    laptop.close();
    expect(await phone.send('limits:lift', { network: hold!.network })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await boss.send('limits:lift', { network: hold!.network })).toMatchObject({ ok: true, data: { networks: [] } });
    expect(await phones[3]!.send('session:submit', { title: 'Wieder da', host: 'X' })).toMatchObject({ ok: true });
    // Held again; nobody lifts it, the flood stops: after the quiet time the facilitator hears it is over.
    const flooder = await client();
    for (let i = 0; i < 3; i++) await flooder.send('session:submit', { title: `Flut ${i}`, host: 'X' });
    await vi.waitFor(() => expect(heard.at(-1)!.networks).toHaveLength(1));
    await vi.waitFor(() => expect(heard.at(-1)!.networks).toEqual([]), { timeout: 6_000 });
    expect(phoneHeard).toBe(0);
    expect(otherHeard).toBe(0);
    otherBoss.close();
  });

  it('holds one event’s facilitator screens to a generous limit that leaves other events alone', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const { slug, key } = await createEvent(server.store, { ...TEST_EVENT, slug: 'nebenan' });
    const other = await connectClient(server.url, { event: slug, key });
    const flood = await Promise.all(Array.from({ length: 400 }, () => boss.send('board:ping', {})));
    const refused = flood.filter((a) => !a.ok);
    expect(refused.length).toBeGreaterThan(50);
    expect(refused[0]).toMatchObject({
      error: { code: 'rate_limited', reason: 'too_many_requests', message: 'Too many changes at once from this screen. Please wait a moment.' },
    });
    expect(await other.send('board:ping', {})).toMatchObject({ ok: true });
    other.close();
  });

  it('slows down a phone that floods the server with commands', async () => {
    server = await tests.ownServer({ limits: { ...DEFAULT_LIMITS, commandsPerDevice: { burst: 10, perSecond: 0 } } });
    const flood = await client();
    const acks = await Promise.all(
      Array.from({ length: 12 }, () => (flood.socket.timeout(1_000).emitWithAck('board:ping', {}) as Promise<Ack>).catch(() => 'no answer' as const)),
    );
    expect(acks.filter((a) => a !== 'no answer' && a.ok)).toHaveLength(10);
    // One refusal is heard; the next one within the second is not answered at all.
    expect(acks.slice(10)).toEqual([{ ok: false, error: { code: 'rate_limited', reason: 'too_many_requests', message: expect.any(String) } }, 'no answer']);
  });

  it("never writes a giver token, the facilitator key or the server's own secret into a log line, a snapshot, an export or a broadcast", async () => {
    let logs = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs += chunk;
        done();
      },
    });
    server = await tests.ownServer({ logger: { level: 'trace', stream: sink } });
    const watcher = await client();
    const anna = await giver('Secret keeper');
    const boss = await client(server.key);
    await anna.client.send('session:update', { sessionId: anna.sessionId, revision: 1, title: 'x', token: anna.token });
    await anna.client.send('session:update', { sessionId: anna.sessionId, revision: 1, title: 'y', token: 'wrong-token' });
    const reissued = await boss.send<{ token: string }>('session:reissue', { sessionId: anna.sessionId, commandId: 'reissue-0123456789abcdef' });
    const answers = await Promise.all(
      ['board', 'export.json', 'plan.ics', 'sessions.csv'].map(async (file) => {
        const response = await fetch(`${server.url}/api/events/${server.slug}/${file}`, { headers: { authorization: `Bearer ${server.key}` } });
        expect(response.status, file).toBe(200);
        return response.text();
      }),
    );
    const history = await boss.send('board:history', {});
    const rotated = await boss.send<{ key: string }>('event:rotate-key', { commandId: 'rotate-0123456789abcdef' });
    const everything = [logs, JSON.stringify(watcher.broadcasts), JSON.stringify(await syncedBoard(watcher)), JSON.stringify(history), ...answers].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [anna.token, server.key, reissued.ok ? reissued.data!.token : 'none', rotated.ok ? rotated.data!.key : 'none']) {
      expect(everything).not.toContain(secret);
    }
    // The secret every handed-out one is derived from, in any encoding it could be written in.
    const serverSecret = server.store.serverSecret();
    expect(serverSecret.length).toBeGreaterThanOrEqual(32);
    for (const encoding of ['hex', 'base64', 'base64url', 'latin1'] as const) {
      expect(everything).not.toContain(serverSecret.toString(encoding));
      expect(everything.toLowerCase()).not.toContain(serverSecret.toString('hex').slice(0, 16));
    }
    // Nor in any table but its own.
    const tables = (await server.tables()).filter((name) => name !== 'server_secret');
    const stored = await Promise.all(
      tables.map(async (name) =>
        JSON.stringify(await server.rows(`SELECT * FROM "${name}"`), (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value)),
      ),
    );
    expect(stored.join('\n')).not.toContain(serverSecret.toString('hex'));
  });
});
