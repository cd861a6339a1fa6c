import { execFile } from 'node:child_process';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { secretMatches } from '../../server/auth.ts';
import { connectClient, startTestServer, tempDir } from '../helpers/server.ts';
import { sleep } from '../helpers/time.ts';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function cli(args: string[], dbFile: string) {
  return run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    env: { ...process.env, PITCHBOARD_DB: dbFile, PORT: '4321', PUBLIC_URL: '' },
  });
}

describe('npm run event:create', () => {
  it('creates an event from the options and prints one JSON line with a working key', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dbFile = path.join(dir, 'cli.db');
    const { stdout } = await cli(
      ['create', '--title', 'Barcamp Ruhr', '--date', '2026-05-09', '--rooms', 'A:40,B:20', '--slots', '10:00-10:45,11:00-11:45,lunch 12:00-13:00,13:00-13:45'],
      dbFile,
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!);
    expect(result.slug).toMatch(/^barcamp-ruhr-[0-9a-f]{6}$/);
    expect(result.key.length).toBeGreaterThanOrEqual(22);
    expect(result.facilitatorUrl).toBe(`http://localhost:4321/e/${result.slug}/board#key=${result.key}`);

    const db = openDatabase(dbFile);
    const store = new SqliteStore(db);
    const event = (await store.findEvent(result.slug))!;
    expect(secretMatches(result.key, event.keyHash)).toBe(true);
    const { board } = await store.loadBoard(event.id);
    expect(board.days).toEqual([expect.objectContaining({ date: '2026-05-09' })]);
    expect(board.rooms.map((r) => [r.name, r.capacity])).toEqual([
      ['A', 40],
      ['B', 20],
    ]);
    expect(board.slots.map((s) => s.kind)).toEqual(['session', 'session', 'break', 'session']);
    db.close();
  });

  it('uses sensible defaults, rotates keys, and says clearly what is wrong', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dbFile = path.join(dir, 'cli.db');
    const created = JSON.parse((await cli(['create', '--title', 'Mini', '--slug', 'mini'], dbFile)).stdout);
    expect(created.slug).toBe('mini');
    const db = openDatabase(dbFile);
    const { board } = await new SqliteStore(db).loadBoard((await new SqliteStore(db).findEvent('mini'))!.id);
    expect(board.rooms).toHaveLength(4);
    expect(board.slots.filter((s) => s.kind === 'session')).toHaveLength(4);
    expect(board.slots.filter((s) => s.kind === 'break')).toHaveLength(1);
    db.close();

    const rotated = JSON.parse((await cli(['key', '--slug', 'mini'], dbFile)).stdout);
    expect(rotated.key).not.toBe(created.key);

    await expect(cli(['create'], dbFile)).rejects.toMatchObject({ stderr: expect.stringContaining('--title is required') });
    await expect(cli(['create', '--title', 'X', '--slots', '10:00-11:00,10:30-11:30'], dbFile)).rejects.toMatchObject({
      stderr: expect.stringContaining('overlaps'),
    });
    await expect(cli(['create', '--title', 'X', '--slug', 'mini'], dbFile)).rejects.toMatchObject({
      stderr: expect.stringContaining('exists already'),
    });
    await expect(cli(['key', '--slug', 'nope'], dbFile)).rejects.toMatchObject({ stderr: expect.stringContaining('no event') });
  });
});

describe('npm run event:key while the board is open', () => {
  it('refuses the next command of a facilitator screen that was already open', async () => {
    // No sweep during this test: the command itself must notice.
    const server = await startTestServer({ keyCheckMs: 3_600_000 });
    try {
      const busy = await connectClient(server.url, { event: server.slug, key: server.key });
      expect(await busy.send('room:add', { name: 'Vorher' })).toMatchObject({ ok: true });
      // Another process changes the key in the same file.
      const rotated = JSON.parse((await cli(['key', '--slug', server.slug], server.dbFile)).stdout) as { key: string };
      const told = new Promise<void>((resolve) => busy.socket.once('facilitator:revoked', () => resolve()));
      expect(await busy.send('room:add', { name: 'Nachher' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await told;
      const { board } = await server.store.loadBoard((await server.store.findEvent(server.slug))!.id);
      expect(board.rooms.map((r) => r.name)).toContain('Vorher');
      expect(board.rooms.map((r) => r.name)).not.toContain('Nachher');
      const fresh = await connectClient(server.url, { event: server.slug, key: rotated.key });
      expect(await fresh.send('room:add', { name: 'Neuer Schlüssel' })).toMatchObject({ ok: true });
      for (const client of [busy, fresh]) client.close();
    } finally {
      await server.close();
    }
  });

  it('tells a quiet facilitator screen within seconds and lets it go, but not an attendee', async () => {
    const server = await startTestServer({ keyCheckMs: 500 });
    try {
      const quiet = await connectClient(server.url, { event: server.slug, key: server.key });
      const attendee = await connectClient(server.url, { event: server.slug });
      const told = new Promise<number>((resolve) => quiet.socket.once('facilitator:revoked', () => resolve(Date.now())));
      const gone = new Promise<string>((resolve) => quiet.socket.once('disconnect', (reason) => resolve(reason)));
      // Two checks pass and let the screen be (nothing marks a check that changes nothing).
      await sleep(1_200);
      expect(quiet.socket.connected).toBe(true);
      await cli(['key', '--slug', server.slug], server.dbFile);
      const changedAt = Date.now();
      expect((await told) - changedAt).toBeLessThan(2_000);
      expect(await gone).toBe('io server disconnect');
      expect(attendee.socket.connected).toBe(true);
      for (const client of [quiet, attendee]) client.close();
    } finally {
      await server.close();
    }
  });
});
