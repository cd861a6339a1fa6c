// The Socket.IO adapter between processes on one database: what lets a process tell the others
// of a change, ask whose screens are open, and let go of facilitator screens on every process.
// Redis Streams when REDIS_URL is set (a stream keeps what a process missed while Redis was away,
// which the plain pub/sub adapter does not); else PostgreSQL's NOTIFY on DATABASE_URL's database.
import type { ServerOptions } from 'socket.io';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createAdapter as postgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as redisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BucketLimit, Budget, BudgetMaker } from './rate-limit.ts';

export interface CrossProcessAdapter {
  adapter: NonNullable<ServerOptions['adapter']>;
  /** Where it carries notices, for the start's line (never a password). */
  where: string;
  /** The budgets that must hold across processes, kept where the notices go. */
  budget: BudgetMaker;
  close(): Promise<void>;
}

/** The database's name in a connection string (its path), for the stream's. */
function databaseName(url: string | undefined): string {
  try {
    return decodeURIComponent(new URL(url ?? '').pathname.slice(1)) || 'postgres';
  } catch {
    return 'postgres';
  }
}

/**
 * A token bucket as rate-limiter-flexible counts: `burst` points a window, the window as long as
 * the bucket takes to fill again. When the shared store does not answer, each process keeps
 * counting on its own (the insurance), rather than letting everyone through or nobody.
 */
function windowOf(limit: BucketLimit) {
  const points = Math.max(1, Math.ceil(limit.burst));
  const duration = Math.max(1, Math.ceil(points / limit.perSecond));
  return { points, duration, insuranceLimiter: new RateLimiterMemory({ points, duration }) };
}

/** A budget on one of rate-limiter-flexible's stores. */
function sharedBudget(limiter: RateLimiterAbstract): Budget {
  return {
    has: async (key) => {
      const spent = await limiter.get(key);
      return spent === null || spent.remainingPoints > 0;
    },
    take: async (key) => {
      try {
        await limiter.consume(key);
        return true;
      } catch (refused) {
        // consume rejects with the counts when none is left; anything else is a failure.
        if (refused instanceof RateLimiterRes) return false;
        throw refused;
      }
    },
  };
}

/**
 * The pool as the PostgreSQL adapter uses it (`connect` for its listening connection, `query` for
 * the rest). The adapter holds its listening connection for good and, when the database ends it,
 * takes a new one without giving the old one back: that one is given back here, as broken, so that
 * the pool neither runs out after a few database restarts nor waits for it forever when closed.
 * (When the adapter closes, it gives its live connection back itself and drops this listener.)
 */
function adapterPool(pool: pg.Pool): pg.Pool {
  const forAdapter: Pick<pg.Pool, 'connect' | 'query'> = {
    connect: async () => {
      const client = await pool.connect();
      client.once('end', () => client.release(new Error('The database ended the connection that listened for notices.')));
      return client;
    },
    query: pool.query.bind(pool),
  };
  return forAdapter as pg.Pool;
}

/**
 * The adapter's client, connected as ioredis connects by itself, not lazily: the adapter's copies
 * of it (`duplicate()`, for reading the stream and for pub/sub) then connect by themselves too,
 * and ioredis retries them. A lazy client's copies the adapter connects with a promise nobody
 * waits for: Redis gone at that moment, or the process stopped, was an unhandled rejection, and
 * that ends a Node process. Rejects at the first failure (Redis not reachable at the start).
 */
function connected(redis: Redis): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = () => {
      redis.off('error', fail);
      resolve();
    };
    const fail = (error: Error) => {
      redis.off('ready', ready);
      redis.disconnect();
      reject(error);
    };
    redis.once('ready', ready);
    redis.once('error', fail);
  });
}

/** The adapter the environment names, or none: one process on SQLite needs none. */
export async function crossProcessAdapter(config: {
  redisUrl?: string;
  databaseUrl?: string;
  failed: (error: Error) => void;
}): Promise<CrossProcessAdapter | undefined> {
  if (config.redisUrl) {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    redis.on('error', config.failed);
    await connected(redis);
    const { host, port } = redis.options;
    // A stream and channels of each database's own: processes of another database on the same Redis
    // hear nothing of these. The channels' prefix as well as the stream's name: the adapter sends
    // what needs no keeping (server-side emits, fetchSockets) by Redis pub/sub on its channels.
    const streamName = `pitchboard:${databaseName(config.databaseUrl)}`;
    // The budgets on a connection of their own that never queues: while Redis is away a budget
    // is asked at once and falls back to this process's count (the adapter's waits for Redis).
    const budgets = new Redis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    budgets.on('error', () => {});
    await budgets.connect();
    return {
      adapter: redisStreamsAdapter(redis, { streamName, channelPrefix: streamName }),
      where: `Redis at ${host}:${port}`,
      budget: (name, limit) => sharedBudget(new RateLimiterRedis({ storeClient: budgets, keyPrefix: `${streamName}:limit:${name}`, ...windowOf(limit) })),
      close: async () => {
        budgets.disconnect();
        await redis.quit();
      },
    };
  }
  if (config.databaseUrl) {
    // One connection listens for notices; the others send them and ask the budgets.
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4, connectionTimeoutMillis: 5_000 });
    // The pool hears errors of its idle connections; one taken out of it (the adapter's listening
    // connection, held for good) must be heard on its own, or a database that ends it (a restart,
    // an administrator) crashes the process with an error nobody listens to. The adapter listens
    // again on a new connection once the old one has ended.
    pool.on('error', config.failed);
    pool.on('connect', (client) => client.on('error', config.failed));
    return {
      adapter: postgresAdapter(adapterPool(pool), { errorHandler: config.failed }),
      where: 'PostgreSQL',
      // The table is made by the store's migrations (db/migrations-postgres/003-rate-limits.sql).
      budget: (name, limit) =>
        sharedBudget(
          new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, keyPrefix: name, ...windowOf(limit) }),
        ),
      close: () => pool.end(),
    };
  }
  return undefined;
}
