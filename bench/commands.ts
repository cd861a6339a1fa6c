// Load benchmark: one facilitator and many attendee phones on loopback against a server in its
// own process. Prints ack latency, fan-out latency (until every phone has the change) and the
// server's memory. Bounded: a fixed number of commands, then it stops.
//   npm run bench -- [--phones 150] [--commands 300]
import { bookableCells } from '../shared/board.ts';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/open.ts';
import { SqliteStore } from '../db/sqlite-store.ts';
import { createEvent } from '../server/create-event.ts';
import { connectClient, spawnServer, tempDir, TEST_EVENT } from '../tests/helpers/server.ts';
import { rssMb, summary } from './stats.ts';

const { values } = parseArgs({
  options: { phones: { type: 'string', default: '150' }, commands: { type: 'string', default: '300' } },
});
const phoneCount = Number(values.phones);
const commandCount = Number(values.commands);

const dir = tempDir();
const file = path.join(dir, 'bench.db');
const db = openDatabase(file);
const { slug, key } = await createEvent(new SqliteStore(db), TEST_EVENT);
db.close();

const server = await spawnServer(file);
const pid = server.process.pid!;
const idleRss = rssMb(pid);
try {
  const boss = await connectClient(server.url, { event: slug, key });
  const phones = await Promise.all(Array.from({ length: phoneCount }, () => connectClient(server.url, { event: slug })));
  const connectedRss = rssMb(pid);
  const board = boss.snapshot.board;
  const cells = bookableCells(board);
  const sessionId = board.sessions[0]!.id;

  const ackMs: number[] = [];
  const fanOutMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < commandCount; i++) {
    const cell = cells[i % cells.length]!;
    const sentAt = performance.now();
    const everyPhone = Promise.all(phones.map((phone) => phone.waitForVersion(i + 1, 10_000)));
    const ack = await boss.send('session:place', { sessionId, ...cell });
    if (!ack.ok) throw new Error(`command ${i} refused: ${JSON.stringify(ack)}`);
    ackMs.push(performance.now() - sentAt);
    await everyPhone;
    fanOutMs.push(performance.now() - sentAt);
  }
  const seconds = (performance.now() - started) / 1000;

  console.log(`Pitchboard load: ${phoneCount} phones + 1 facilitator, ${commandCount} placements, one at a time`);
  console.log(summary('ack (commit + answer)', ackMs));
  console.log(summary('fan-out (all phones have it)', fanOutMs));
  console.log(`throughput                   ${(commandCount / seconds).toFixed(0)} commands/s (sequential, with fan-out)`);
  console.log(
    `server memory (RSS)          idle ${idleRss.toFixed(0)} MB, with ${phoneCount} phones ${connectedRss.toFixed(0)} MB, after ${rssMb(pid).toFixed(0)} MB`,
  );
  phones.forEach((phone) => phone.close());
  boss.close();
} finally {
  await server.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
