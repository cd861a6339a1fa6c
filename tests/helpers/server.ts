// A real Pitchboard server for tests: in this process on port 0, or as a child process.
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import pg from 'pg';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { PostgresStore } from '../../db/postgres-store.ts';
import type { Store } from '../../db/store.ts';
import { createTestDatabase } from './postgres.ts';
import { buildApp, type AppOptions } from '../../server/app.ts';
import type { CommandLimits } from '../../server/rate-limit.ts';
import { createEvent, type CreateEventInput } from '../../server/create-event.ts';
import type { Board } from '../../shared/board.ts';
import type { CommandName } from '../../shared/commands.ts';
import type { Ack, BoardAnswer, BoardVersion, EventsBroadcast, Snapshot } from '../../shared/protocol.ts';

export interface TestServer {
  url: string;
  slug: string;
  key: string;
  store: Store;
  /** The server's own connection to its SQLite file (e.g. to set a pragma that makes its writes fail); none on PostgreSQL. */
  db: Database.Database | undefined;
  dbFile: string;
  /** The rows a query reads from the server's database, whichever it is (the SQL both know). */
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  /** The names of the database's tables. */
  tables(): Promise<string[]>;
  /** Another store on the same database, as a restarted server opens it (the caller closes it). */
  reopen(): Promise<Store>;
  app: FastifyInstance;
  /** Closes the server and deletes its database; once, however often called. */
  close(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'pitchboard-test-'));
}

export const TEST_EVENT: CreateEventInput = {
  title: 'Testcamp',
  slug: 'testcamp',
  dates: ['2026-05-09'],
  rooms: 'Raum A:40,Raum B:20,Raum C',
  slots: '10:00-10:45,11:00-11:45,lunch 12:00-13:00,13:00-13:45',
  sessions: [
    { title: 'Erste Session', host: 'Anna', description: '', tags: [] },
    { title: 'Zweite Session', host: 'Ben', description: '', tags: [] },
    { title: 'Dritte Session', host: 'Cem', description: '', tags: [] },
  ],
};

/** A log line of the server, as pino writes it. */
export interface LogLine {
  level: number;
  msg: string;
  event?: string;
  err?: { message: string; code?: string };
  [field: string]: unknown;
}

/** A logger for buildApp that keeps the server's log lines, read back, in `lines`. */
export function capturedLog(): { logger: { level: string; stream: { write(line: string): void } }; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { logger: { level: 'info', stream: { write: (line) => void lines.push(JSON.parse(line) as LogLine) } }, lines };
}

/** Which store the test servers use: SQLite unless PITCHBOARD_TEST_STORE=postgres (the integration suite runs once with each). */
export const TEST_STORE: Store['kind'] = process.env.PITCHBOARD_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

interface TestStore {
  store: Store;
  db: Database.Database | undefined;
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  tables(): Promise<string[]>;
  /** Another store on the same database, as a restarted server opens it (the caller closes it). */
  reopen(): Promise<Store>;
  /** Closes the store (and drops a PostgreSQL database of its own). */
  close(): Promise<void>;
}

/** A fresh store of the kind TEST_STORE names: the SQLite file `dbFile`, or a PostgreSQL database of its own. */
export async function openTestStore(dbFile: string): Promise<TestStore> {
  if (TEST_STORE === 'sqlite') {
    const db = openDatabase(dbFile);
    const store = new SqliteStore(db);
    return {
      store,
      db,
      rows: async (sql) => db.prepare(sql).all() as Array<Record<string, unknown>>,
      tables: async () => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map(({ name }) => name),
      reopen: async () => new SqliteStore(openDatabase(dbFile)),
      close: () => store.close(),
    };
  }
  const database = await createTestDatabase();
  const store = await PostgresStore.open(database.url, { max: 4 });
  const reader = new pg.Pool({ connectionString: database.url, max: 1 });
  return {
    store,
    db: undefined,
    rows: async (sql) => (await reader.query(sql)).rows as Array<Record<string, unknown>>,
    tables: async () =>
      (await reader.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")).rows.map(
        ({ name }) => name,
      ),
    reopen: () => PostgresStore.open(database.url, { max: 4 }),
    close: async () => {
      await store.close();
      await reader.end();
      await database.drop();
    },
  };
}

