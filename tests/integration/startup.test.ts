// A database file the server cannot use stops it at once with one sentence that names the file,
// and a second server on the same file refuses to start.
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { claimFileOf, openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { createEvent } from '../../server/create-event.ts';
import { ProtocolScreen } from '../helpers/protocol-screen.ts';
import { spawnServer, tempDir, TEST_EVENT, type ChildServer } from '../helpers/server.ts';

const running: ChildServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

async function databaseWithEvent(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'camp.db');
  const db = openDatabase(file);
  const store = new SqliteStore(db);
  // Enough rows that the tables span several pages.
  for (let i = 0; i < 20; i++) await createEvent(store, { ...TEST_EVENT, slug: `camp${i}`, title: `Camp ${i} ${'x'.repeat(100)}` });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return file;
}

/** How the server ends when it cannot start: its exit code and all it printed. */
async function startFailure(file: string, boundByPermissions = false): Promise<string> {
  const started = spawnServer(file, {}, { boundByPermissions });
  started.then(
    (server) => running.push(server),
    () => {},
  );
  const error = await started.then(
    () => new Error('the server started'),
    (failure: Error) => failure,
  );
  expect(error.message).toMatch(/^server exited with 1:/);
  // One sentence that names the file, no stack trace.
  expect(error.message).toContain(`Pitchboard cannot start. `);
  expect(error.message).toContain(path.resolve(file));
  expect(error.message).not.toMatch(/^\s+at /m);
  return error.message;
}

describe('a database the server cannot use', () => {
  it('a file with damaged pages', async () => {
    const file = await databaseWithEvent();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096, 3 * 4096);
    writeFileSync(file, bytes);
    expect(await startFailure(file)).toMatch(/is damaged/);
  });

  it('a truncated file', async () => {
    const file = await databaseWithEvent();
    writeFileSync(file, readFileSync(file).subarray(0, 5000));
    expect(await startFailure(file)).toMatch(/is damaged/);
  });

  it('a file that is not a database', async () => {
    const file = await databaseWithEvent();
    writeFileSync(file, 'Teilnehmerliste\n'.repeat(500));
    expect(await startFailure(file)).toMatch(/is damaged/);
  });

  it('a database of a newer Pitchboard', async () => {
    const file = await databaseWithEvent();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(await startFailure(file)).toMatch(/schema version 999/);
  });

  it('a read-only file', async () => {
    const file = await databaseWithEvent();
    chmodSync(file, 0o444);
    expect(await startFailure(file, true)).toMatch(/cannot be written/);
  });

  it('a folder it may not write in', async () => {
    const dir = tempDir();
    dirs.push(dir);
    mkdirSync(path.join(dir, 'locked'));
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'locked'), 0o555);
    expect(await startFailure(path.join(dir, 'locked', 'camp.db'), true)).toMatch(/cannot be written/);
  });
});

