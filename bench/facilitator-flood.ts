// Benchmark: does a facilitator who floods their own event slow down everyone else's? One
// server, two events. The victim's facilitator places sessions one after another (40 ms apart) and measures
// each ack: first on a quiet server (the yardstick), then while the other event's facilitator
// (in a process of its own) sends undo and redo as fast as the socket takes them, with the
// per-event facilitator limit as shipped and with it lifted. Prints the victim's ack times for
// all three and how many of the flood's commands the server took.
//   npm run bench:facilitator-flood -- [--moves 300]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { openDatabase } from '../db/open.ts';
import { SqliteStore } from '../db/sqlite-store.ts';
import { createEvent, type CreatedEvent } from '../server/create-event.ts';
import { DEFAULT_LIMITS } from '../server/rate-limit.ts';
import { bookableCells } from '../shared/board.ts';
import type { Ack } from '../shared/protocol.ts';
import { connectClient, spawnServer, tempDir, TEST_EVENT } from '../tests/helpers/server.ts';
import { summary } from './stats.ts';

/** The flooding facilitator, run in its own process until its stdin closes; prints its counts. */
async function flood(url: string, slug: string, key: string): Promise<void> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { event: slug, key } });
  await new Promise((resolve) => socket.once('board:snapshot', resolve));
  const send = (name: string, payload: object) => socket.timeout(10_000).emitWithAck(name, payload) as Promise<Ack>;
  const snapshot = (await send('board:sync', {})) as Ack<{ board: import('../shared/board.ts').Board }>;
  const board = snapshot.ok ? snapshot.data!.board : undefined;
  const cell = bookableCells(board!)[0]!;
  await send('session:place', { sessionId: board!.sessions[0]!.id, ...cell });
  let running = true;
  process.stdin.on('end', () => (running = false)).resume();
  const counts = { taken: 0, limited: 0 };
  console.log('flooding');
  for (let round = 0; running; round++) {
    // 50 at a time without waiting for each: as fast as the socket takes them.
    const acks = await Promise.all(Array.from({ length: 50 }, (_, i) => send((round + i) % 2 ? 'board:redo' : 'board:undo', {}).catch(() => null)));
    for (const ack of acks)
      if (ack?.ok) counts.taken++;
      else if (ack && ack.error.code === 'rate_limited') counts.limited++;
  }
  console.log(JSON.stringify(counts));
  socket.close();
  process.exit(0);
}

if (process.argv[2] === '--flood') await flood(process.argv[3]!, process.argv[4]!, process.argv[5]!);

const { values } = parseArgs({ options: { moves: { type: 'string', default: '300' } } });
const moves = Number(values.moves);

/** Starts the flooding process; `stop` ends it and gives its counts. */
async function startFlood(url: string, event: CreatedEvent) {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--flood', url, event.slug, event.key], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('flooding')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the flood stopped (${code})`)));
  });
  return {
    stop: () =>
      new Promise<{ taken: number; limited: number }>((resolve) => {
        child.removeAllListeners('exit').on('exit', () => resolve(JSON.parse(output.trim().split('\n').at(-1)!)));
        child.stdin.end();
      }),
  };
}

/** The victim's facilitator: `moves` placements one after another, 40 ms apart; the ack time of each. */
async function victimMoves(url: string, event: CreatedEvent): Promise<number[]> {
  const boss = await connectClient(url, { event: event.slug, key: event.key });
  const { board } = boss.snapshot;
  const cells = bookableCells(board);
  const ackMs: number[] = [];
  for (let i = 0; i < moves; i++) {
    const started = performance.now();
    const ack = await boss.send('session:place', { sessionId: board.sessions[i % board.sessions.length]!.id, ...cells[i % cells.length]! });
    ackMs.push(performance.now() - started);
    if (!ack.ok) throw new Error(`the victim's move was refused: ${JSON.stringify(ack)}`);
    // Faster than hands, slower than the event's own limit.
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  boss.close();
  return ackMs;
}

const dir = tempDir();
const file = path.join(dir, 'flood.db');
const db = openDatabase(file);
const store = new SqliteStore(db);
const victim = await createEvent(store, { ...TEST_EVENT, slug: 'victim' });
const attacker = await createEvent(store, { ...TEST_EVENT, slug: 'attacker' });
db.close();

const lines: string[] = [];
const rate = DEFAULT_LIMITS.facilitatorCommandsPerEvent.perSecond;
try {
  for (const [name, env] of [
    [`limit ${rate}/s`, { PITCHBOARD_FACILITATOR_RATE: String(rate) }],
    ['no limit', { PITCHBOARD_FACILITATOR_RATE: '1000000' }],
  ] as const) {
    const server = await spawnServer(file, env);
    let stopped: Promise<{ taken: number; limited: number }> | undefined;
    try {
      if (lines.length === 0) lines.push(summary('quiet server (yardstick)', await victimMoves(server.url, victim)));
      const flooding = await startFlood(server.url, attacker);
      const startedAt = performance.now();
      // The flood is stopped however the moves end: a process left flooding would keep this one alive.
      const ackMs = await victimMoves(server.url, victim).finally(() => (stopped = flooding.stop()));
      const seconds = (performance.now() - startedAt) / 1000;
      const counts = await stopped!;
      lines.push(summary(`flood, ${name}`, ackMs));
      lines.push(`${''.padEnd(28)} the flood's undo/redo taken ${(counts.taken / seconds).toFixed(0)}/s, refused ${(counts.limited / seconds).toFixed(0)}/s`);
    } finally {
      await server.stop('SIGTERM');
    }
  }
  console.log(`The victim facilitator's acks, ${moves} placements one after another, while another event's facilitator floods:`);
  for (const line of lines) console.log(line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
