// Several processes on one PostgreSQL database, against one process on it, in the same run:
//   1. phones spread over 3 processes against as many on 1 process: the facilitator's ack and the
//      time until the last phone has each change (p99). With 2 cores for 3 processes, the point is
//      what crossing processes costs, not more throughput.
//   2. a rolling restart of the 3 processes (SIGTERM, start again, the next) under 1,000 phones
//      behind a proxy that spreads them: until every phone is back in sync, and what the
//      facilitator saw meanwhile (a command every 200 ms, retried with its commandId).
//   npm run bench:scale -- [--phones 300] [--commands 150] [--restart-phones 1000]
import net from 'node:net';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { PostgresStore } from '../db/postgres-store.ts';
import { createEvent } from '../server/create-event.ts';
import { bookableCells } from '../shared/board.ts';
import { createTestDatabase } from '../tests/helpers/postgres.ts';
import { canonical, droppingProxy, ProtocolScreen, sendUntilAnswered } from '../tests/helpers/protocol-screen.ts';
import { connectClient, spawnServer, TEST_EVENT, type ChildServer, type TestClient } from '../tests/helpers/server.ts';
import { sleep } from '../tests/helpers/time.ts';
import { summary } from './stats.ts';

const { values } = parseArgs({
  options: {
    phones: { type: 'string', default: '300' },
    commands: { type: 'string', default: '150' },
    'restart-phones': { type: 'string', default: '1000' },
  },
});
const PHONES = Number(values.phones);
const COMMANDS = Number(values.commands);
const RESTART_PHONES = Number(values['restart-phones']);

/** A database of its own with the test event, and `count` processes on it (on fixed ports, so that one can come back on its own). */
async function processes(count: number) {
  const database = await createTestDatabase();
  const store = await PostgresStore.open(database.url);
  const event = await createEvent(store, TEST_EVENT);
  const eventId = (await store.findEvent(event.slug))!.id;
  await store.close();
  const ports = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number>((resolve) => {
          const probe = net.createServer().listen(0, '127.0.0.1', () => {
            const { port } = probe.address() as net.AddressInfo;
            probe.close(() => resolve(port));
          });
        }),
    ),
  );
  const env = (port: number) => ({ DATABASE_URL: database.url, PORT: String(port), PITCHBOARD_FACILITATOR_RATE: '1000000' });
  const servers: ChildServer[] = await Promise.all(ports.map((port) => spawnServer('unused.db', env(port))));
  return {
    ...event,
    eventId,
    database,
    ports,
    servers,
    restart: async (index: number) => {
      await servers[index]!.stop('SIGTERM');
      servers[index] = await spawnServer('unused.db', env(ports[index]!));
    },
    close: async () => {
      await Promise.all(servers.map((server) => server.stop('SIGTERM')));
      await database.drop();
    },
  };
}

/** Part 1: one facilitator on the first process, phones spread over all; one placement at a time. */
async function fanOut(count: number): Promise<{ ack: number[]; last: number[] }> {
  const camp = await processes(count);
  const clients: TestClient[] = [];
  try {
    const boss = await connectClient(camp.servers[0]!.url, { event: camp.slug, key: camp.key });
    clients.push(boss);
    for (let i = 0; i < PHONES; i++) clients.push(await connectClient(camp.servers[i % count]!.url, { event: camp.slug }));
    const phones = clients.slice(1);
    const board = boss.snapshot.board;
    const cells = bookableCells(board);
    const ack: number[] = [];
    const last: number[] = [];
    for (let i = 0; i < COMMANDS; i++) {
      const sentAt = performance.now();
      const everyPhone = Promise.all(phones.map((phone) => phone.waitForVersion(i + 1, 20_000)));
      const answer = await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...cells[i % cells.length]! });
      if (!answer.ok) throw new Error(`refused: ${JSON.stringify(answer)}`);
      ack.push(performance.now() - sentAt);
      await everyPhone;
      last.push(performance.now() - sentAt);
    }
    return { ack, last };
  } finally {
    clients.forEach((client) => client.close());
    await camp.close();
  }
}

