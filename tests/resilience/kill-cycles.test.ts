// Resilience: the server is killed (SIGKILL) 20 times in the middle of bursts of commands from
// 4 screens, and started again on the same file each time. The screens retry what was not
// answered, with the same commandId, as the real client does. Nothing acknowledged may be lost,
// nothing may land twice, and SQLite's integrity check must pass after every kill.
import path from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { CommandWriter } from '../../server/writer.ts';
import { createEvent } from '../../server/create-event.ts';
import type { Ack } from '../../shared/protocol.ts';
import { connectClient, spawnServer, tempDir, TEST_EVENT, type ChildServer, type TestClient } from '../helpers/server.ts';
import { report } from './report.ts';

const CYCLES = 20;
const SCREENS = 4;
/** New sessions per screen and burst: all cycles together stay under the 2,000 an event may hold. */
const BURST = 24;

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a screen sent and whether the server said yes. */
interface Sent {
  commandId: string;
  acked: boolean;
}

function emitSubmit(client: TestClient, commandId: string): Promise<Ack> {
  return new Promise((resolve) => {
    client.socket.emit('session:submit', { commandId, title: `T ${commandId}`, host: 'Kim' }, (ack: Ack) => resolve(ack));
    // A killed server never answers: the screen gives up waiting (and retries later).
    client.socket.once('disconnect', () => resolve({ ok: false, error: { code: 'internal', message: 'no answer' } } as Ack));
  });
}

/** What is wrong in the file, given what the screens were told: the checks of every cycle. */
function problemsIn(file: string, sent: Iterable<Sent>): { integrity: string; gapless: boolean; twice: number; lost: string[]; stored: number } {
  const raw = new Database(file, { readonly: true });
  const integrity = (raw.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
  const versions = raw
    .prepare('SELECT version FROM event_log ORDER BY version')
    .all()
    .map((r) => (r as { version: number }).version);
  const titles = raw
    .prepare("SELECT title FROM sessions WHERE title LIKE 'T %'")
    .all()
    .map((r) => (r as { title: string }).title);
  raw.close();
  const stored = new Set(titles);
  return {
    integrity,
    gapless: versions.every((version, i) => version === i + 1),
    twice: titles.length - stored.size,
    lost: [...sent].filter((s) => s.acked && !stored.has(`T ${s.commandId}`)).map((s) => s.commandId),
    stored: titles.length,
  };
}

describe('SIGKILL during bursts', () => {
  it(`loses no acknowledged change and applies none twice over ${CYCLES} kills`, async () => {
    const file = path.join(dir, 'kills.db');
    const db = openDatabase(file);
    const { slug, key } = await createEvent(new SqliteStore(db), TEST_EVENT);
    db.close();

    const sent = new Map<string, Sent>();
    let acknowledged = 0;
    let retried = 0;
    const restartMs: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const startedAt = Date.now();
      const server: ChildServer = await spawnServer(file);
      restartMs.push(Date.now() - startedAt);
      const screens = await Promise.all(Array.from({ length: SCREENS }, () => connectClient(server.url, { event: slug, key })));
      // First, what went unanswered before the last kill: the same ids again, answered now.
      const unanswered = [...sent.values()].filter((s) => !s.acked);
      const retries = await Promise.all(unanswered.map((s, i) => emitSubmit(screens[i % SCREENS]!, s.commandId)));
      retries.forEach((ack, i) => {
        expect(ack.ok, `retry of ${unanswered[i]!.commandId}`).toBe(true);
        unanswered[i]!.acked = true;
        retried++;
      });
      // Then a burst from every screen, and a kill somewhere in its middle.
      const killAfter = 10 + ((cycle * 37) % 80);
      let answered = 0;
      const burst = screens.flatMap((screen, s) =>
        Array.from({ length: BURST }, (_, i) => {
          const commandId = `cycle${cycle}-screen${s}-${String(i).padStart(4, '0')}`;
          const entry: Sent = { commandId, acked: false };
          sent.set(commandId, entry);
          return emitSubmit(screen, commandId).then((ack) => {
            if (ack.ok) {
              entry.acked = true;
              acknowledged++;
            }
            if (++answered === killAfter) server.process.kill('SIGKILL');
          });
        }),
      );
      await Promise.all(burst);
      if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill('SIGKILL');
      await new Promise<void>((resolve) =>
        server.process.exitCode !== null || server.process.signalCode !== null ? resolve() : server.process.once('exit', () => resolve()),
      );
      screens.forEach((screen) => screen.close());

      const problems = problemsIn(file, sent.values());
      expect(problems, `cycle ${cycle}`).toMatchObject({ integrity: 'ok', gapless: true, twice: 0, lost: [] });
    }
    const final = problemsIn(file, sent.values());
    report('kill cycles', [
      ['SIGKILL cycles', CYCLES],
      ['screens × burst', `${SCREENS} × ${BURST}`],
      ['commands acknowledged in bursts', acknowledged],
      ['unanswered, retried after restart', retried],
      ['sessions in the file', final.stored],
      ['acknowledged but lost', final.lost.length],
      ['applied twice', final.twice],
      ['integrity_check', final.integrity],
      ['restart to listening, median ms', [...restartMs].sort((a, b) => a - b)[Math.floor(restartMs.length / 2)]!],
    ]);
  });
});

describe('the checks of the kill cycles', () => {
  it('find a lost, a doubled and a gap when the file has them (a deliberately broken file)', async () => {
    const file = path.join(dir, 'broken.db');
    const db = openDatabase(file);
    const store = new SqliteStore(db);
    const { slug } = await createEvent(store, TEST_EVENT);
    const writer = new CommandWriter(store);
    const eventId = (await store.findEvent(slug))!.id;
    // Ids as a client makes them: long enough for a command that hands out a giver token.
    const [a, b, c] = ['a', 'b', 'c'].map((letter) => letter.repeat(16)) as [string, string, string];
    const sent: Sent[] = [a, b, c].map((id) => ({ commandId: id, acked: true }));
    for (const s of sent)
      await writer.execute({ eventId, isFacilitator: true }, 'session:submit', { commandId: s.commandId, title: `T ${s.commandId}`, host: 'K' });
    expect(problemsIn(file, sent)).toMatchObject({ integrity: 'ok', gapless: true, twice: 0, lost: [] });
    // Broken on purpose: one acknowledged session gone, another one twice, a version missing.
    db.prepare('DELETE FROM sessions WHERE title = ?').run(`T ${a}`);
    db.prepare('UPDATE sessions SET title = ? WHERE title = ?').run(`T ${b}`, `T ${c}`);
    db.prepare('DELETE FROM event_log WHERE version = 2').run();
    db.close();
    expect(problemsIn(file, sent)).toMatchObject({ gapless: false, twice: 1, lost: [a, c] });
  });
});
