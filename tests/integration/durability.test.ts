// Kill the server with SIGKILL in the middle of a burst of commands, start it again on the
// same file: every acknowledged change is there, and the version has no gap.
import { bookableCells } from '../../shared/board.ts';
import path from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { createEvent } from '../../server/create-event.ts';
import type { Ack } from '../../shared/protocol.ts';
import { connectClient, spawnServer, tempDir, TEST_EVENT, type ChildServer } from '../helpers/server.ts';

const running: ChildServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function prepareDatabase() {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'durable.db');
  const db = openDatabase(file);
  const created = await createEvent(new SqliteStore(db), TEST_EVENT);
  db.close();
  return { file, ...created };
}

describe('durability', () => {
  it('keeps every acknowledged change through SIGKILL, with no version gap', async () => {
    const { file, slug, key } = await prepareDatabase();
    const first = await spawnServer(file);
    running.push(first);
    const boss = await connectClient(first.url, { event: slug, key });
    const board = boss.snapshot.board;
    const cells = bookableCells(board);

    // A placement acknowledged before the burst must survive as well.
    const placed = await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...cells[0]! });
    expect(placed.ok).toBe(true);

    const acked: Array<{ version: number; sessionId: string }> = [];
    let killed = false;
    const burst = 400;
    const sent: Promise<void>[] = [];
    for (let i = 0; i < burst; i++) {
      sent.push(
        new Promise<void>((resolve) => {
          boss.socket.emit(
            'session:submit',
            { commandId: `burst-command-${String(i).padStart(4, '0')}`, title: `Burst ${i}`, host: 'Kim' },
            (ack: Ack<{ sessionId: string }>) => {
              if (ack.ok && !killed) acked.push({ version: ack.version, sessionId: ack.data!.sessionId });
              if (acked.length === 60 && !killed) {
                killed = true;
                first.process.kill('SIGKILL');
              }
              resolve();
            },
          );
        }),
      );
    }
    await new Promise<void>((resolve) => first.process.once('exit', () => resolve()));
    boss.close();
    expect(killed).toBe(true);
    expect(acked.length).toBeGreaterThanOrEqual(60);

    const second = await spawnServer(file);
    running.push(second);
    const after = await connectClient(second.url, { event: slug });
    const ids = new Set(after.snapshot.board.sessions.map((s) => s.id));
    for (const { sessionId } of acked) expect(ids.has(sessionId)).toBe(true);
    expect(after.snapshot.board.placements).toContainEqual({ sessionId: board.sessions[0]!.id, ...cells[0]! });

    const raw = new Database(file, { readonly: true });
    const versions = raw
      .prepare('SELECT version FROM event_log ORDER BY version')
      .all()
      .map((r) => (r as { version: number }).version);
    raw.close();
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    expect(after.snapshot.version).toBe(versions.length);
    expect(Math.max(...acked.map((a) => a.version))).toBeLessThanOrEqual(after.snapshot.version);
    // Every logged change is a submitted session or the placement: nothing half-written.
    expect(after.snapshot.board.sessions).toHaveLength(TEST_EVENT.sessions!.length + versions.length - 1);
    after.close();
    void sent;
  });

  it('a second start keeps the data and does not seed again; a clean stop closes the file', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'fresh.db');
    const first = await spawnServer(file);
    running.push(first);
    expect(first.output()).toMatch(/\/e\/demo\/board#key=[\w-]{32}/);
    expect(first.output()).toMatch(/\/e\/demo\b/);
    const demoKey = /#key=([\w-]+)/.exec(first.output())![1]!;
    const boss = await connectClient(first.url, { event: 'demo', key: demoKey });
    expect(boss.snapshot.board.event.title).toBe('Barcamp Digitalisierung, Bochum');
    const session = boss.snapshot.board.sessions[0]!;
    await boss.send('session:interest', { sessionId: session.id, interest: 23 });
    boss.close();
    await first.stop('SIGTERM');
    expect(first.process.exitCode).toBe(0);

    const second = await spawnServer(file);
    running.push(second);
    expect(second.output()).not.toContain('#key=');
    expect(second.output()).toContain('event:key');
    const again = await connectClient(second.url, { event: 'demo' });
    expect(again.snapshot.board.sessions).toHaveLength(6);
    expect(again.snapshot.board.sessions[0]!.interest).toBe(23);
    expect(again.snapshot.version).toBe(1);
    again.close();
  });
});
