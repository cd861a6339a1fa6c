// Several processes on one PostgreSQL database, as behind a proxy: any process takes any command,
// and every screen hears every change in order, whichever process it is connected to. Once with
// PostgreSQL's own adapter between the processes, once with Redis Streams.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../../db/postgres-store.ts';
import { crossProcessAdapter } from '../../server/adapter.ts';
import { buildApp } from '../../server/app.ts';
import { createEvent } from '../../server/create-event.ts';
import { DEFAULT_LIMITS, type CommandLimits } from '../../server/rate-limit.ts';
import type { Board } from '../../shared/board.ts';
import { capturedLog, connectClient, fetchBoard, spawnServer, tempDir, TEST_EVENT, type ChildServer, type TestClient } from '../helpers/server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { connect, type Socket } from 'socket.io-client';
import { TOLD_FROM } from '../../server/realtime/open-connections.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';

const REDIS_URL = process.env.PITCHBOARD_TEST_REDIS ?? 'redis://127.0.0.1:6379';
/** Open connections one network may hold on both processes together: above what a process tells (TOLD_FROM). */
const CONNECTION_BOUND = TOLD_FROM + 5;

/** A phone's connection from `network` (behind the proxy): in, or the code it was refused with. */
function openFrom(server: ChildServer, auth: { event: string; key?: string }, network: string): Promise<{ outcome: string; socket: Socket }> {
  const socket = connect(server.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': network } });
  return new Promise((resolve) => {
    socket.once('board:snapshot', () => resolve({ outcome: 'in', socket }));
    socket.once('board:version', () => resolve({ outcome: 'in', socket }));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve({ outcome: error.data?.code ?? error.message, socket }));
  });
}

