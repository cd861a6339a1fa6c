// The budgets that hold across processes (server/adapter.ts): two processes' adapters on the same
// Redis or PostgreSQL database spend from one budget; with the store away, each counts on its own.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Server } from 'socket.io';
import { crossProcessAdapter, type CrossProcessAdapter } from '../../server/adapter.ts';
import { PostgresStore } from '../../db/postgres-store.ts';
import { createTestDatabase, TEST_POSTGRES, withDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { droppingProxy } from '../helpers/protocol-screen.ts';
import { sleep } from '../helpers/time.ts';

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
  });
  // The adapters are made for each test, not once for the file: a mutation run credits a test
  // only with the code that runs while it runs (docs/testing.md).
  beforeEach(async () => {
    for (let i = 0; i < 2; i++) {
      const adapter = await crossProcessAdapter({ databaseUrl: database.url, redisUrl: store === 'Redis' ? REDIS_URL : undefined, failed: () => {} });
      adapters.push(adapter!);
      servers.push(new Server({ adapter: adapter!.adapter }));
    }
    // Each hears the other before the test: PostgreSQL's adapter closed while it is still taking
    // its listening connection from the pool keeps that connection, and the pool never ends.
    for (const [from, to] of [servers, [...servers].reverse()]) {
      let heard = false;
      to!.on('hello' as never, () => {
        heard = true;
      });
      await expect.poll(() => (from!.serverSideEmit('hello' as never), heard), { timeout: 10_000, interval: 50 }).toBe(true);
    }
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.of('/').adapter.close()));
    await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('say where they are kept, without a password', () => {
    expect(adapters[0]!.where).toBe(store === 'Redis' ? `Redis at ${new URL(REDIS_URL).hostname}:${new URL(REDIS_URL).port || 6379}` : 'PostgreSQL');
  });

  it('fill again once the time the limit takes to refill has passed, not before', async () => {
    // 4 at once and 2 a second: the budget is whole again 2 seconds after it was first spent.
    const budget = adapters[0]!.budget('refill', { burst: 4, perSecond: 2 });
    const key = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const spentAt = Date.now();
    for (let i = 0; i < 4; i++) expect(await budget.take(key)).toBe(true);
    expect(await budget.has(key)).toBe(false);
    // Still spent a second and a bit later: a time that passes, with no event to wait for.
    await sleep(1_200 - (Date.now() - spentAt));
    expect(await budget.has(key)).toBe(false);
    await expect.poll(() => budget.has(key), { timeout: 3_000, interval: 100 }).toBe(true);
    expect(Date.now() - spentAt).toBeLessThan(3_500);
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

describe('the adapter the environment names', () => {
  it('is none for one process on SQLite (neither REDIS_URL nor DATABASE_URL)', async () => {
    expect(await crossProcessAdapter({ failed: () => {} })).toBeUndefined();
  });

  it('counts a connection string without a database, or none, as the database `postgres` on Redis', async () => {
    const made = await Promise.all(
      [undefined, 'postgres://postgres@127.0.0.1:5432', withDatabase(TEST_POSTGRES, 'postgres')].map((databaseUrl) =>
        crossProcessAdapter({ redisUrl: REDIS_URL, databaseUrl, failed: () => {} }),
      ),
    );
    try {
      const name = `guesses-${randomBytes(6).toString('hex')}`;
      const [none, withoutDatabase, postgres] = made.map((adapter) => adapter!.budget(name, { burst: 2, perSecond: 1 / 60 }));
      expect(await none!.take('venue')).toBe(true);
      expect(await withoutDatabase!.take('venue')).toBe(true);
      expect(await postgres!.has('venue')).toBe(false);
    } finally {
      await Promise.all(made.map((adapter) => adapter!.close()));
    }
  });

  it("carries each database's notices in a stream of its own on one Redis: another database's processes hear none of them", async () => {
    const [first, second] = [`pitchboard_${randomBytes(6).toString('hex')}`, `pitchboard_${randomBytes(6).toString('hex')}`];
    const made = await Promise.all(
      [first, first, second, second].map((database) =>
        crossProcessAdapter({ redisUrl: REDIS_URL, databaseUrl: withDatabase(TEST_POSTGRES, database), failed: () => {} }),
      ),
    );
    const [a, sameAsA, b, sameAsB] = made.map((adapter) => new Server({ adapter: adapter!.adapter }));
    try {
      const heard = (server: Server) => {
        const notices: string[] = [];
        server.on('notice' as never, (text: string) => {
          notices.push(text);
        });
        return notices;
      };
      const [bySameAsA, byB, bySameAsB] = [heard(sameAsA!), heard(b!), heard(sameAsB!)];
      // A stream is read in order: had b's stream been a's too, it would hear a's notice before its own.
      await expect.poll(() => (a!.serverSideEmit('notice' as never, 'from a'), bySameAsA.length), { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(() => (sameAsB!.serverSideEmit('notice' as never, 'from b'), byB.length), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(new Set(byB)).toEqual(new Set(['from b']));
      expect(bySameAsB).toEqual([]);
    } finally {
      await Promise.all([a, sameAsA, b, sameAsB].map((server) => server!.of('/').adapter.close()));
      await Promise.all(made.map((adapter) => adapter!.close()));
    }
  });

  it("keeps the budgets of each database apart on one Redis: another database's processes spend their own", async () => {
    const name = () => `pitchboard_${randomBytes(6).toString('hex')}`;
    const [first, second] = [name(), name()];
    const made = await Promise.all(
      [first, first, second].map((database) =>
        crossProcessAdapter({ redisUrl: REDIS_URL, databaseUrl: withDatabase(TEST_POSTGRES, database), failed: () => {} }),
      ),
    );
    try {
      const [a, sameDatabase, otherDatabase] = made.map((adapter) => adapter!.budget('guesses', { burst: 1, perSecond: 1 / 60 }));
      expect(await a!.take('venue')).toBe(true);
      expect(await sameDatabase!.has('venue')).toBe(false);
      expect(await otherDatabase!.has('venue')).toBe(true);
      expect(await otherDatabase!.take('venue')).toBe(true);
    } finally {
      await Promise.all(made.map((adapter) => adapter!.close()));
    }
  });
});

describe('the adapter on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await (await PostgresStore.open(database.url)).close();
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** Asks the test database with a connection of the test's own (not counted in `backends`). */
  const ask = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  /** The other connections to the test database: their last statements. */
  const backends = async () =>
    (
      await ask<{ query: string; state: string }>('SELECT query, state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
    ).map(({ query, state }) => `${state}: ${query}`);

  /** The connection that listens for notices. */
  const LISTENING = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'";
  /** An adapter with a Socket.IO server on it, listening for notices; what it reported through `failed`. */
  const started = async () => {
    const failures: Error[] = [];
    const adapter = (await crossProcessAdapter({ databaseUrl: database.url, failed: (error) => failures.push(error) }))!;
    const server = new Server({ adapter: adapter.adapter });
    await expect.poll(async () => (await backends()).some((backend) => backend.startsWith('idle: LISTEN')), { timeout: 10_000 }).toBe(true);
    const stop = async () => {
      await server.of('/').adapter.close();
      await adapter.close();
    };
    return { adapter, failures, stop };
  };

  it('reports through `failed` a connection of its pool that the database ended, and goes on', async () => {
    const { adapter, failures, stop } = await started();
    try {
      const budget = adapter.budget('guesses', { burst: 5, perSecond: 1 / 60 });
      expect(await budget.take('venue')).toBe(true);
      // The budgets' connection waits idle in the pool; the database ends it (a restart, an administrator).
      await ask(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query NOT LIKE 'LISTEN%'",
      );
      await expect.poll(() => failures.map((error) => error.message)).toContain('terminating connection due to administrator command');
      expect(await budget.take('venue')).toBe(true);
      expect(await budget.has('venue')).toBe(true);
    } finally {
      await stop();
    }
  });

  it('reports through `failed` its listening connection that the database ended, and listens again on a new one', async () => {
    const { failures, stop } = await started();
    try {
      const [listening] = await ask<{ pid: number }>(LISTENING);
      await ask('SELECT pg_terminate_backend($1)', [listening!.pid]);
      // Heard, not thrown: without a listener of its own the connection's error would end the process.
      await expect.poll(() => failures.map((error) => error.message)).toContain('terminating connection due to administrator command');
      // A new connection listens in its place.
      const listeners = async () => (await ask<{ pid: number }>(LISTENING)).map(({ pid }) => pid);
      await expect.poll(listeners, { timeout: 10_000 }).toEqual([expect.any(Number)]);
      expect(await listeners()).not.toEqual([listening!.pid]);
    } finally {
      await stop();
    }
  });

  it('reports through `failed` a notice it cannot read', async () => {
    const { failures, stop } = await started();
    try {
      await ask(`SELECT pg_notify('socket.io#/', 'not a notice')`);
      await expect.poll(() => failures.map((error) => error.name)).toEqual(['SyntaxError']);
    } finally {
      await stop();
    }
  });

  it('ends all its connections to the database when closed', async () => {
    const { adapter, stop } = await started();
    expect(await adapter.budget('guesses', { burst: 5, perSecond: 1 / 60 }).take('venue')).toBe(true);
    expect((await backends()).length).toBeGreaterThanOrEqual(2);
    await stop();
    // At once, well before the pool would let an idle connection go by itself (10 seconds).
    expect(await backends()).toEqual([]);
  });
});

describe('the adapter on Redis', () => {
  /** An adapter that reaches Redis through a loopback proxy the test can cut; what it reported through `failed`. */
  const throughProxy = async ({ waitUntilSubscribed = true } = {}) => {
    const proxy = droppingProxy(() => Number(new URL(REDIS_URL).port || 6379), Infinity);
    const url = new URL(REDIS_URL);
    url.host = `127.0.0.1:${await proxy.listen()}`;
    const failures: Error[] = [];
    const database = `redis_${randomBytes(4).toString('hex')}`;
    const adapter = (await crossProcessAdapter({
      redisUrl: url.href,
      databaseUrl: withDatabase(TEST_POSTGRES, database),
      failed: (error) => failures.push(error),
    }))!;
    const server = new Server({ adapter: adapter.adapter });
    // Up and running once Redis counts its subscription to the database's channel (asked directly).
    const direct = new Redis(REDIS_URL);
    try {
      if (waitUntilSubscribed) await expect.poll(async () => (await direct.pubsub('NUMSUB', `pitchboard:${database}#/#`))[1]).toBe(1);
    } finally {
      direct.disconnect();
    }
    const stop = async () => {
      await server.of('/').adapter.close();
      await adapter.close();
    };
    return { proxy, adapter, failures, stop };
  };

  it('reports through `failed` that Redis went away, and counts its budgets in the process meanwhile, without a word from ioredis', async () => {
    const logged = vi.spyOn(console, 'error');
    const { proxy, adapter, failures, stop } = await throughProxy();
    try {
      const budget = adapter.budget('guesses', LIMIT);
      expect(await budget.take('venue')).toBe(true);
      proxy.close();
      await expect.poll(() => failures.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const taken = [];
      for (let i = 0; i < 4; i++) taken.push(await budget.take('venue'));
      expect(taken).toEqual([true, true, true, false]);
      // Both connections' errors are heard: none reaches ioredis's "Unhandled error event" line.
      expect(logged.mock.calls.flat().join(' ')).not.toContain('Unhandled error');
    } finally {
      logged.mockRestore();
      await stop();
    }
  });

  it('goes on when Redis goes away while the adapter is still connecting its copies (an unhandled rejection would end the process)', async () => {
    const { proxy, failures, stop } = await throughProxy({ waitUntilSubscribed: false });
    proxy.close();
    await expect.poll(() => failures.length, { timeout: 10_000 }).toBeGreaterThan(0);
    // Vitest fails the run on an unhandled rejection; a moment for the copies' attempts to fail.
    await sleep(500);
    await stop();
  });

  it('ends its connections to Redis when closed', async () => {
    const { proxy, adapter, stop } = await throughProxy();
    try {
      expect(await adapter.budget('guesses', LIMIT).take('venue')).toBe(true);
      // Its own connection, the budgets', and the adapter's two copies (the stream's reader, pub/sub).
      expect(proxy.open()).toBe(4);
      await stop();
      // The copy that reads the stream lets go once its read (5 s at most) returns.
      await expect.poll(() => proxy.open(), { timeout: 10_000 }).toBe(0);
    } finally {
      proxy.close();
    }
  });
});