/** Where the run is, on standard error: a restart under many phones takes a while. */
const progress = (what: string) => console.error(`  … ${what}`);

/** Part 2: a rolling restart of three processes under RESTART_PHONES phones spread by a proxy. */
async function rollingRestart() {
  const camp = await processes(3);
  let next = 0;
  const proxy = droppingProxy(() => camp.ports[next++ % 3]!, Infinity);
  const url = `http://127.0.0.1:${await proxy.listen()}`;
  const boss = new ProtocolScreen(url, camp.slug, camp.key);
  const phones: ProtocolScreen[] = [];
  for (let i = 0; i < RESTART_PHONES; i++) phones.push(new ProtocolScreen(url, camp.slug));
  const screens = [boss, ...phones];
  try {
    while (screens.some((screen) => !screen.board)) await sleep(100);
    progress(`${screens.length} screens have the board`);
    // The facilitator goes on meanwhile: a change every 200 ms, each retried until answered.
    const acks: number[] = [];
    let retried = 0;
    let working = true;
    const facilitator = (async () => {
      for (let n = 0; working; n++) {
        const sentAt = performance.now();
        const ack = await sendUntilAnswered(boss, 'event:update', { commandId: `rolling-${n}-of-the-bench`, title: `Testcamp ${n}` });
        const took = performance.now() - sentAt;
        if (took > 1500) retried++;
        if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack)}`);
        acks.push(took);
        await sleep(200);
      }
    })();
    const startedAt = performance.now();
    for (let index = 0; index < 3; index++) {
      progress(`restarting process ${index + 1}`);
      await camp.restart(index);
    }
    progress('all three are back; the facilitator stops');
    const restartedAt = performance.now();
    working = false;
    await facilitator;
    progress('waiting for every phone to be in sync');
    const store = await PostgresStore.open(camp.database.url);
    const fresh = await store.loadBoard(camp.eventId);
    await store.close();
    const expected = JSON.stringify(canonical(fresh.board));
    const inSync = () => screens.every((screen) => screen.version === fresh.version && JSON.stringify(canonical(screen.board!)) === expected);
    while (!inSync() && performance.now() - restartedAt < 60_000) await sleep(50);
    const syncedAt = performance.now();
    return {
      restartSeconds: (restartedAt - startedAt) / 1000,
      syncedAfterMs: syncedAt - restartedAt,
      allInSync: inSync(),
      acks,
      retried,
      resyncs: screens.reduce((sum, screen) => sum + screen.resyncs, 0),
    };
  } finally {
    screens.forEach((screen) => screen.close());
    proxy.close();
    await camp.close();
  }
}

console.log(`Pitchboard on PostgreSQL: ${PHONES} phones, ${COMMANDS} placements one at a time, the facilitator on the first process`);
const one = await fanOut(1);
const three = await fanOut(3);
console.log(summary('1 process: facilitator ack', one.ack));
console.log(summary('1 process: last phone has it', one.last));
console.log(summary('3 processes: facilitator ack', three.ack));
console.log(summary('3 processes: last phone has it', three.last));
const p99 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(0.99 * samples.length))]!;
console.log(`3 against 1: ack p99 ${(p99(three.ack) / p99(one.ack)).toFixed(2)}×, last phone p99 ${(p99(three.last) / p99(one.last)).toFixed(2)}×`);
const rolling = await rollingRestart();
console.log(`\nRolling restart of 3 processes (SIGTERM, start, the next) under ${RESTART_PHONES} phones spread by a proxy`);
console.log(`restarts took                ${rolling.restartSeconds.toFixed(1)} s`);
console.log(
  `every phone back in sync     ${rolling.allInSync ? `${(rolling.syncedAfterMs / 1000).toFixed(1)} s after the last process was back` : 'NOT within 60 s'}`,
);
console.log(summary('facilitator: change answered', rolling.acks));
console.log(`facilitator: changes sent ${rolling.acks.length}, answered only after a retry ${rolling.retried}; gaps the phones resynced ${rolling.resyncs}`);
