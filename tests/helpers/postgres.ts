// A PostgreSQL database of its own for a test: made with a random name on the server that
// PITCHBOARD_TEST_POSTGRES names (the local one unless told), dropped when the test is done.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES = process.env.PITCHBOARD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** The new database's connection string. */
  url: string;
  /** Ends what is still connected to it and drops it. */
  drop(): Promise<void>;
}

/** `url` with another database in its path. */
export function withDatabase(url: string, name: string): string {
  const address = new URL(url);
  address.pathname = `/${name}`;
  return address.toString();
}

async function administer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const { host, port } = client;
    const code = (error as { code?: string }).code;
    throw new Error(
      `PostgreSQL is not reachable at ${host}:${port} (${code ?? (error as Error).message}): start it (pg_ctlcluster 15 main start) or set PITCHBOARD_TEST_POSTGRES to a server the tests may make databases on.`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database (collated in German); `drop` removes it again. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pitchboard_test_${randomBytes(6).toString('hex')}`;
  // A German collation (ICU), as a production database may well have: text ordered by it differs
  // from SQLite's bytewise order ("b" before "C"), so the tests find a query that forgets COLLATE "C".
  await administer((client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'de'`));
  return {
    url: withDatabase(TEST_POSTGRES, name),
    drop: () =>
      administer(async (client) => {
        // FORCE: connections a failed test left open (a pool, a store still opening) are ended first.
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}