describe('one server per database file', () => {
  it('starts on a fresh checkout, where the folder of the database does not exist yet, and gives the file up when stopped', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'data', 'nested', 'pitchboard.db');
    const server = await spawnServer(file);
    running.push(server);
    const claim = claimFileOf(file);
    expect(readFileSync(claim, 'utf8')).toBe(String(server.process.pid));
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true, database: 'ok' });
    await server.stop('SIGTERM');
    expect(existsSync(claim)).toBe(false);
    // Started again, it tells how to get a new facilitator link for this file, not the default one.
    const again = await spawnServer(file);
    running.push(again);
    expect(again.output()).toContain(`Lost it? PITCHBOARD_DB=${file} npm run event:key -- --slug demo`);
    await again.stop('SIGTERM');
  });

  it('stops when told to with screens open that reconnect at once (a rolling restart): it lets them go and takes no new ones', async () => {
    const file = await databaseWithEvent();
    const server = await spawnServer(file);
    running.push(server);
    // Screens as the app's: a server that hangs up on purpose is called again at once.
    const screens = Array.from({ length: 20 }, () => new ProtocolScreen(server.url, 'camp0'));
    try {
      await expect.poll(() => screens.every((screen) => screen.board !== undefined)).toBe(true);
      const letGo = screens.map((screen) => new Promise<string>((resolve) => screen.socket.once('disconnect', resolve)));
      // Without refusing them at the door, they came back and kept it from ever exiting.
      await server.stop('SIGTERM');
      expect(server.process.exitCode).toBe(0);
      expect(new Set(await Promise.all(letGo))).toEqual(new Set(['io server disconnect']));
    } finally {
      screens.forEach((screen) => screen.close());
    }
  });

  it('a second server on the same file refuses to start; once the first is gone (stopped or killed), one starts', async () => {
    const file = await databaseWithEvent();
    const first = await spawnServer(file);
    running.push(first);
    const refusal = await startFailure(file);
    expect(refusal).toContain(`Another Pitchboard (process ${first.process.pid})`);
    expect(refusal).toContain('PITCHBOARD_DB');
    // The refused one did not take the file away from the first.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    await first.stop('SIGTERM');
    const second = await spawnServer(file);
    running.push(second);
    await second.stop('SIGKILL');
    const third = await spawnServer(file);
    running.push(third);
    expect((await fetch(`${third.url}/healthz`)).status).toBe(200);
    // Four server processes one after the other: on a busy 2-core machine each start takes seconds.
  }, 90_000);

  it("refuses a symlink to a running server's file, and a symlink to its folder", async () => {
    const file = await databaseWithEvent();
    const first = await spawnServer(file);
    running.push(first);
    const link = path.join(path.dirname(file), 'link.db');
    symlinkSync(file, link);
    expect(await startFailure(link)).toContain(
      `Another Pitchboard (process ${first.process.pid}) is already serving the database ${link} (the file ${file}): stop it first`,
    );
    const folder = path.join(tempDir(), 'data');
    dirs.push(path.dirname(folder));
    symlinkSync(path.dirname(file), folder);
    expect(await startFailure(path.join(folder, 'camp.db'))).toContain(`Another Pitchboard (process ${first.process.pid})`);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it("refuses a hard link to a running server's file, also from another folder", async () => {
    const file = await databaseWithEvent();
    const first = await spawnServer(file);
    running.push(first);
    const elsewhere = tempDir();
    dirs.push(elsewhere);
    const link = path.join(elsewhere, 'copy.db');
    linkSync(file, link);
    expect(await startFailure(link)).toContain(`The database ${link} has 2 names (hard links)`);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });
});

describe('settings from the environment', () => {
  it('a value that is not one stops the server with one sentence naming the setting', async () => {
    const file = await databaseWithEvent();
    for (const [name, value] of [
      ['PITCHBOARD_KEEP_DAYS', '-3'],
      ['PITCHBOARD_KEEP_UNTOUCHED_DAYS', 'a week'],
      ['PITCHBOARD_FACILITATOR_RATE', '0'],
      ['PITCHBOARD_TRUST_PROXY', 'proxy.example'],
      ['PITCHBOARD_CONNECTIONS_PER_NETWORK', 'many'],
    ] as const) {
      const failure = await spawnServer(file, { [name]: value }).then(
        (server) => (running.push(server), new Error('the server started')),
        (error: Error) => error,
      );
      expect(failure.message, name).toMatch(/^server exited with 1:/);
      expect(failure.message, name).toContain(`Pitchboard cannot start. ${name} must be`);
      expect(failure.message, name).toContain(`"${value}"`);
    }
    // Sound values start it; the database was not claimed by the refused ones.
    const server = await spawnServer(file, {
      PITCHBOARD_KEEP_DAYS: '0',
      PITCHBOARD_FACILITATOR_RATE: '20',
      PITCHBOARD_TRUST_PROXY: '10.0.0.0/8, loopback',
      PITCHBOARD_CONNECTIONS_PER_NETWORK: '5000',
    });
    running.push(server);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.stop('SIGTERM');
  }, 90_000);

  it('deletes old events when it starts, unless told to keep them', async () => {
    const file = await databaseWithEvent();
    const db = openDatabase(file);
    const twoYearsAgo = new Date(Date.now() - 730 * 24 * 60 * 60 * 1000);
    await createEvent(new SqliteStore(db), { ...TEST_EVENT, slug: 'camp-of-old', dates: [twoYearsAgo.toISOString().slice(0, 10)] }, twoYearsAgo);
    db.close();
    const board = (url: string, slug: string) => fetch(`${url}/api/events/${slug}/board`).then((r) => r.status);
    const keeping = await spawnServer(file, { PITCHBOARD_KEEP_DAYS: '0', PITCHBOARD_KEEP_UNTOUCHED_DAYS: '0' });
    running.push(keeping);
    expect(await board(keeping.url, 'camp-of-old')).toBe(200);
    await keeping.stop('SIGTERM');
    const server = await spawnServer(file);
    running.push(server);
    expect(await board(server.url, 'camp-of-old')).toBe(404);
    expect(await board(server.url, 'camp0')).toBe(200);
  }, 90_000);
});
