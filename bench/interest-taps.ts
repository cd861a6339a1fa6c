// Benchmark: a crowd taps "Interested" while the facilitator keeps placing. 2,000 phones (in
// processes of their own, spread over several loopback addresses so that the per-address limits
// are not what is measured) stay connected to the big camp; the facilitator, in this process,
// moves sessions every 40 ms and times each ack. Each round has two phases of the same length:
// A, the phones connected and idle (the yardstick); B, every phone taps once, spread over 10 s.
// Prints the facilitator's ack times for A and B, and for each phone how long after the last tap
// of its session a `session:taps` (or the counts riding along in `board:events`) showed it that session's final count, and how busy the server,
// the phones and the whole machine were (the phones share this machine's cores with the server).
//   npm run bench:taps -- [--phones 2000] [--addresses 10] [--processes 2] [--spread 10000] [--every 40] [--rounds 2] [--sessions 4]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { openDatabase } from '../db/open.ts';
import { SqliteStore } from '../db/sqlite-store.ts';
import { bookableCells, type Board } from '../shared/board.ts';
import type { Ack } from '../shared/protocol.ts';
import { seedBigCamp } from '../tests/fixtures/big-camp.ts';
import { connectClient, spawnServer, syncedBoard, tempDir } from '../tests/helpers/server.ts';
import { cpuSeconds, machineCpu, percentile, rssMb, summary } from './stats.ts';

/** A clock all processes on this machine share (ms since the epoch, sub-millisecond). */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the measuring process tells a phones process. */
type ToPhones =
  | { type: 'connect'; url: string; slug: string; addresses: string[]; first: number; count: number }
  | { type: 'tap'; startAt: number; spreadMs: number; sessionIds: string[] }
  | { type: 'report'; finals: Record<string, number> };

/** What a phones process answers. */
type FromPhones =
  | { type: 'connected'; count: number; ms: number }
  | { type: 'tapped'; taps: TapResult[] }
  | { type: 'seen'; phones: Array<{ sessionId: string; at: number | null; count: number | null }> };

interface TapResult {
  sessionId: string;
  /** The refusal's code, or undefined when the tap was counted. */
  refused?: string;
  ackMs: number;
  /** When the ack arrived (shared clock). */
  ackedAt: number;
}

/**
 * A phones process: `count` phones, phone `first + i` on address `addresses[(first + i) % n]`.
 * Each keeps the count of the session it tapped as `session:taps` tells it, and since when.
 */