/** Creates the test event in a fresh database (a file, or PostgreSQL: see TEST_STORE) and serves it on a free port. */
export async function startTestServer(
  options: {
    withClient?: boolean;
    /** A client build of the test's own (tests/helpers/fake-build.ts); default: none, or the real one `withClient`. */
    clientDir?: string;
    limits?: CommandLimits;
    keyCheckMs?: number;
    logger?: AppOptions['logger'];
    publicUrl?: string;
    /** Where to listen (127.0.0.1 unless told; 0.0.0.0 listens on every interface, as npm start does). */
    host?: string;
    httpTimeouts?: AppOptions['httpTimeouts'];
    /** Which proxies may tell client addresses in X-Forwarded-For (PITCHBOARD_TRUST_PROXY). */
    trustProxy?: AppOptions['trustProxy'];
    /** Take the test's own http push receiver (PITCHBOARD_PUSH_ALLOW_HTTP). */
    pushAllowHttp?: boolean;
    /** Take the test's own http webhook receiver (PITCHBOARD_WEBHOOK_ALLOW_HTTP). */
    webhookAllowHttp?: boolean;
    /** The pauses before a failed webhook post is sent again (PITCHBOARD_WEBHOOK_BACKOFF_MS). */
    webhookBackoffMs?: readonly number[];
  } = {},
): Promise<TestServer> {
  const dir = tempDir();
  const dbFile = path.join(dir, 'test.db');
  const database = await openTestStore(dbFile);
  const { store, db } = database;
  const { slug, key } = await createEvent(store, TEST_EVENT);
  const app = await buildApp({
    store,
    clientDir: options.clientDir ?? (options.withClient ? undefined : path.join(dir, 'no-client')),
    limits: options.limits,
    keyCheckMs: options.keyCheckMs,
    pushAllowHttp: options.pushAllowHttp,
    webhookAllowHttp: options.webhookAllowHttp,
    webhookBackoffMs: options.webhookBackoffMs,
    logger: options.logger,
    publicUrl: options.publicUrl,
    httpTimeouts: options.httpTimeouts,
    trustProxy: options.trustProxy,
  });
  await app.listen({ port: 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    slug,
    key,
    store,
    db,
    dbFile,
    rows: database.rows,
    tables: database.tables,
    reopen: database.reopen,
    app,
    // Once, however often asked: a test may close its server and the helpers close it after.
    close() {
      closed ??= (async () => {
        await app.close();
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

export interface TestClient {
  socket: Socket;
  /** The server and event it is connected to. */
  url: string;
  slug: string;
  /** The snapshot the server sent on connect. */
  snapshot: Snapshot;
  /** Every board:events broadcast received, in order. */
  broadcasts: EventsBroadcast[];
  send<T = unknown>(name: CommandName | 'board:sync' | string, payload: unknown): Promise<Ack<T>>;
  /** Resolves once a broadcast with at least this version has arrived. */
  waitForVersion(version: number, timeoutMs?: number): Promise<EventsBroadcast>;
  close(): void;
}

/**
 * A client like a phone's: its own device id (as the app keeps one in its storage) unless told,
 * so that each test client has a device's limits of its own.
 */
export async function connectClient(url: string, auth: { event: string; key?: string; device?: string }): Promise<TestClient> {
  const device = auth.device ?? randomBytes(12).toString('hex');
  const socket = connect(url, { auth: { ...auth, device }, transports: ['websocket'], reconnection: false, forceNew: true });
  const broadcasts: EventsBroadcast[] = [];
  const waiters: Array<() => void> = [];
  socket.on('board:events', (broadcast: EventsBroadcast) => {
    broadcasts.push(broadcast);
    waiters.splice(0).forEach((wake) => wake());
  });
  const snapshot = await new Promise<Snapshot>((resolve, reject) => {
    socket.once('board:snapshot', resolve);
    // A big board comes over HTTP, as the screens fetch it.
    socket.once('board:version', ({ serverTime }: BoardVersion) => {
      fetchBoard(url, auth.event).then((answer) => resolve({ ...answer, serverTime }), reject);
    });
    socket.once('connect_error', reject);
    // A snapshot the client could not read ends its connection: said at once, not after a timeout.
    socket.once('disconnect', (reason) => reject(new Error(`disconnected before the snapshot: ${reason}`)));
  });
  return {
    socket,
    url,
    slug: auth.event,
    snapshot,
    broadcasts,
    send: (name, payload) => socket.timeout(5000).emitWithAck(name, payload),
    waitForVersion(version, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no broadcast with version ${version}`)), timeoutMs);
        const check = () => {
          const found = broadcasts.find((b) => b.version >= version);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () => socket.disconnect(),
  };
}

/** The board over HTTP, as a screen fetches a big one. */
export async function fetchBoard(url: string, slug: string): Promise<BoardAnswer> {
  const response = await fetch(`${url}/api/events/${encodeURIComponent(slug)}/board`);
  if (!response.ok) throw new Error(`board answered ${response.status}`);
  return (await response.json()) as BoardAnswer;
}

/** The board as the server has it now, asked for over the client's socket (and fetched, when it is big). */
export async function syncedBoard(client: TestClient): Promise<Board> {
  const ack = await client.send<Snapshot | BoardVersion>('board:sync', {});
  if (!ack.ok) throw new Error(`sync refused: ${JSON.stringify(ack)}`);
  if ('board' in ack.data!) return ack.data.board;
  return (await fetchBoard(client.url, client.slug)).board;
}

/** The connect error a refused handshake gives. */
export function refusalOf(url: string, auth: unknown): Promise<Error & { data?: { code: string; message: string } }> {
  const socket = connect(url, { auth: auth as object, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error as Error & { data?: { code: string; message: string } });
    });
    socket.once('connect', () => {
      socket.disconnect();
      reject(new Error('connection was accepted'));
    });
  });
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs server/main.ts as its own process (as `npm start` would, without the build). */
export function spawnServer(dbFile: string, env: Record<string, string> = {}, options: SpawnOptions = {}): Promise<ChildServer> {
  // Durability tests and benchmarks send commands far faster than a facilitator can.
  const env0 = { PITCHBOARD_DB: dbFile, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', PITCHBOARD_FACILITATOR_RATE: '1000000' };
  return spawnScript('server/main.ts', { ...env0, ...env }, options);
}

interface SpawnOptions {
  /**
   * Bound by file permissions even when the tests run as root (as on CI): root keeps its user
   * but gives up the powers to override them (util-linux's setpriv, part of every Debian).
   */
  boundByPermissions?: boolean;
  /** The folder it runs in (default: this checkout). */
  cwd?: string;
}

const WITHOUT_OVERRIDES = ['--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search'];

/** Runs a script (TypeScript through tsx, or the build's JavaScript) as its own process; it is up once it prints "listening on <url>". */
export async function spawnScript(script: string, env: Record<string, string> = {}, options: SpawnOptions = {}): Promise<ChildServer> {
  const command = script.endsWith('.ts') ? [process.execPath, '--import', 'tsx', script] : [process.execPath, script];
  if (options.boundByPermissions && process.getuid?.() === 0) command.unshift('setpriv', ...WITHOUT_OVERRIDES);
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    process: child,
    output: () => output,
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}
