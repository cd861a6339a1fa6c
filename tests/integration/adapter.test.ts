// The budgets that hold across processes (server/adapter.ts): two processes' adapters on the same
// Redis or PostgreSQL database spend from one budget; with the store away, each counts on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { crossProcessAdapter, type CrossProcessAdapter } from '../../server/adapter.ts';
import { PostgresStore } from '../../db/postgres-store.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';

const REDIS_URL = process.env.PITCHBOARD_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const LIMIT = { burst: 3, perSecond: 1 / 60 };

describe.each([{ store: 'Redis' }, { store: 'PostgreSQL' }])('budgets kept in $store', ({ store }) => {
  let database: TestDatabase;
  const adapters: CrossProcessAdapter[] = [];
  // As in a process: the adapter's listening ends with the Socket.IO server, before its pool.
  const servers: Server[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // The store's migrations make the budgets' table.
    await (await PostgresStore.open(database.url)).close();
    for (let i = 0; i < 2; i++) {
      const adapter = await crossProcessAdapter({ databaseUrl: database.url, redisUrl: store === 'Redis' ? REDIS_URL : undefined, failed: () => {} });
      adapters.push(adapter!);
      servers.push(new Server({ adapter: adapter!.adapter }));
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.of('/').adapter.close()));
    await Promise.all(adapters.map((adapter) => adapter.close()));
    await database?.drop();
  });

  it('are spent together by two processes, per key, and say so without spending', async () => {
    const [onA, onB] = adapters.map((adapter) => adapter.budget('guesses', LIMIT));
    const key = `203.0.113.${Math.floor(Math.random() * 250)}`;
    expect(await onA!.take(key)).toBe(true);
    expect(await onB!.take(key)).toBe(true);
    expect(await onB!.has(key)).toBe(true);
    expect(await onA!.take(key)).toBe(true);
    expect(await onA!.has(key)).toBe(false);
    expect(await onB!.has(key)).toBe(false);
    expect(await onB!.take(key)).toBe(false);
    // Another key, and another budget of the same key, are untouched.
    expect(await onB!.has('198.51.100.1')).toBe(true);
    expect(await adapters[1]!.budget('events', LIMIT).has(key)).toBe(true);
  });
});

describe('budgets while the shared store is away', () => {
  it('count in the process instead: nobody is let through without end, nobody is locked out', async () => {
    // Nothing listens on port 1: every ask of the store fails at once.
    const database = await createTestDatabase();
    await (await PostgresStore.open(database.url)).close();
    const adapter = await crossProcessAdapter({ databaseUrl: database.url.replace(/:\d+\//, ':1/'), failed: () => {} });
    try {
      const budget = adapter!.budget('guesses', LIMIT);
      expect(await budget.has('venue')).toBe(true);
      const taken = [];
      for (let i = 0; i < 5; i++) taken.push(await budget.take('venue'));
      expect(taken).toEqual([true, true, true, false, false]);
    } finally {
      await adapter!.close();
      await database.drop();
    }
  });
});
