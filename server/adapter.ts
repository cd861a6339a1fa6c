// The Socket.IO adapter between processes on one database: what lets a process tell the others
// of a change, ask whose screens are open, and let go of facilitator screens on every process.
// Redis Streams when REDIS_URL is set (a stream keeps what a process missed while Redis was away,
// which the plain pub/sub adapter does not); else PostgreSQL's NOTIFY on DATABASE_URL's database.
import type { ServerOptions } from 'socket.io';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createAdapter as postgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as redisStreamsAdapter } from '@socket.io/redis-streams-adapter';

export interface CrossProcessAdapter {
  adapter: NonNullable<ServerOptions['adapter']>;
  /** Where it carries notices, for the start's line (never a password). */
  where: string;
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

/** The adapter the environment names, or none: one process on SQLite needs none. */
export async function crossProcessAdapter(config: {
  redisUrl?: string;
  databaseUrl?: string;
  failed: (error: Error) => void;
}): Promise<CrossProcessAdapter | undefined> {
  if (config.redisUrl) {
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    redis.on('error', config.failed);
    await redis.connect();
    const { host, port } = redis.options;
    // A stream of each database's own: processes of another database on the same Redis hear nothing of these.
    const streamName = `pitchboard:${databaseName(config.databaseUrl)}`;
    return { adapter: redisStreamsAdapter(redis, { streamName }), where: `Redis at ${host}:${port}`, close: async () => void (await redis.quit()) };
  }
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
    pool.on('error', config.failed);
    return { adapter: postgresAdapter(pool, { errorHandler: config.failed }), where: 'PostgreSQL', close: () => pool.end() };
  }
  return undefined;
}