describe.each<{ adapter: string; env: Record<string, string> }>([
  { adapter: 'PostgreSQL', env: {} },
  { adapter: 'Redis Streams', env: { REDIS_URL } },
])('two processes, notices through $adapter', ({ env }) => {
  let database: TestDatabase;
  let servers: ChildServer[] = [];
  const clients: TestClient[] = [];
  let event: { slug: string; key: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = await PostgresStore.open(database.url);
    event = await createEvent(store, TEST_EVENT);
    await store.close();
    // Behind one proxy (as in production): a test names the network a phone comes from.
    const limits = { PITCHBOARD_TRUST_PROXY: '1', PITCHBOARD_CONNECTIONS_PER_NETWORK: String(CONNECTION_BOUND) };
    servers = await Promise.all([0, 1].map(() => spawnServer('unused.db', { DATABASE_URL: database.url, ...limits, ...env })));
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGTERM')));
    await database?.drop();
  });

  const connect = async (server: ChildServer, auth: { key?: string; device?: string } = {}) => {
    const client = await connectClient(server.url, { event: event.slug, ...auth });
    clients.push(client);
    return client;
  };
  /** What a fresh load shows: the board over HTTP from either process. */
  const freshBoard = async (server: ChildServer): Promise<{ version: number; board: Board }> => fetchBoard(server.url, event.slug);

  it('a change on one process reaches the screens of both, in order, once each', async () => {
    const [a, b] = servers as [ChildServer, ChildServer];
    const boss = await connect(a, { key: event.key });
    const phoneOnA = await connect(a);
    const phoneOnB = await connect(b);
    const start = boss.snapshot.version;
    const { sessions, rooms, slots } = boss.snapshot.board;
    for (let i = 0; i < 3; i++) {
      const ack = await boss.send('session:place', { sessionId: sessions[i]!.id, roomId: rooms[i]!.id, slotId: slots[0]!.id });
      expect(ack.ok).toBe(true);
    }
    await phoneOnB.waitForVersion(start + 3);
    await phoneOnA.waitForVersion(start + 3);
    for (const phone of [phoneOnA, phoneOnB]) expect(phone.broadcasts.map((broadcast) => broadcast.version)).toEqual([start + 1, start + 2, start + 3]);
    const fresh = await freshBoard(b);
    expect(fresh.version).toBe(start + 3);
    expect(fresh.board.placements).toHaveLength(3);
  });

  it('commands racing through both processes get versions without gaps, and one cell one winner', async () => {
    const [a, b] = servers as [ChildServer, ChildServer];
    const onA = await connect(a, { key: event.key });
    const onB = await connect(b, { key: event.key });
    // Two sessions nobody placed yet, one given through each process.
    let submitted = 0;
    for (const [client, title] of [
      [onA, 'Über A'],
      [onB, 'Über B'],
    ] as const) {
      const ack = await client.send('session:submit', { title, host: 'Ana' });
      if (ack.ok) submitted = ack.version;
    }
    // A process hears of the other's change a moment later: both screens have, so both processes have.
    await Promise.all([onA.waitForVersion(submitted), onB.waitForVersion(submitted)]);
    const { version: before, board } = await freshBoard(a);
    const free = board.sessions.filter((session) => !board.placements.some((placement) => placement.sessionId === session.id));
    const cell = { roomId: board.rooms[2]!.id, slotId: board.slots[1]!.id };
    // Both facilitators drop a session on the same cell at once, and rename the event ten times each.
    const acks = await Promise.all([
      onA.send('session:place', { sessionId: free[0]!.id, ...cell }),
      onB.send('session:place', { sessionId: free[1]!.id, ...cell }),
      ...Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).send('event:update', { title: `Testcamp ${i}` })),
    ]);
    const versions = acks.filter((ack) => ack.ok).map((ack) => (ack as { version: number }).version);
    expect(new Set(versions).size).toBe(versions.length);
    // Each process has heard of the other's changes once its screen has.
    await Promise.all([onA.waitForVersion(Math.max(...versions)), onB.waitForVersion(Math.max(...versions))]);
    const after = await freshBoard(b);
    expect(after.version).toBe(before + versions.length);
    expect(after.board.placements.filter((placement) => placement.roomId === cell.roomId && placement.slotId === cell.slotId)).toHaveLength(1);
  });

  it('a new key on one process lets go of the facilitator screens on the other', async () => {
    const [a, b] = servers as [ChildServer, ChildServer];
    const onB = await connect(b, { key: event.key });
    const revoked = new Promise<void>((resolve) => onB.socket.once('facilitator:revoked', () => resolve()));
    const onA = await connect(a, { key: event.key });
    const ack = await onA.send<{ key: string }>('event:rotate-key', {});
    expect(ack.ok).toBe(true);
    await revoked;
    event = { ...event, key: ack.ok ? ack.data!.key : event.key };
  });

  it('a phone tapping on one process moves the count on the other', async () => {
    const [a, b] = servers as [ChildServer, ChildServer];
    const watcher = await connect(a);
    const phone = await connect(b, { device: 'phone-of-the-test-0001' });
    const sessionId = phone.snapshot.board.sessions.at(-1)!.id;
    const told = new Promise<Record<string, number>>((resolve) =>
      watcher.socket.on('session:taps', ({ taps }: { taps: Record<string, number> }) => taps[sessionId] && resolve(taps)),
    );
    expect(await phone.send('session:interested', { sessionId, interested: true })).toMatchObject({ ok: true });
    expect((await told)[sessionId]).toBe(1);
  });

  it("a network's open connections are bounded on both processes together", async () => {
    const [a, b] = servers as [ChildServer, ChildServer];
    const network = `203.0.113.${env.REDIS_URL ? 2 : 1}`;
    const sockets: Socket[] = [];
    try {
      const onA = await Promise.all(Array.from({ length: TOLD_FROM }, () => openFrom(a, { event: event.slug }, network)));
      sockets.push(...onA.map(({ socket }) => socket));
      expect(onA.map(({ outcome }) => outcome)).toEqual(Array(TOLD_FROM).fill('in'));
      // Once b has heard a's count (within two seconds), b lets in only what is left of the bound.
      await expect
        .poll(
          async () => {
            const tries = await Promise.all(Array.from({ length: CONNECTION_BOUND - TOLD_FROM + 1 }, () => openFrom(b, { event: event.slug }, network)));
            tries.forEach(({ socket }) => socket.disconnect());
            return tries.filter(({ outcome }) => outcome === 'in').length;
          },
          { timeout: 10_000, interval: 500 },
        )
        .toBe(CONNECTION_BOUND - TOLD_FROM);
      // Another network is not held back by this one's.
      const other = await openFrom(b, { event: event.slug }, '198.51.100.9');
      sockets.push(other.socket);
      expect(other.outcome).toBe('in');
    } finally {
      sockets.forEach((socket) => socket.disconnect());
    }
  });

  it('a network that keeps naming events that do not exist is refused on the other process too', async () => {
    const [a, b] = servers as [ChildServer, ChildServer];
    const network = `192.0.2.${env.REDIS_URL ? 2 : 1}`;
    const { burst } = DEFAULT_LIMITS.failedLookupsPerAddress;
    for (let i = 0; i < burst; i++) {
      const { outcome, socket } = await openFrom(a, { event: `guess-${i}` }, network);
      socket.disconnect();
      expect(outcome).toBe('not_found');
    }
    const onB = await openFrom(b, { event: event.slug }, network);
    onB.socket.disconnect();
    expect(onB.outcome).toBe('rate_limited');
    // Its page, too, on either process; another network's is served.
    expect((await fetch(`${b.url}/e/${event.slug}`, { headers: { 'x-forwarded-for': network } })).status).toBe(429);
    expect((await fetch(`${b.url}/e/${event.slug}`, { headers: { 'x-forwarded-for': '198.51.100.9' } })).status).not.toBe(429);
  });
});

