// Benchmark: the slow-reader attack of issue 11, as it was tried. 200 sockets without a key
// connect to a big camp, stop reading their socket and send 40 board:sync each, while the
// facilitator edits (every edit a broadcast that piles up for them). Prints the server's memory
// before, at its peak and after they leave (the lowest within 15 s), against a yardstick measured
// in the same run: the same number of sockets that do read.
//   npm run bench:slow-readers -- [--sockets 200]
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { WebSocket } from 'ws';
import { openDatabase } from '../db/open.ts';
import { SqliteStore } from '../db/sqlite-store.ts';
import { seedBigCamp } from '../tests/fixtures/big-camp.ts';
import { neverReadingWebSocket } from '../tests/helpers/never-reading.ts';
import { connectClient, spawnServer, tempDir } from '../tests/helpers/server.ts';
import { rssMb } from './stats.ts';

const { values } = parseArgs({ options: { sockets: { type: 'string', default: '200' } } });
const SOCKETS = Number(values.sockets);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = tempDir();
const file = path.join(dir, 'slow.db');
const db = openDatabase(file);
const { slug, key } = await seedBigCamp(new SqliteStore(db), 'slow');
db.close();

/** A socket of the attack, as far as the bench looks at it. */
interface Attacker {
  open(): boolean;
  close(): void;
}

const ASKS = Array.from({ length: 40 }, (_, i) => `42${i}["board:sync",{}]`);

/** Sockets that each ask for 40 whole boards; `reading: false` stops reading right after connecting (ws's pause()). */
async function attack(url: string, reading: boolean): Promise<Attacker[]> {
  if (!reading) {
    const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => neverReadingWebSocket(url, slug, ASKS)));
    return sockets.map((socket) => ({ open: () => socket.readyState === WebSocket.OPEN, close: () => socket.terminate() }));
  }
  const sockets = Array.from({ length: SOCKETS }, () => io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { event: slug } }));
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) =>
          socket.once('connect', () => {
            for (let i = 0; i < 40; i++) socket.emit('board:sync', {}, () => {});
            resolve();
          }),
        ),
    ),
  );
  return sockets.map((socket) => ({ open: () => socket.connected, close: () => socket.disconnect() }));
}

const server = await spawnServer(file);
const pid = server.process.pid!;
try {
  const boss = await connectClient(server.url, { event: slug, key });
  const sessionId = boss.snapshot.board.sessions[0]!.id;
  let interest = 0;
  await sleep(1000);
  const lines: string[] = [];
  // The attack twice: memory that keeps growing round after round would be a leak.
  for (const [round, reading] of [true, false, false].entries()) {
    const idle = rssMb(pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    const sockets = await attack(server.url, reading);
    // 10 s of a facilitator at work: 5 edits a second, each a broadcast to every socket.
    for (let i = 0; i < 50; i++) {
      await boss.send('session:interest', { sessionId, interest: ++interest % 1000 });
      await sleep(200);
    }
    const stillOpen = sockets.filter((s) => s.open()).length;
    sockets.forEach((s) => s.close());
    clearInterval(sampler);
    // Memory given back: the lowest it gets within 15 s of their leaving.
    let after = rssMb(pid);
    for (let waited = 0; waited < 15_000; waited += 500) {
      await sleep(500);
      after = Math.min(after, rssMb(pid));
    }
    const name = reading ? `${SOCKETS} sockets that read (yardstick)` : `${SOCKETS} sockets that never read${round === 2 ? ', again' : ''}`;
    lines.push(
      `${name.padEnd(43)} RSS before ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${(peak - idle).toFixed(0)}), after ${after.toFixed(0)} MB; open after 10 s: ${stillOpen}`,
    );
  }
  console.log(
    `Slow readers: each socket asks for 40 whole boards (${(JSON.stringify(boss.snapshot.board).length / 1024).toFixed(0)} KB) while the facilitator edits`,
  );
  for (const line of lines) console.log(line);
  boss.close();
} finally {
  await server.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
