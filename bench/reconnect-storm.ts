// Benchmark: the wifi blips and 2,000 phones come back at once. How long until every one of them
// has the plan again, with the changes made meanwhile? Measured against the yardstick of a bare
// Socket.IO server reconnecting the same number of sockets, in the same run, rounds taking turns.
//   npm run bench:storm -- [--phones 2000] [--rounds 3] [--missed 3]
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { openDatabase } from '../db/open.ts';
import { SqliteStore } from '../db/sqlite-store.ts';
import type { EventsBroadcast, Snapshot } from '../shared/protocol.ts';
import { rssMb } from './stats.ts';
import { seedBigCamp } from '../tests/fixtures/big-camp.ts';
import { connectClient, spawnScript, spawnServer, tempDir } from '../tests/helpers/server.ts';

const { values } = parseArgs({
  options: {
    phones: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    missed: { type: 'string', default: '3' },
  },
});
const phoneCount = Number(values.phones);
const rounds = Number(values.rounds);
const missedCount = Number(values.missed);

const dir = tempDir();
const file = path.join(dir, 'bench.db');
const db = openDatabase(file);
const camp = await seedBigCamp(new SqliteStore(db));
db.close();

const pitchboard = await spawnServer(file);
const bare = await spawnScript('bench/bare-socketio.ts');

/** Opens `count` sockets at once; each is done when `ready` says so. Resolves with the sockets once all are. */
function storm(url: string, count: number, auth: object, ready: (socket: Socket, done: () => void) => void): Promise<Socket[]> {
  const sockets = Array.from({ length: count }, () => connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 }));
  return Promise.all(
    sockets.map(
      (socket) =>
        new Promise<Socket>((resolve, reject) => {
          // A phone turned away (e.g. past the connections one address may hold) ends the bench
          // with the reason, instead of the others waiting for it.
          socket.once('connect_error', (error) => {
            closeAll(sockets);
            reject(error);
          });
          ready(socket, () => resolve(socket));
        }),
    ),
  );
}

const closeAll = (sockets: Socket[]) => sockets.forEach((socket) => socket.disconnect());
const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

async function bareRound(): Promise<number> {
  const started = performance.now();
  const sockets = await storm(bare.url, phoneCount, {}, (socket, done) => socket.once('connect', done));
  const ms = performance.now() - started;
  closeAll(sockets);
  return ms;
}

const boss = await connectClient(pitchboard.url, { event: camp.slug, key: camp.key });
const sessions = boss.snapshot.board.sessions.filter((s) => s.status === 'pitched');

/** Every phone has the plan at version `since`; they drop, `missedCount` changes happen, they all come back. */
async function pitchboardRound(round: number): Promise<{ ms: number; caughtUp: number; snapshots: number }> {
  const sync = await boss.send<Snapshot>('board:sync', {});
  if (!sync.ok) throw new Error('sync refused');
  const since = sync.version;
  for (let i = 0; i < missedCount; i++) {
    const ack = await boss.send('session:interest', { sessionId: sessions[i]!.id, interest: round * 10 + i + 1 });
    if (!ack.ok) throw new Error(`change refused: ${JSON.stringify(ack)}`);
  }
  const target = since + missedCount;
  let caughtUp = 0;
  let snapshots = 0;
  const started = performance.now();
  const sockets = await storm(pitchboard.url, phoneCount, { event: camp.slug, version: since }, (socket, done) => {
    socket.on('board:events', (broadcast: EventsBroadcast) => {
      if (broadcast.version !== target) return;
      caughtUp++;
      done();
    });
    socket.on('board:snapshot', (snapshot: Snapshot) => {
      if (snapshot.version < target) return;
      snapshots++;
      done();
    });
  });
  const ms = performance.now() - started;
  closeAll(sockets);
  return { ms, caughtUp, snapshots };
}

try {
  const bareMs: number[] = [];
  const pitchboardMs: number[] = [];
  // One warm-up of each, not counted: the first connections pay for JIT and lazy loading.
  await bareRound();
  await pitchboardRound(0);
  for (let round = 1; round <= rounds; round++) {
    bareMs.push(await bareRound());
    const result = await pitchboardRound(round);
    pitchboardMs.push(result.ms);
    console.log(
      `round ${round}: bare Socket.IO ${bareMs.at(-1)!.toFixed(0)} ms, Pitchboard ${result.ms.toFixed(0)} ms ` +
        `(${result.caughtUp} caught up with ${missedCount} changes, ${result.snapshots} snapshots)`,
    );
  }
  console.log(`${phoneCount} phones reconnecting at once after a blip (big camp, ${missedCount} changes missed), median of ${rounds} rounds:`);
  console.log(`bare Socket.IO, connect only      ${median(bareMs).toFixed(0)} ms`);
  console.log(`Pitchboard, back in sync          ${median(pitchboardMs).toFixed(0)} ms`);
  console.log(`ratio                             ${(median(pitchboardMs) / median(bareMs)).toFixed(2)}× (target ≤ 1.3×)`);
  console.log(`server memory (RSS) after        bare ${rssMb(bare.process.pid!).toFixed(0)} MB, Pitchboard ${rssMb(pitchboard.process.pid!).toFixed(0)} MB`);
  boss.close();
} finally {
  await Promise.all([pitchboard.stop('SIGTERM'), bare.stop('SIGTERM')]);
  rmSync(dir, { recursive: true, force: true });
}