// The same wiring with both servers in this process (what a mutation run reaches; the child
// processes above it does not): each on a store and an adapter of its own, on one database.
describe('two servers in this process on one database', () => {
  let database: TestDatabase;
  const running: Array<() => Promise<void>> = [];
  /** Each server's store, in the order they were started. */
  const stores: PostgresStore[] = [];
  const clients: TestClient[] = [];
  let event: { slug: string; key: string };

  /** A server as main.ts builds it on PostgreSQL: its own store and its own adapter to the others. */
  /** Each server's app, in the order they were started. */
  const apps: Array<Awaited<ReturnType<typeof buildApp>>> = [];
  const serve = async (
    options: {
      limits?: CommandLimits;
      keyCheckMs?: number;
      logger?: ReturnType<typeof capturedLog>['logger'];
      webhookAllowHttp?: boolean;
      webhookBackoffMs?: readonly number[];
    } = {},
  ) => {
    const store = await PostgresStore.open(database.url, { max: 4 });
    stores.push(store);
    const crossProcess = (await crossProcessAdapter({ databaseUrl: database.url, failed: () => {} }))!;
    const dir = tempDir();
    const app = await buildApp({ store, adapter: crossProcess.adapter, clientDir: path.join(dir, 'no-client'), ...options });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    running.push(async () => {
      await app.close();
      await crossProcess.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const address = app.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };
  const connect = async (url: string, auth: { key?: string; device?: string; event?: string } = {}) => {
    const client = await connectClient(url, { event: event.slug, ...auth });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  let events = 0;
  beforeEach(async () => {
    const store = await PostgresStore.open(database.url, { max: 1 });
    event = await createEvent(store, { ...TEST_EVENT, slug: `${TEST_EVENT.slug}-${++events}` });
    await store.close();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    clients.splice(0).forEach((client) => client.close());
    for (const stop of running.splice(0).reverse()) await stop();
    stores.splice(0);
    apps.splice(0);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("a webhook hears each change once, from the server that committed it, and the other server's facilitator screens hear that it failed", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const [a, b] = [await serve({ webhookAllowHttp: true, webhookBackoffMs: [20] }), await serve({ webhookAllowHttp: true, webhookBackoffMs: [20] })];
      const [bossA, bossB] = [await connect(a, { key: event.key }), await connect(b, { key: event.key })];
      expect(await bossA.send('webhook:add', { url: receiver.url, format: 'json' })).toMatchObject({ ok: true });
      const { sessions, rooms, slots } = bossA.snapshot.board;
      const placed = [
        await bossA.send('session:place', { sessionId: sessions[0]!.id, roomId: rooms[0]!.id, slotId: slots[0]!.id }),
        await bossB.send('session:place', { sessionId: sessions[1]!.id, roomId: rooms[1]!.id, slotId: slots[0]!.id }),
        await bossA.send('session:place', { sessionId: sessions[2]!.id, roomId: rooms[2]!.id, slotId: slots[0]!.id }),
      ].map((ack) => (ack.ok ? ack.version : 0));
      await Promise.all(apps.map((app) => app.webhooks.settled()));
      expect(receiver.received.map((post) => post.body.version as number).sort((x, y) => x - y)).toEqual(placed);
      // Given up on A: B's facilitator screen is told too.
      const told = new Promise((resolve) => bossB.socket.on('webhook:status', resolve));
      receiver.answer = () => 500;
      await bossA.send('session:unplace', { sessionId: sessions[0]!.id });
      expect(await told).toEqual({ webhooks: [{ webhookId: expect.any(String), url: receiver.url, format: 'json', failing: true }] });
    } finally {
      await receiver.close();
    }
  });

  it("a change on one server reaches the other's screens in order, and the phones' counts ride along with it", async () => {
    // B tells new counts at most once a minute after its first: a count that waits goes with the next change.
    const [a, b] = [await serve(), await serve({ limits: { ...DEFAULT_LIMITS, tapCountsEveryMs: 60_000 } })];
    const boss = await connect(a, { key: event.key });
    const watcher = await connect(b);
    const counts: Array<Record<string, number>> = [];
    watcher.socket.on('session:taps', ({ taps }: { taps: Record<string, number> }) => counts.push(taps));
    const start = boss.snapshot.version;
    const { sessions, rooms, slots } = boss.snapshot.board;
    const sessionId = sessions[0]!.id;
    // The first count B hears of is told at once.
    expect(await (await connect(a)).send('session:interested', { sessionId, interested: true })).toMatchObject({ ok: true });
    await expect.poll(() => counts).toEqual([{ [sessionId]: 1 }]);
    // The second waits on B (its board has it already) ...
    expect(await (await connect(a)).send('session:interested', { sessionId, interested: true })).toMatchObject({ ok: true });
    await expect.poll(async () => (await fetchBoard(b, event.slug)).board.sessions.find(({ id }) => id === sessionId)!.taps).toBe(2);
    // ... for the next change, made on A.
    expect(await boss.send('session:place', { sessionId: sessions[1]!.id, roomId: rooms[0]!.id, slotId: slots[0]!.id })).toMatchObject({ ok: true });
    expect(await boss.send('session:place', { sessionId: sessions[2]!.id, roomId: rooms[1]!.id, slotId: slots[0]!.id })).toMatchObject({ ok: true });
    await watcher.waitForVersion(start + 2);
    expect(watcher.broadcasts.map(({ version }) => version)).toEqual([start + 1, start + 2]);
    expect(watcher.broadcasts[0]!.taps).toEqual({ [sessionId]: 2 });
    expect(watcher.broadcasts[1]!.taps).toBeUndefined();
    expect(counts).toHaveLength(1);
  });

  it("a new key made on one server lets go of the other's facilitator screens of that event at once, and of no other event's", async () => {
    // B's own check of the keys would come only after ten minutes.
    const [a, b] = [await serve(), await serve({ keyCheckMs: 600_000 })];
    const store = await PostgresStore.open(database.url, { max: 1 });
    const other = await createEvent(store, { ...TEST_EVENT, slug: `other-${events}` });
    await store.close();
    const onB = await connect(b, { key: event.key });
    const otherOnB = await connect(b, { event: other.slug, key: other.key });
    const phoneOnB = await connect(b);
    const revoked = new Promise<void>((resolve) => onB.socket.once('facilitator:revoked', () => resolve()));
    // What B reads of the keys: only the event's whose key changed, not the other event's.
    const storeOfB = stores[1]!;
    const findEvent = vi.spyOn(PostgresStore.prototype, 'findEvent');
    const readOnB = () => findEvent.mock.contexts.filter((store) => store === storeOfB).length;
    const onA = await connect(a, { key: event.key });
    expect(await onA.send('event:update', { title: 'Renamed' })).toMatchObject({ ok: true });
    const ack = await onA.send<{ key: string }>('event:rotate-key', {});
    expect(ack.ok).toBe(true);
    await revoked;
    await phoneOnB.waitForVersion(onA.snapshot.version + 2);
    expect(readOnB()).toBe(1);
    expect(otherOnB.socket.connected).toBe(true);
    expect(await otherOnB.send('event:update', { title: 'Still here' })).toMatchObject({ ok: true });
  });

  it('a server reads the key again only when another server made a new one; when it cannot, that is logged and it goes on', async () => {
    const log = capturedLog();
    const [a, b] = [await serve(), await serve({ keyCheckMs: 600_000, logger: log.logger })];
    const onB = await connect(b, { key: event.key });
    const phoneOnB = await connect(b);
    const storeOfB = stores[1]!;
    const failure = Object.assign(new Error('connection terminated'), { code: '57P01' });
    const findEvent = PostgresStore.prototype.findEvent;
    let readOnB = 0;
    vi.spyOn(PostgresStore.prototype, 'findEvent').mockImplementation(function (this: PostgresStore, slug: string) {
      if (this !== storeOfB) return findEvent.call(this, slug);
      readOnB++;
      return Promise.reject(failure);
    });
    const onA = await connect(a, { key: event.key });
    // Any other change: B's screens hear it, and no key is read for it (the key is read as its broadcast goes out).
    expect(await onA.send('event:update', { title: 'Renamed' })).toMatchObject({ ok: true });
    await phoneOnB.waitForVersion(onA.snapshot.version + 1);
    expect(readOnB).toBe(0);
    expect(await onA.send('event:rotate-key', {})).toMatchObject({ ok: true });
    await phoneOnB.waitForVersion(onA.snapshot.version + 2);
    expect(readOnB).toBe(1);
    await expect
      .poll(() => log.lines.filter((line) => line.level >= 50).map(({ msg, err }) => ({ msg, code: err?.code })))
      .toEqual([{ msg: 'key check failed', code: '57P01' }]);
    expect(onB.socket.connected).toBe(true);
  });
});