function phonesProcess(): void {
  const phones: Array<{ index: number; socket: Socket; sessionId?: string; count: number | null; at: number | null }> = [];
  const send = (message: FromPhones) => process.send!(message);
  // The measuring process gone (ended or killed): nothing left to do here.
  let closing = false;
  process.on('disconnect', () => {
    closing = true;
    for (const phone of phones) phone.socket.disconnect();
    process.exit(0);
  });
  process.on('message', (message: ToPhones) => {
    if (message.type === 'connect') void connectAll(message);
    else if (message.type === 'tap') void tapAll(message);
    else if (message.type === 'report') {
      send({
        type: 'seen',
        phones: phones.map(({ sessionId, count, at }) => ({
          sessionId: sessionId!,
          count,
          at: count !== null && count === message.finals[sessionId!] ? at : null,
        })),
      });
    }
  });

  async function connectAll({ url, slug, addresses, first, count }: Extract<ToPhones, { type: 'connect' }>) {
    const started = now();
    // In groups, so that 1,000 handshakes do not all wait on one another's snapshots.
    for (let group = 0; group < count; group += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - group) }, (_, i) => {
          const index = first + group + i;
          // engine.io-client hands `localAddress` down to ws, which hands it to net.connect
          // (node_modules/engine.io-client/build/cjs/transports/websocket.js picks it from the
          // options); Socket.IO's option types do not list it.
          const options: Partial<ManagerOptions & SocketOptions> & { localAddress: string } = {
            auth: { event: slug, device: randomBytes(12).toString('hex') },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            timeout: 60_000,
            localAddress: addresses[index % addresses.length]!,
          };
          const socket = io(url, options);
          const phone = { index, socket, sessionId: undefined as string | undefined, count: null as number | null, at: null as number | null };
          phones.push(phone);
          // Counts come as session:taps, or riding along in a change's board:events.
          const heard = ({ taps }: { taps?: Record<string, number> }) => {
            const count = phone.sessionId === undefined || !taps ? undefined : taps[phone.sessionId];
            if (count === undefined || count === phone.count) return;
            phone.count = count;
            phone.at = now();
          };
          socket.on('session:taps', heard);
          socket.on('board:events', heard);
          return new Promise<void>((resolve, reject) => {
            // Connected once the server sends the board, or (a big camp's) its version.
            socket.once('board:snapshot', () => resolve());
            socket.once('board:version', () => resolve());
            socket.once('connect_error', (error) => reject(new Error(`phone ${index} from ${options.localAddress} was refused: ${error.message}`)));
          });
        }),
      );
    }
    // A phone that drops during the run would miss the counts: said, not hidden in the figures.
    for (const phone of phones) phone.socket.on('disconnect', (reason) => closing || console.error(`phone ${phone.index} disconnected: ${reason}`));
    send({ type: 'connected', count: phones.length, ms: now() - started });
  }

  async function tapAll({ startAt, spreadMs, sessionIds }: Extract<ToPhones, { type: 'tap' }>) {
    const taps = await Promise.all(
      phones.map(async (phone) => {
        const sessionId = sessionIds[phone.index % sessionIds.length]!;
        phone.sessionId = sessionId;
        phone.count = null;
        phone.at = null;
        await sleep(startAt + Math.random() * spreadMs - now());
        const sentAt = now();
        const ack = (await phone.socket
          .timeout(30_000)
          .emitWithAck('session:interested', { sessionId, interested: true })
          .catch(() => ({ ok: false, error: { code: 'timeout' } }))) as Ack;
        const ackedAt = now();
        return { sessionId, refused: ack.ok ? undefined : ack.error.code, ackMs: ackedAt - sentAt, ackedAt };
      }),
    );
    send({ type: 'tapped', taps });
  }
}

if (process.argv[2] === '--phones-process') {
  phonesProcess();
} else {
  await measure();
}

