// Benchmark: does a long day cost the facilitator time? One event whose log already holds
// 10,000 changes and one fresh event, served by one server process; the facilitator of each
// sends the same mix of moves and undos, taking turns so that both see the same machine load.
// Prints the ack times of both and the ratio of their p99.
//   npm run bench:long-log -- [--changes 10000] [--commands 1500]
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/open.ts';
import { SqliteStore } from '../db/sqlite-store.ts';
import { CommandWriter } from '../server/writer.ts';
import { createEvent } from '../server/create-event.ts';
import { bookableCells, type Cell } from '../shared/board.ts';
import { connectClient, spawnServer, tempDir, TEST_EVENT, type TestClient } from '../tests/helpers/server.ts';
import { percentile, summary } from './stats.ts';

const { values } = parseArgs({
  options: { changes: { type: 'string', default: '10000' }, commands: { type: 'string', default: '1500' } },
});
const changeCount = Number(values.changes);
const commandCount = Number(values.commands);

const dir = tempDir();
const file = path.join(dir, 'bench.db');
const db = openDatabase(file);
const store = new SqliteStore(db);
const fresh = await createEvent(store, { ...TEST_EVENT, slug: 'fresh' });
const long = await createEvent(store, { ...TEST_EVENT, slug: 'long' });

// The long day, written through the real writer (durability off only while filling).
db.pragma('synchronous = OFF');
const filling = performance.now();
const writer = new CommandWriter(store);
const eventId = (await store.findEvent(long.slug))!.id;
const facilitator = { eventId, isFacilitator: true };
const board = (await writer.snapshot(eventId)).board;
const cells = bookableCells(board);
for (let i = 0; i < changeCount; i++) {
  const sessionId = board.sessions[i % board.sessions.length]!.id;
  // Mostly moves, now and then an undo, as a morning of planning goes.
  const outcome =
    i % 10 === 9
      ? await writer.execute(facilitator, 'board:undo', {})
      : await writer.execute(facilitator, 'session:place', { sessionId, ...cells[i % cells.length]! });
  if (!outcome.ack.ok) await writer.execute(facilitator, 'session:interest', { sessionId, interest: i % 100 });
}
const logged = (await store.logVersions(eventId)).length;
db.pragma('synchronous = FULL');
db.close();
console.log(`filled the long event's log with ${logged} changes in ${((performance.now() - filling) / 1000).toFixed(1)} s`);

/** The next command of the mix: three moves, then an undo. */
function nextCommand(i: number, sessions: string[], free: Cell[]): [string, object] {
  if (i % 4 === 3) return ['board:undo', {}];
  return ['session:place', { sessionId: sessions[i % sessions.length]!, ...free[i % free.length]! }];
}

const server = await spawnServer(file);
try {
  const loadStarted = performance.now();
  const longBoss = await connectClient(server.url, { event: long.slug, key: long.key });
  const longLoadMs = performance.now() - loadStarted;
  const freshBoss = await connectClient(server.url, { event: fresh.slug, key: fresh.key });
  const runs: Array<{ name: string; boss: TestClient; ackMs: number[] }> = [
    { name: `fresh event (0 changes)`, boss: freshBoss, ackMs: [] },
    { name: `long event (${logged} changes)`, boss: longBoss, ackMs: [] },
  ];
  for (let i = 0; i < commandCount; i++) {
    for (const run of runs) {
      const { board: b } = run.boss.snapshot;
      const [name, payload] = nextCommand(
        i,
        b.sessions.map((s) => s.id),
        bookableCells(b),
      );
      const sentAt = performance.now();
      const ack = await run.boss.send(name, payload);
      run.ackMs.push(performance.now() - sentAt);
      if (!ack.ok && name !== 'board:undo') throw new Error(`${run.name}: ${name} refused: ${JSON.stringify(ack)}`);
    }
  }
  console.log(`Ack times, ${commandCount} commands per event (3 moves : 1 undo), taking turns, one server process:`);
  for (const run of runs) console.log(summary(run.name, run.ackMs));
  const p99 = (samples: number[]) =>
    percentile(
      [...samples].sort((a, b) => a - b),
      99,
    );
  console.log(`p99 ratio long / fresh         ${(p99(runs[1]!.ackMs) / p99(runs[0]!.ackMs)).toFixed(2)}× (target ≤ 1.2×)`);
  console.log(`first connection to the long event (board and undo stacks read once): ${longLoadMs.toFixed(0)} ms`);
  runs.forEach((run) => run.boss.close());
} finally {
  await server.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
