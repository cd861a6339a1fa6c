// Resilience: 200 hostile sockets on an event as big as an event may be (connection storms,
// board:sync and board:history floods, half of them never reading their socket) and 30 slow
// HTTP clients, while the facilitator places 200 sessions (tests/helpers/flood.ts). The server
// stays up, refuses none of the facilitator's changes, keeps its memory under the bound, and the
// phones that read come out with the server's board. The ack times are printed, not asserted:
// this machine is shared (README, Figures; `npm run bench:flood` runs the same flood).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  boardFromBroadcasts,
  FLOOD_SESSIONS,
  HOSTILE,
  memoryBound,
  percentile,
  PLACEMENTS,
  rssMb,
  runFlood,
  SLOW_HTTP,
  watchMemory,
} from '../helpers/flood.ts';
import { bookableCells } from '../../shared/board.ts';
import { connectClient, startTestServer } from '../helpers/server.ts';
import { report } from './report.ts';

describe(`a flood of ${HOSTILE} hostile sockets`, () => {
  it('leaves the facilitator working, the memory bounded and the phones that read in step', async () => {
    const flood = await runFlood();
    const bound = memoryBound(flood.idleMb);
    const p99 = percentile(flood.acks, 99);
    report(`a flood of ${HOSTILE} hostile sockets (${FLOOD_SESSIONS} sessions, ${SLOW_HTTP} slow HTTP clients)`, [
      [
        `facilitator acks (${PLACEMENTS} placements) p50 / p99 / max`,
        `${percentile(flood.acks, 50).toFixed(1)} / ${p99.toFixed(1)} / ${Math.max(...flood.acks).toFixed(1)} ms (target p99 ≤ 50 ms: ${p99 <= 50 ? 'met' : 'NOT met'})`,
      ],
      ['server memory idle / peak / after (MB)', `${flood.idleMb.toFixed(0)} / ${flood.peakMb.toFixed(0)} / ${flood.afterMb.toFixed(0)}`],
      ['bound (2× idle, at least idle + 150 MB)', `${bound.toFixed(0)} MB`],
      ['phones in step with the server afterwards', `${flood.phonesInStep} of ${flood.phones}`],
      ["facilitator's changes refused", flood.refused],
    ]);
    expect(flood.serverAlive).toBe(true);
    expect(flood.refused).toBe(0);
    expect(flood.phonesInStep).toBe(flood.phones);
    expect(flood.peakMb).toBeLessThanOrEqual(bound);
  });

  it('the memory check sees a process that grows past the bound (a deliberately growing process)', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        'process.stdin.once("data", () => { globalThis.kept = Buffer.alloc(400 * 1024 * 1024, 1); }); process.stdin.once("end", () => process.exit(0)); console.log("up")',
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const idle = rssMb(child.pid!);
    const memory = watchMemory(child.pid!);
    child.stdin.write('grow\n');
    await expect.poll(() => memory.peak(), { timeout: 10_000 }).toBeGreaterThan(memoryBound(idle));
    memory.stop();
    child.stdin.end();
  });

  it('the step check sees a phone that missed a broadcast (a deliberately deaf phone)', async () => {
    const server = await startTestServer();
    try {
      const boss = await connectClient(server.url, { event: server.slug, key: server.key });
      const phone = await connectClient(server.url, { event: server.slug });
      const { board } = boss.snapshot;
      const session = board.sessions.find((s) => s.status === 'pitched')!;
      const [first, second] = bookableCells(board);
      for (const [index, cell] of [first!, second!, first!].entries()) {
        expect((await boss.send('session:place', { sessionId: session.id, ...cell })).ok).toBe(true);
        await phone.waitForVersion(boss.snapshot.version + index + 1);
      }
      const heard = boardFromBroadcasts(phone.snapshot, phone.broadcasts);
      expect(heard.version).toBe(boss.snapshot.version + 3);
      expect(heard.board.placements).toContainEqual(expect.objectContaining({ sessionId: session.id, ...first }));
      const deaf = boardFromBroadcasts(
        phone.snapshot,
        phone.broadcasts.filter((_, index) => index !== 1),
      );
      expect(deaf.version).toBe(boss.snapshot.version + 1);
      boss.close();
      phone.close();
    } finally {
      await server.close();
    }
  });
});