async function measure(): Promise<void> {
  const { values } = parseArgs({
    options: {
      phones: { type: 'string', default: '2000' },
      addresses: { type: 'string', default: '10' },
      processes: { type: 'string', default: '2' },
      spread: { type: 'string', default: '10000' },
      every: { type: 'string', default: '40' },
      rounds: { type: 'string', default: '2' },
      sessions: { type: 'string', default: '4' },
    },
  });
  const phoneCount = Number(values.phones);
  const addressCount = Number(values.addresses);
  const processCount = Number(values.processes);
  const spreadMs = Number(values.spread);
  const everyMs = Number(values.every);
  const rounds = Number(values.rounds);
  const sessionsPerRound = Number(values.sessions);
  if (!(addressCount >= 1 && addressCount <= 250)) throw new Error('--addresses: 1 to 250 (127.0.0.2 and up)');
  // Only loopback: 127.0.0.2, 127.0.0.3, … (Linux routes all of 127/8 to lo).
  const addresses = Array.from({ length: addressCount }, (_, i) => `127.0.0.${i + 2}`);

  const dir = tempDir();
  const file = path.join(dir, 'taps.db');
  const db = openDatabase(file);
  const camp = await seedBigCamp(new SqliteStore(db));
  db.close();

  // Nothing may outlive a bench that hangs: the phones processes and the server go with it.
  const children: ChildProcess[] = [];
  const deadline = setTimeout(
    () => {
      console.error(`interest-taps: gave up after ${2 + rounds} minutes`);
      for (const child of children) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      process.exit(1);
    },
    (2 + rounds) * 60_000,
  );
  deadline.unref();

  const server = await spawnServer(file).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  children.push(server.process);
  const pid = server.process.pid!;
  try {
    const idleRss = rssMb(pid);
    const boss = await connectClient(server.url, { event: camp.slug, key: camp.key });
    const board: Board = boss.snapshot.board;

    // The facilitator moves two sessions from the tray between four free cells, each move a real
    // change (a new version, broadcast to every phone); the phones tap other sessions.
    const placed = new Set(board.placements.map((p) => `${p.roomId}|${p.slotId}`));
    const freeCells = bookableCells(board).filter((cell) => !placed.has(`${cell.roomId}|${cell.slotId}`));
    const inTray = board.sessions.filter((s) => s.status === 'pitched' && !board.placements.some((p) => p.sessionId === s.id));
    if (freeCells.length < 4 || inTray.length < 2) throw new Error('the big camp has changed: no free cells or no sessions in the tray to move');
    const moved = inTray.slice(0, 2);
    const tapped = board.sessions.filter((s) => s.status === 'pitched' && !moved.includes(s));
    if (tapped.length < rounds * sessionsPerRound) throw new Error(`only ${tapped.length} sessions to tap`);
    let move = 0;
    /** Places sessions every `everyMs` until `until` (shared clock); each ack's time. */
    const placeUntil = async (until: number): Promise<number[]> => {
      const ackMs: number[] = [];
      while (now() < until) {
        const i = move++;
        const started = performance.now();
        const ack = await boss.send('session:place', { sessionId: moved[i % 2]!.id, ...freeCells[i % 4]! });
        ackMs.push(performance.now() - started);
        if (!ack.ok) throw new Error(`the facilitator's move was refused: ${JSON.stringify(ack)}`);
        await sleep(everyMs);
      }
      return ackMs;
    };

    // The phones processes, each with its share of the phones.
    const phoneProcesses = Array.from({ length: processCount }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--phones-process'], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      const inbox: FromPhones[] = [];
      const waiting: Array<() => void> = [];
      child.on('message', (message: FromPhones) => {
        inbox.push(message);
        waiting.splice(0).forEach((wake) => wake());
      });
      const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`a phones process stopped (${code})`))));
      exited.catch(() => {});
      /** The next message of this type (the processes answer in order). */
      const next = async <T extends FromPhones['type']>(type: T): Promise<Extract<FromPhones, { type: T }>> => {
        for (;;) {
          const index = inbox.findIndex((m) => m.type === type);
          if (index >= 0) return inbox.splice(index, 1)[0] as Extract<FromPhones, { type: T }>;
          await Promise.race([new Promise<void>((wake) => waiting.push(wake)), exited]);
        }
      };
      return { child, tell: (message: ToPhones) => child.send(message), next };
    });
    /** How busy the server and the phones processes were while `run` ran: CPU seconds per second. */
    const cpu = {
      A: { server: 0, phones: 0, seconds: 0, machineBusy: 0, machineAll: 0, steal: 0 },
      B: { server: 0, phones: 0, seconds: 0, machineBusy: 0, machineAll: 0, steal: 0 },
    };
    const busy = async <T>(phase: 'A' | 'B', run: () => Promise<T>): Promise<T> => {
      const phonesCpu = () => phoneProcesses.reduce((sum, p) => sum + cpuSeconds(p.child.pid!), 0);
      const before = { server: cpuSeconds(pid), phones: phonesCpu(), at: now(), machine: machineCpu() };
      const result = await run();
      const machine = machineCpu();
      cpu[phase].machineBusy += machine.busy - before.machine.busy;
      cpu[phase].machineAll += machine.busy + machine.idle - before.machine.busy - before.machine.idle;
      cpu[phase].steal += machine.steal - before.machine.steal;
      cpu[phase].server += cpuSeconds(pid) - before.server;
      cpu[phase].phones += phonesCpu() - before.phones;
      cpu[phase].seconds += (now() - before.at) / 1000;
      return result;
    };
    const all = <T>(run: (p: (typeof phoneProcesses)[number]) => Promise<T>) => Promise.all(phoneProcesses.map(run));

    const share = Math.ceil(phoneCount / processCount);
    phoneProcesses.forEach((p, n) =>
      p.tell({ type: 'connect', url: server.url, slug: camp.slug, addresses, first: n * share, count: Math.max(0, Math.min(share, phoneCount - n * share)) }),
    );
    const connected = await all((p) => p.next('connected'));
    const connectedRss = rssMb(pid);
    console.log(
      `${connected.reduce((sum, c) => sum + c.count, 0)} phones connected from ${addressCount} loopback address(es) in ` +
        `${(Math.max(...connected.map((c) => c.ms)) / 1000).toFixed(1)} s (${processCount} processes)`,
    );

    // Warm-up, not counted: the first moves pay for JIT and lazy loading.
    await placeUntil(now() + 2000);

    const idleAcks: number[] = [];
    const tapAcks: number[] = [];
    const roundLines: string[] = [];
    const tapResults: TapResult[] = [];
    const seenMs: number[] = [];
    let never = 0;
    let overallMs = -Infinity;
    let wrongFinals = 0;
    const sorted = (samples: number[]) => [...samples].sort((x, y) => x - y);
    const p99 = (samples: number[]) => percentile(sorted(samples), 99);

    /** A: as long as B, every phone connected, none tapping. */
    const idlePhase = () => busy('A', () => placeUntil(now() + spreadMs + 1000));

    /** B: every phone taps once, at a random moment of the next `spreadMs`; then who saw the final counts. */
    const tapPhase = async (round: number) => {
      const sessionIds = tapped.slice(round * sessionsPerRound, (round + 1) * sessionsPerRound).map((s) => s.id);
      const startAt = now() + 200;
      phoneProcesses.forEach((p) => p.tell({ type: 'tap', startAt, spreadMs, sessionIds }));
      const ackMs = await busy('B', () => placeUntil(startAt + spreadMs + 1000));
      const taps = (await all((p) => p.next('tapped'))).flatMap((m) => m.taps);
      tapResults.push(...taps);

      const lastTapAt = new Map<string, number>();
      for (const tap of taps) lastTapAt.set(tap.sessionId, Math.max(lastTapAt.get(tap.sessionId) ?? 0, tap.ackedAt));
      const lastOfAll = Math.max(...lastTapAt.values());
      // Well past the last announcement (they come 250 ms apart): a phone that has not seen the
      // final count by then never will.
      await sleep(Math.max(0, lastOfAll + 3000 - now()));
      // The final counts: what the server holds once every tap was answered (and the taps it took).
      // A big camp's board comes over HTTP: board:sync answers only its version.
      const synced = await syncedBoard(boss);
      const finals = Object.fromEntries(sessionIds.map((id) => [id, synced.sessions.find((s) => s.id === id)!.taps]));
      for (const id of sessionIds) if (finals[id] !== taps.filter((t) => t.sessionId === id && t.refused === undefined).length) wrongFinals++;
      phoneProcesses.forEach((p) => p.tell({ type: 'report', finals }));
      const seen = (await all((p) => p.next('seen'))).flatMap((m) => m.phones);
      const seenAfter: number[] = [];
      for (const phone of seen) {
        if (phone.at === null) never++;
        else {
          seenAfter.push(phone.at - lastTapAt.get(phone.sessionId)!);
          overallMs = Math.max(overallMs, phone.at - lastOfAll);
        }
      }
      seenMs.push(...seenAfter);
      return { ackMs, finals, lastSeen: seenAfter.length ? Math.max(...seenAfter) : NaN };
    };

    for (let round = 0; round < rounds; round++) {
      // A before B, then B before A: a load that grows or shrinks over the run favours neither.
      let a: number[] = [];
      let b: Awaited<ReturnType<typeof tapPhase>> | undefined;
      for (const phase of round % 2 ? (['B', 'A'] as const) : (['A', 'B'] as const)) {
        await sleep(1000);
        if (phase === 'A') a = await idlePhase();
        else b = await tapPhase(round);
      }
      idleAcks.push(...a);
      tapAcks.push(...b!.ackMs);
      roundLines.push(
        `round ${round + 1}: ack p99 A ${p99(a).toFixed(1)} ms, B ${p99(b!.ackMs).toFixed(1)} ms (${(p99(b!.ackMs) / p99(a)).toFixed(2)}×); ` +
          `final counts ${Object.values(b!.finals).join(', ')}; the last phone had its final count ${b!.lastSeen.toFixed(0)} ms after its session's last tap`,
      );
    }
    const afterRss = rssMb(pid);

    const ratio = p99(tapAcks) / p99(idleAcks);
    const refused = tapResults.filter((t) => t.refused !== undefined);
    const refusedCodes = [...new Set(refused.map((t) => t.refused))].join(', ');
    const within1s = seenMs.filter((ms) => ms <= 1000).length;
    console.log(
      `\nInterest taps under load: ${phoneCount} phones on ${addressCount} loopback address(es), big camp, the facilitator places every ${everyMs} ms; ` +
        `${rounds} round(s) of A (phones idle) and B (every phone taps once within ${spreadMs / 1000} s, ${sessionsPerRound} sessions)`,
    );
    for (const line of roundLines) console.log(line);
    console.log(summary(`facilitator ack, A (n=${idleAcks.length})`, idleAcks));
    console.log(summary(`facilitator ack, B (n=${tapAcks.length})`, tapAcks));
    console.log(`${'p99 B / p99 A'.padEnd(28)} ${ratio.toFixed(2)}× (target ≤ 1.2×)`);
    console.log(
      summary(
        `tap ack (n=${tapResults.length})`,
        tapResults.map((t) => t.ackMs),
      ),
    );
    console.log(`${'taps refused'.padEnd(28)} ${refused.length}${refused.length ? ` (${refusedCodes})` : ''}; final counts not as tapped: ${wrongFinals}`);
    if (seenMs.length) console.log(summary(`final count seen (n=${seenMs.length})`, seenMs));
    console.log(`${''.padEnd(28)} (after the last tap's ack of the phone's session; within 1 s: ${within1s} of ${seenMs.length + never})`);
    console.log(`${'never saw the final count'.padEnd(28)} ${never}`);
    console.log(`${'last phone to see it'.padEnd(28)} ${overallMs.toFixed(0)} ms after the last tap of its round`);
    for (const phase of ['A', 'B'] as const) {
      const { server, phones, seconds, machineBusy, machineAll, steal } = cpu[phase];
      console.log(
        `${`CPU while ${phase}`.padEnd(28)} server ${((100 * server) / seconds).toFixed(0)} %, phones processes ${((100 * phones) / seconds).toFixed(0)} % (of one core); ` +
          `the whole machine ${((100 * machineBusy) / machineAll).toFixed(0)} % busy (steal ${((100 * steal) / machineAll).toFixed(0)} %)`,
      );
    }
    console.log(
      `${'server memory (RSS)'.padEnd(28)} idle ${idleRss.toFixed(0)} MB, with ${phoneCount} phones ${connectedRss.toFixed(0)} MB, after ${afterRss.toFixed(0)} MB`,
    );
    boss.close();
    for (const p of phoneProcesses) p.child.disconnect();
  } finally {
    for (const child of children.slice(1)) if (child.exitCode === null) child.kill('SIGTERM');
    await server.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(deadline);
  }
}
