// A flood of hostile clients against an event as big as an event may be, while its facilitator
// places sessions: 200 sockets (half never read their socket) asking for whole boards and the
// history they may not read, a connection storm beside them, slow HTTP clients. Used by the
// resilience suite (which checks what must hold) and by `npm run bench:flood` (which prints).
// The hostile clients run in a process of their own (tests/helpers/hostiles.ts): the boards
// they receive are parsed there, so the facilitator's ack times measured here are the server's.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { openSqliteStore } from '../../db/open.ts';
import { importEvent } from '../../server/create-event.ts';
import { applyAll } from '../../shared/apply.ts';
import { bookableCells, type Board } from '../../shared/board.ts';
import type { EventsBroadcast, Snapshot } from '../../shared/protocol.ts';
import { LIMITS } from '../../shared/limits.ts';
import { bigCamp } from '../fixtures/big-camp.ts';
import { connectClient, spawnServer, syncedBoard, tempDir } from './server.ts';
import { sleep } from './time.ts';

export const HOSTILE = 200;
/** As many sessions as an event may hold. */
export const FLOOD_SESSIONS = LIMITS.sessions;
export const SLOW_HTTP = 30;
export const PLACEMENTS = 200;

/** A process's resident memory in MB, read from /proc as `ps` would. */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** The most a server may grow to under a flood: twice its idle size, and at least 150 MB above it. */
export const memoryBound = (idleMb: number): number => Math.max(2 * idleMb, idleMb + 150);

/** Samples a process's memory every 100 ms: the highest value seen. */
export function watchMemory(pid: number): { peak(): number; stop(): number } {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // The process is gone; what was seen stays.
    }
  }, 100);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

export const percentile = (samples: number[], p: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor((samples.length * p) / 100))]!;

/** Starts the attackers' process and resolves once they are under way. */
async function startHostiles(url: string, slug: string) {
  const script = path.join(import.meta.dirname, 'hostiles.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, slug, String(HOSTILE), String(SLOW_HTTP)], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('flooding') && resolve());
    child.on('exit', (code) => reject(new Error(`the hostile clients stopped (${code})`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit').on('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

export interface FloodFigures {
  /** The facilitator's ack times in ms, one per placement. */
  acks: number[];
  /** Placements the server refused (none should be). */
  refused: number;
  idleMb: number;
  peakMb: number;
  afterMb: number;
  /** Phones that read their socket and, after the flood, had the server's board from broadcasts. */
  phonesInStep: number;
  phones: number;
  /** Whether the server was still running at the end. */
  serverAlive: boolean;
}

/** A phone's board: its snapshot with the broadcasts it heard applied in order, up to the first gap. */
export function boardFromBroadcasts(snapshot: Snapshot, broadcasts: readonly EventsBroadcast[]): { board: Board; version: number } {
  let { board, version } = snapshot;
  for (const broadcast of broadcasts) {
    if (broadcast.version !== version + 1) break;
    board = applyAll(board, broadcast.events);
    version = broadcast.version;
  }
  return { board, version };
}

export async function runFlood(): Promise<FloodFigures> {
  const dir = tempDir();
  const file = path.join(dir, 'flood.db');
  const store = openSqliteStore(file);
  const camp = bigCamp();
  const sessions = Array.from({ length: FLOOD_SESSIONS }, (_, i) => ({
    ...camp.sessions[i % camp.sessions.length]!,
    id: `s${i + 1}`,
    status: 'pitched' as const,
    title: `${camp.sessions[i % camp.sessions.length]!.title.slice(0, 100)} ${i + 1}`,
  }));
  const { slug, key } = await importEvent(store, { ...camp, sessions, placements: [] }, { slug: 'flood' });
  await store.close();
  const server = await spawnServer(file);
  const pid = server.process.pid!;
  try {
    const boss = await connectClient(server.url, { event: slug, key });
    const cells = bookableCells(boss.snapshot.board);
    // Idle: the board loaded, the facilitator connected, a handful of phones as at any camp.
    const phones = await Promise.all(Array.from({ length: 10 }, () => connectClient(server.url, { event: slug })));
    await sleep(1000);
    const idleMb = rssMb(pid);
    const memory = watchMemory(pid);
    const hostiles = await startHostiles(server.url, slug);
    // Let the flood reach the server before the facilitator starts.
    await sleep(1000);

    const acks: number[] = [];
    let refused = 0;
    let version = boss.snapshot.version;
    for (let i = 0; i < PLACEMENTS; i++) {
      const cell = cells[i % cells.length]!;
      const started = performance.now();
      const ack = await boss.send('session:place', { sessionId: `s${i + 1}`, ...cell });
      acks.push(performance.now() - started);
      if (ack.ok) version = ack.version;
      else refused++;
      await sleep(20);
    }
    await hostiles.stop();
    await sleep(2000);
    const peakMb = memory.stop();
    const afterMb = rssMb(pid);

    // Each phone applies the broadcasts it heard, in order and without a gap, to its snapshot:
    // through the flood it must have come to the server's board.
    const truth = await syncedBoard(boss);
    let phonesInStep = 0;
    for (const phone of phones) {
      await phone.waitForVersion(version, 10_000).catch(() => undefined);
      const heard = boardFromBroadcasts(phone.snapshot, phone.broadcasts);
      if (heard.version === version && isDeepStrictEqual(heard.board, truth)) phonesInStep++;
    }
    phones.forEach((p) => p.close());
    boss.close();
    return { acks, refused, idleMb, peakMb, afterMb, phonesInStep, phones: phones.length, serverAlive: server.process.exitCode === null };
  } finally {
    await server.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
