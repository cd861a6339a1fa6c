// Resilience: 20 server restarts (killed or stopped, on the same file) behind a loopback proxy
// that also drops connections at random, while the facilitator keeps placing sessions. Phones
// follow the protocol as the client does (the version they have at the handshake, broadcasts
// applied in order, a gap answered with board:sync); afterwards every one shows the server's board.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { createEvent } from '../../server/create-event.ts';
import { bookableCells, isBlocked, placementAt, placementOf } from '../../shared/board.ts';
import { spawnServer, tempDir, TEST_EVENT, type ChildServer } from '../helpers/server.ts';
import { report } from './report.ts';
import { diverged, droppingProxy, ProtocolScreen, sendUntilAnswered, serverBoard } from '../helpers/protocol-screen.ts';
import { sleep } from '../helpers/time.ts';

const RESTARTS = 20;
const PHONES = 6;

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setUp(name: string) {
  const file = path.join(dir, `${name}.db`);
  const db = openDatabase(file);
  const { slug, key } = await createEvent(new SqliteStore(db), {
    ...TEST_EVENT,
    sessions: Array.from({ length: 12 }, (_, i) => ({ title: `Session ${i + 1}`, host: `Host ${i + 1}`, description: '', tags: [] })),
  });
  db.close();
  let server: ChildServer = await spawnServer(file);
  const proxy = droppingProxy(() => Number(new URL(server.url).port), 250);
  const url = `http://127.0.0.1:${await proxy.listen()}`;
  return {
    file,
    slug,
    key,
    url,
    proxy,
    server: () => server,
    restart: async (signal: NodeJS.Signals) => {
      await server.stop(signal);
      server = await spawnServer(file);
    },
  };
}

describe('restarts behind a proxy that drops connections', () => {
  it(`every phone converges to the server's board after ${RESTARTS} restarts`, async () => {
    const camp = await setUp('restarts');
    const boss = new ProtocolScreen(camp.url, camp.slug, camp.key);
    const phones = Array.from({ length: PHONES }, () => new ProtocolScreen(camp.url, camp.slug));
    let commands = 0;
    let applied = 0;
    let n = 0;
    try {
      for (let restart = 1; restart <= RESTARTS; restart++) {
        const until = Date.now() + 500;
        while (Date.now() < until) {
          const board = boss.board;
          if (!board) {
            await sleep(50);
            continue;
          }
          const session = board.sessions[n++ % board.sessions.length]!;
          const free = bookableCells(board).filter((c) => !placementAt(board, c) && !isBlocked(board, c));
          const command =
            placementOf(board, session.id) && n % 3 === 0
              ? { name: 'session:unplace', payload: { commandId: `u${n}`, sessionId: session.id } }
              : { name: 'session:place', payload: { commandId: `p${n}`, sessionId: session.id, ...free[n % Math.max(1, free.length)]! } };
          const ack = await sendUntilAnswered(boss, command.name, command.payload);
          commands++;
          if (ack.ok) applied++;
        }
        await camp.restart(restart % 2 === 0 ? 'SIGKILL' : 'SIGTERM');
      }
      camp.proxy.stopDropping();
      const wrong = await diverged([boss, ...phones], camp.url, camp.slug);
      const truth = await serverBoard(camp.url, camp.slug);
      expect(
        wrong,
        `screens (version, connected, resyncs): ${[boss, ...phones].map((s) => `${s.version} ${s.socket.connected} ${s.resyncs}`).join('; ')}; the server's version ${truth.version}`,
      ).toEqual([]);
      expect(truth.version).toBeGreaterThan(RESTARTS);
      report('restarts behind a dropping proxy', [
        ['restarts (SIGTERM and SIGKILL in turn)', RESTARTS],
        ['connections dropped by the proxy', camp.proxy.dropped()],
        ['facilitator commands answered (retried with their commandId)', commands],
        ['of them applied', applied],
        ['server version at the end', truth.version],
        ['phones', PHONES],
        ['gaps resynced with board:sync', phones.reduce((sum, p) => sum + p.resyncs, 0)],
        ['screens showing the server board at the end', `${PHONES + 1 - wrong.length} of ${PHONES + 1}`],
      ]);
    } finally {
      [boss, ...phones].forEach((s) => s.close());
      camp.proxy.close();
      await camp.server().stop('SIGTERM');
    }
  });

  it('notices a phone that loses changes without resyncing (the check can fail)', async () => {
    const camp = await setUp('lossy');
    camp.proxy.stopDropping();
    const boss = new ProtocolScreen(camp.url, camp.slug, camp.key);
    const lossy = new ProtocolScreen(camp.url, camp.slug, undefined, true);
    try {
      while (!boss.board || !lossy.board) await sleep(50);
      const sessions = boss.board.sessions;
      const cells = bookableCells(boss.board);
      for (let i = 0; i < 8; i++) {
        expect(await sendUntilAnswered(boss, 'session:place', { commandId: `l${i}`, sessionId: sessions[i]!.id, ...cells[i]! })).toMatchObject({ ok: true });
      }
      expect(await diverged([boss, lossy], camp.url, camp.slug)).toEqual([1]);
    } finally {
      boss.close();
      lossy.close();
      camp.proxy.close();
      await camp.server().stop('SIGTERM');
    }
  });
});
