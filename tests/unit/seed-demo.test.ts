// The demo barcamp (server/seed-demo.ts), made on an empty database. Moved here from
// tests/unit/store.test.ts, which tests the stores themselves.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { secretMatches } from '../../server/auth.ts';
import { DEMO_SLUG, seedDemoIfEmpty } from '../../server/seed-demo.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the demo seed', () => {
  it('creates the Bochum barcamp once, with six unplaced sessions, and keeps only the key hash', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pitchboard-seed-'));
    dirs.push(dir);
    const store = new SqliteStore(openDatabase(path.join(dir, 'test.db')));
    try {
      const demo = (await seedDemoIfEmpty(store))!;
      expect(demo.slug).toBe(DEMO_SLUG);
      expect(await seedDemoIfEmpty(store)).toBeUndefined();

      const event = (await store.findEvent(DEMO_SLUG))!;
      expect(event.keyHash).not.toContain(demo.key);
      expect(secretMatches(demo.key, event.keyHash)).toBe(true);
      const { board, version } = await store.loadBoard(event.id);
      expect(version).toBe(0);
      expect(board.event).toMatchObject({ title: 'Barcamp Digitalisierung, Bochum', locale: 'de', timezone: 'Europe/Berlin' });
      expect(board.days).toHaveLength(1);
      expect(board.rooms.map((r) => r.capacity)).toEqual([80, 30, 20, 12]);
      expect(board.slots.map((s) => `${s.kind}:${s.start}`)).toEqual(['session:10:00', 'session:11:00', 'break:12:00', 'session:13:00', 'session:14:00']);
      expect(board.slots.find((s) => s.kind === 'break')!.label).toBe('Mittagspause');
      expect(board.sessions.map((s) => s.title)).toEqual([
        'E-Akte-Einführung',
        'DMS-Einführung',
        'Netzwerke und Synergien nutzen',
        'Kulturwandel in der Verwaltung',
        'Hybrid arbeiten: analog und digital',
        'Von Leuchtturmprojekten lernen',
      ]);
      expect(board.sessions.every((s) => s.host.length > 0 && s.status === 'pitched')).toBe(true);
      expect(board.placements).toEqual([]);
      expect(board.pitch.queue).toEqual(board.sessions.map((s) => s.id));
      expect(board.pitch.current).toBeNull();
    } finally {
      await store.close();
    }
  });
});
