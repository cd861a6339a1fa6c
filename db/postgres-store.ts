// The PostgreSQL store (DATABASE_URL=postgres://…): the same tables as SQLite's, shared by every
// process of the server over a pool of connections. A command runs in one transaction that holds
// its event's row locked (SELECT … FOR UPDATE): the commands of one event run one after the other,
// whichever process took them, and each reads the version the one before committed.
import pg from 'pg';
import { type Board, type Cell, type Day, type Placement, type Room, type Slot } from '../shared/board.ts';
import type { UndoStep } from '../shared/undo.ts';
import { emptyBoard, orderedWrites, type RowWrite, type TableRows } from './board-diff.ts';
import { newPushKeyPair, newServerSecret } from './keys.ts';
import { DatabaseTooNewError, type Migration } from './migrate.ts';
import { migratePostgres } from './migrate-postgres.ts';
import { HealthRecord } from './health.ts';
import { boardFromRows, changeFromRow, webhookOfRow, type EventRow, type LogRow, type SessionRow, type WebhookRow } from './rows.ts';
import { DatabaseUnusableError } from './open.ts';
import {
  boardOfNewEvent,
  SlugTakenError,
  parseStored,
  type EventRecord,
  type EventTransaction,
  type LogEntry,
  type LoggedChange,
  type LoggedCommand,
  type NewEvent,
  type PushTarget,
  type Store,
  type StoreHealth,
  type StoredWebhook,
  type TapRecord,
} from './store.ts';

/** A pool or one of its connections (in a transaction): both answer queries. */
type Queryable = Pick<pg.ClientBase, 'query'>;

const LOG_COLUMNS = 'event_id, version, created_at, actor, command, events, inverse, undo_of, redo_of, amends';

/**
 * The statements. Integers are `integer` (pg hands them over as numbers); a COUNT is bigint, which
 * pg hands over as text: it is cast. Text that is ordered or compared is compared bytewise
 * (COLLATE "C"), as SQLite and apply's sort compare it, whatever the database's collation is.
 */
const SQL = {
  eventBySlug: 'SELECT * FROM events WHERE slug = $1',
  eventById: 'SELECT * FROM events WHERE id = $1',
  lockEvent: 'SELECT version FROM events WHERE id = $1 FOR UPDATE',
  countEvents: 'SELECT COUNT(*)::int AS count FROM events',
  // When an event was last of use: its last day, the day it was made, or its last change.
  expirable: `SELECT id, slug FROM (
      SELECT e.id, e.slug, e.version, GREATEST(
        COALESCE((SELECT MAX(d.date COLLATE "C") FROM days d WHERE d.event_id = e.id), '') COLLATE "C",
        substr(e.created_at, 1, 10),
        COALESCE((SELECT substr(l.created_at, 1, 10) FROM event_log l WHERE l.event_id = e.id ORDER BY l.version DESC LIMIT 1), '')
      ) AS last_use
      FROM events e) AS uses
    WHERE (version = 0 AND last_use < $1 COLLATE "C") OR last_use < $2 COLLATE "C"
    ORDER BY id`,
  deleteEvent: 'DELETE FROM events WHERE id = $1',
  insertEvent: `INSERT INTO events (slug, title, timezone, locale, claiming, pitch_seconds, facilitator_key_hash, created_at, notes_link)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
  setKeyHash: 'UPDATE events SET facilitator_key_hash = $2 WHERE id = $1',
  setVersion: 'UPDATE events SET version = $2 WHERE id = $1',
  days: 'SELECT id, date, label FROM days WHERE event_id = $1 ORDER BY date COLLATE "C"',
  rooms: 'SELECT id, name, capacity, projector, position FROM rooms WHERE event_id = $1 ORDER BY position',
  slots: `SELECT s.id, s.day_id AS "dayId", s.start, s."end", s.kind, s.label FROM slots s JOIN days d ON d.event_id = s.event_id AND d.id = s.day_id WHERE s.event_id = $1 ORDER BY d.date COLLATE "C", s.day_id COLLATE "C", s.start COLLATE "C", s.id COLLATE "C"`,
  sessions: 'SELECT id, title, host, description, tags, interest, revision, status, wishes, notes_link FROM sessions WHERE event_id = $1 ORDER BY seq',
  // Placements and blocks are read in the order they were written, as apply appends them.
  placements: 'SELECT session_id AS "sessionId", room_id AS "roomId", slot_id AS "slotId" FROM placements WHERE event_id = $1 ORDER BY seq',
  blocked: 'SELECT room_id AS "roomId", slot_id AS "slotId" FROM blocked_cells WHERE event_id = $1 ORDER BY seq',
  tapCounts: 'SELECT session_id, COUNT(*)::int AS taps FROM session_taps WHERE event_id = $1 GROUP BY session_id',
  addTap: 'INSERT INTO session_taps (event_id, session_id, device) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
  removeTap: 'DELETE FROM session_taps WHERE event_id = $1 AND session_id = $2 AND device = $3',
  giverTokenHash: 'SELECT giver_token_hash FROM sessions WHERE event_id = $1 AND id = $2',
  setGiverTokenHash: 'UPDATE sessions SET giver_token_hash = $3 WHERE event_id = $1 AND id = $2',
  loggedCommand: 'SELECT version, result, command, actor, device FROM event_log WHERE event_id = $1 AND command_id = $2',
  appendLog: `INSERT INTO event_log (event_id, version, command_id, command, actor, events, result, created_at, inverse, undo_of, redo_of, amends, device)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
  facilitatorChanges: `SELECT version, undo_of, redo_of, amends, inverse IS NOT NULL AS undoable FROM event_log
    WHERE event_id = $1 AND actor = 'facilitator' ORDER BY version`,
  change: `SELECT ${LOG_COLUMNS} FROM event_log WHERE event_id = $1 AND version = $2`,
  // A change continued by a later one (see amends) is shown as that one.
  history: `SELECT ${LOG_COLUMNS} FROM event_log l WHERE event_id = $1 AND version < $2
      AND NOT EXISTS (SELECT 1 FROM event_log a WHERE a.event_id = l.event_id AND a.amends = l.version)
    ORDER BY version DESC LIMIT $3`,
  changesSinceWhole: `SELECT ${LOG_COLUMNS} FROM event_log WHERE event_id = $1 AND version > $2 ORDER BY version`,
  changesSince: 'SELECT version, events FROM event_log WHERE event_id = $1 AND version > $2 ORDER BY version LIMIT $3',
  logVersions: 'SELECT version FROM event_log WHERE event_id = $1 ORDER BY version',
  versionsOf: 'SELECT id, version FROM events WHERE id = ANY($1::int[])',
  calendarEntries: 'SELECT session_id, fingerprint, sequence FROM calendar_entries WHERE event_id = $1',
  saveCalendarEntry: `INSERT INTO calendar_entries (event_id, session_id, fingerprint, sequence) VALUES ($1, $2, $3, $4)
    ON CONFLICT (event_id, session_id) DO UPDATE SET fingerprint = excluded.fingerprint, sequence = excluded.sequence`,
  starFeed: 'SELECT sessions FROM star_feeds WHERE event_id = $1 AND feed_hash = $2',
  countStarFeeds: 'SELECT COUNT(*)::int AS count FROM star_feeds WHERE event_id = $1',
  saveStarFeed: `INSERT INTO star_feeds (event_id, feed_hash, sessions, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (event_id, feed_hash) DO UPDATE SET sessions = excluded.sessions, updated_at = excluded.updated_at`,
  deleteStarFeed: 'DELETE FROM star_feeds WHERE event_id = $1 AND feed_hash = $2',
  pushTargetOf: 'SELECT endpoint FROM push_subscriptions WHERE event_id = $1 AND feed_hash = $2',
  countPushSubscriptions: 'SELECT COUNT(*)::int AS count FROM push_subscriptions WHERE event_id = $1',
  savePushSubscription: `INSERT INTO push_subscriptions (event_id, feed_hash, endpoint, p256dh, auth, lang, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (event_id, feed_hash) DO UPDATE SET endpoint = excluded.endpoint, p256dh = excluded.p256dh, auth = excluded.auth,
      lang = excluded.lang, created_at = excluded.created_at`,
  deletePushSubscription: 'DELETE FROM push_subscriptions WHERE event_id = $1 AND feed_hash = $2',
  deletePushEndpoint: 'DELETE FROM push_subscriptions WHERE event_id = $1 AND endpoint = $2',
  pushTargets: `SELECT p.endpoint, p.p256dh, p.auth, p.lang, f.sessions FROM push_subscriptions p
    JOIN star_feeds f ON f.event_id = p.event_id AND f.feed_hash = p.feed_hash WHERE p.event_id = $1`,
  addWebhook: `INSERT INTO webhooks (event_id, webhook_id, url, format, seed, command_id, failing_since, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)`,
  webhooks: 'SELECT webhook_id, url, format, seed, failing_since FROM webhooks WHERE event_id = $1 ORDER BY created_at, webhook_id',
  webhookByCommand: 'SELECT webhook_id, url, format, seed, failing_since FROM webhooks WHERE event_id = $1 AND command_id = $2',
  countWebhooks: 'SELECT COUNT(*)::int AS count FROM webhooks WHERE event_id = $1',
  removeWebhook: 'DELETE FROM webhooks WHERE event_id = $1 AND webhook_id = $2',
  markWebhook: 'UPDATE webhooks SET failing_since = $3 WHERE event_id = $1 AND webhook_id = $2',
  // What one event's feeds share is changed by one process at a time (SQLite has one writer):
  // a transaction-long advisory lock per event and kind, apart from the event's row (commands).
  lockFeeds: 'SELECT pg_advisory_xact_lock($1, $2)',
} as const;

/** The advisory locks' first key (the second is the event): what a transaction changes of one event beside commands. */
const FEED_LOCK = { starFeeds: 0x70620001, push: 0x70620002, calendar: 0x70620003, webhooks: 0x70620004 } as const;

type WriteKey = `${RowWrite['table']}.${RowWrite['op']}`;
type RowOf<Key> = Key extends `${infer Table extends keyof TableRows}.${string}` ? TableRows[Table] : never;

/** Each write of orderedWrites as a statement and its parameters (the event first). */
const WRITES: { [Key in WriteKey]?: { sql: string; params: (row: RowOf<Key>) => unknown[] } } = {
  'event.update': {
    sql: 'UPDATE events SET title = $2, timezone = $3, locale = $4, claiming = $5, pitch_seconds = $6, notes_link = $7 WHERE id = $1',
    params: (event) => [event.title, event.timezone, event.locale, event.claiming, event.pitchSeconds, event.notesLink],
  },
  // The pitch state is small and changes as a whole: it is stored as one JSON value.
  'pitch.update': { sql: 'UPDATE events SET pitch = $2 WHERE id = $1', params: (pitch) => [JSON.stringify(pitch)] },
  'days.insert': {
    sql: 'INSERT INTO days (event_id, id, date, label, position) VALUES ($1, $2, $3, $4, $5)',
    params: (day) => [day.id, day.date, day.label, day.position],
  },
  'days.update': {
    sql: 'UPDATE days SET date = $3, label = $4, position = $5 WHERE event_id = $1 AND id = $2',
    params: (day) => [day.id, day.date, day.label, day.position],
  },
  'days.delete': { sql: 'DELETE FROM days WHERE event_id = $1 AND id = $2', params: (day) => [day.id] },
  'rooms.insert': {
    sql: 'INSERT INTO rooms (event_id, id, name, capacity, projector, position) VALUES ($1, $2, $3, $4, $5, $6)',
    params: (room) => [room.id, room.name, room.capacity, room.projector, room.position],
  },
  'rooms.update': {
    sql: 'UPDATE rooms SET name = $3, capacity = $4, projector = $5, position = $6 WHERE event_id = $1 AND id = $2',
    params: (room) => [room.id, room.name, room.capacity, room.projector, room.position],
  },
  'rooms.delete': { sql: 'DELETE FROM rooms WHERE event_id = $1 AND id = $2', params: (room) => [room.id] },
  'slots.insert': {
    sql: 'INSERT INTO slots (event_id, id, day_id, start, "end", kind, label) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    params: (slot) => [slot.id, slot.dayId, slot.start, slot.end, slot.kind, slot.label],
  },
  'slots.update': {
    sql: 'UPDATE slots SET day_id = $3, start = $4, "end" = $5, kind = $6, label = $7 WHERE event_id = $1 AND id = $2',
    params: (slot) => [slot.id, slot.dayId, slot.start, slot.end, slot.kind, slot.label],
  },
  'slots.delete': { sql: 'DELETE FROM slots WHERE event_id = $1 AND id = $2', params: (slot) => [slot.id] },
  // Sessions keep the order they came in: a new one goes last.
  'sessions.insert': {
    sql: `INSERT INTO sessions (event_id, id, seq, title, host, description, tags, interest, revision, status, wishes, notes_link)
      VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sessions WHERE event_id = $1), $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    params: (s) => [s.id, s.title, s.host, s.description, JSON.stringify(s.tags), s.interest, s.revision, s.status, JSON.stringify(s.wishes), s.notesLink],
  },
  'sessions.update': {
    sql: `UPDATE sessions SET title = $3, host = $4, description = $5, tags = $6, interest = $7, revision = $8, status = $9, wishes = $10,
      notes_link = $11
      WHERE event_id = $1 AND id = $2`,
    params: (s) => [s.id, s.title, s.host, s.description, JSON.stringify(s.tags), s.interest, s.revision, s.status, JSON.stringify(s.wishes), s.notesLink],
  },
  'sessions.delete': { sql: 'DELETE FROM sessions WHERE event_id = $1 AND id = $2', params: (session) => [session.id] },
  'placements.insert': {
    sql: 'INSERT INTO placements (event_id, session_id, room_id, slot_id) VALUES ($1, $2, $3, $4)',
    params: (p) => [p.sessionId, p.roomId, p.slotId],
  },
  'placements.delete': {
    sql: 'DELETE FROM placements WHERE event_id = $1 AND session_id = $2 AND room_id = $3 AND slot_id = $4',
    params: (p) => [p.sessionId, p.roomId, p.slotId],
  },
  'blocked.insert': { sql: 'INSERT INTO blocked_cells (event_id, room_id, slot_id) VALUES ($1, $2, $3)', params: (cell) => [cell.roomId, cell.slotId] },
  'blocked.delete': {
    sql: 'DELETE FROM blocked_cells WHERE event_id = $1 AND room_id = $2 AND slot_id = $3',
    params: (cell) => [cell.roomId, cell.slotId],
  },
};

/** Writes what a change did: the difference between the board before and after it, in orderedWrites' order. */
async function writeChange(client: Queryable, eventId: number, before: Board, after: Board): Promise<void> {
  for (const write of orderedWrites(before, after)) {
    const statement = WRITES[`${write.table}.${write.op}`]!;
    // The statement is the one for this write's table, so it takes this write's row.
    const params = (statement.params as (row: RowWrite['row']) => unknown[])(write.row);
    await client.query(statement.sql, [eventId, ...params]);
  }
}

async function rows<Row extends pg.QueryResultRow>(client: Queryable, sql: string, params: unknown[]): Promise<Row[]> {
  return (await client.query<Row>(sql, params)).rows;
}

/** Node's and pg's words for "the server could not be reached or went away". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOENT', 'EPIPE']);
const CONNECTION_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/, /^timeout expired/, /is not queryable/];

function isConnectionProblem(error: unknown): error is Error {
  if (!(error instanceof Error) || error instanceof pg.DatabaseError) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** Where a connection string points, for a message: host:port (or the socket's folder), never the user or password. */
/** The server a connection string names (host and port, or the socket's folder), for messages: never its password. */
export function serverOf(url: string): string {
  try {
    const { host, port } = new pg.Client({ connectionString: url });
    return host.startsWith('/') ? `the socket in ${host} (port ${port})` : `${host.includes(':') ? `[${host}]` : host}:${port}`;
  } catch {
    return 'the address in DATABASE_URL';
  }
}

/** Why a PostgreSQL database cannot be used, in one sentence naming the server and what to do; no password in it. */
export function unusablePostgres(url: string, error: unknown): DatabaseUnusableError {
  const where = serverOf(url);
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  let sentence: string;
  if (error instanceof DatabaseTooNewError) sentence = `The PostgreSQL database at ${where}: ${message}`;
  else if (isConnectionProblem(error))
    sentence = `PostgreSQL is not reachable at ${where}${code ? ` (${code})` : ''}: start it, or fix the host and port in DATABASE_URL.`;
  else if (code === '28P01' || code === '28000')
    sentence = `PostgreSQL at ${where} refused the login (${code}: ${message}): fix the user and password in DATABASE_URL.`;
  else if (code === '3D000') sentence = `PostgreSQL at ${where} has no such database (${message}): create it, or fix the database's name in DATABASE_URL.`;
  else sentence = `The PostgreSQL database at ${where} cannot be used${code ? ` (${code})` : ''}: ${message}`;
  // A message of a driver or a server might quote the address it was given: never its password.
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // Not a URL: pg reads it as key=value words, which no message here quotes.
  }
  return new DatabaseUnusableError(password ? sentence.replaceAll(password, '***') : sentence);
}

export interface PostgresStoreOptions {
  /** Connections at most (pg's pool; 10 unless told). */
  max?: number;
  /** How long to wait for a connection before giving up (10 s unless told). */
  connectionTimeoutMillis?: number;
  /** The migrations to apply (those of db/migrations-postgres/ unless told). */
  migrations?: Migration[];
}

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly shared = true;
  readonly #pool: pg.Pool;
  readonly #serverSecret: Buffer;
  readonly #pushKeys: { publicKey: string; privateKey: string };
  /** What opening it migrated: from the schema version it found to the one it left. */
  readonly migration: { from: number; to: number };

  private constructor(pool: pg.Pool, migration: { from: number; to: number }, secret: Buffer, pushKeys: { publicKey: string; privateKey: string }) {
    this.#pool = pool;
    this.migration = migration;
    this.#serverSecret = secret;
    this.#pushKeys = pushKeys;
    // A pooled connection that breaks while idle (the server restarted) is an error of the pool: noted, never thrown.
    pool.on('error', (error) => this.noteFailure(error));
  }

  /**
   * Connects, migrates (under the migration lock: the first process to start does it), and makes
   * the server's secret and push keys once. Anything that makes the database unusable is a
   * DatabaseUnusableError naming the server (never the password).
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000 });
    // Until the store listens: an idle connection's error must not end the process.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      let migration: { from: number; to: number };
      try {
        migration = await migratePostgres(client, options.migrations);
      } finally {
        client.release();
      }
      // The server's secret and the Web Push key pair, made once (whichever process comes first).
      await pool.query('INSERT INTO server_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [newServerSecret()]);
      const [secret] = await rows<{ secret: Buffer }>(pool, 'SELECT secret FROM server_secret WHERE id = 1', []);
      const readKeys = () => rows<{ public_key: string; private_key: string }>(pool, 'SELECT public_key, private_key FROM push_keys WHERE id = 1', []);
      let [keys] = await readKeys();
      if (!keys) {
        const { publicKey, privateKey } = newPushKeyPair();
        await pool.query('INSERT INTO push_keys (id, public_key, private_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [publicKey, privateKey]);
        [keys] = await readKeys();
      }
      return new PostgresStore(pool, migration, secret!.secret, { publicKey: keys!.public_key, privateKey: keys!.private_key });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw unusablePostgres(url, error);
    }
  }

  /** A read on any pooled connection; a connection problem is noted for health. */
  async #read<Row extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<Row[]> {
    try {
      return await rows<Row>(this.#pool, sql, params);
    } catch (error) {
      if (isConnectionProblem(error)) this.noteFailure(error);
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction on one pooled connection: all of it commits, or none of it.
   * Resolves after the commit; a failure is noted for health, and a write that commits clears it.
   */
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      this.noteFailure(error);
      throw error;
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      this.#health.wrote();
      return result;
    } catch (error) {
      this.noteFailure(error);
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  eventTransaction<T>(eventId: number, work: (tx: EventTransaction) => Promise<T>): Promise<T> {
    return this.#transaction(async (client) => {
      // The event's row, locked until the commit: another command of this event, from this process
      // or another, waits here, and then reads the version this one committed.
      const [row] = await rows<{ version: number }>(client, SQL.lockEvent, [eventId]);
      if (!row) throw new Error(`No event with id ${eventId}`);
      return work({
        version: row.version,
        changesSince: async (version) => (await rows<LogRow>(client, SQL.changesSinceWhole, [eventId, version])).map(changeFromRow),
        findLoggedCommand: (commandId) => this.#loggedCommand(client, eventId, commandId),
        change: async (version) => {
          const [change] = await rows<LogRow>(client, SQL.change, [eventId, version]);
          return change && changeFromRow(change);
        },
        giverTokenHash: async (sessionId) =>
          (await rows<{ giver_token_hash: string | null }>(client, SQL.giverTokenHash, [eventId, sessionId]))[0]?.giver_token_hash ?? null,
        writeChange: (before, after) => writeChange(client, eventId, before, after),
        setFacilitatorKeyHash: async (keyHash) => void (await client.query(SQL.setKeyHash, [eventId, keyHash])),
        setGiverTokenHash: async (sessionId, hash) => void (await client.query(SQL.setGiverTokenHash, [eventId, sessionId, hash])),
        appendLog: (version, entry, createdAt) => this.#appendLog(client, eventId, version, entry, createdAt),
      });
    });
  }

  readonly #health = new HealthRecord();

  /**
   * Notes an error met while using the database (the callers that catch one pass it on); other
   * errors are none of its business. Damaged data (an event's JSON, or what PostgreSQL reports as
   * corrupted, class XX001/XX002) stays noted until the server is restarted; anything else (a
   * connection lost, a write refused) until the next write succeeds.
   */
  noteFailure(error: unknown): void {
    if (this.#health.damagedData(error)) return;
    if (error instanceof pg.DatabaseError) {
      const problem = `${error.code}: ${error.message}`;
      if (error.code === 'XX001' || error.code === 'XX002') this.#health.damaged(problem);
      else this.#health.failed(problem);
    } else if (isConnectionProblem(error)) {
      const code = (error as { code?: unknown }).code;
      this.#health.failed(`${typeof code === 'string' ? code : 'connection'}: ${error.message}`);
    }
  }

  /**
   * Whether the database works as far as this process has seen: for /healthz. Damaged events are
   * named by their slug (public, in every link) and the column, never by what the row holds.
   */
  health(): Promise<StoreHealth> {
    return this.#health.report((eventId) => this.#slugOrId(eventId));
  }

  /** The slug of an event for a message, or its number when even that cannot be read. */
  async #slugOrId(eventId: number): Promise<string> {
    try {
      return (await rows<{ slug: string }>(this.#pool, 'SELECT slug FROM events WHERE id = $1', [eventId]))[0]?.slug ?? `#${eventId}`;
    } catch {
      return `#${eventId}`;
    }
  }

  /** Ends the pool (once: closing a closed store does nothing, as with SQLite). */
  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }

  async findEvent(slug: string): Promise<EventRecord | undefined> {
    const [row] = await this.#read<EventRow>(SQL.eventBySlug, [slug]);
    return row && { id: row.id, slug: row.slug, keyHash: row.facilitator_key_hash, version: row.version };
  }

  serverSecret(): Buffer {
    return this.#serverSecret;
  }

  pushKeys(): { publicKey: string; privateKey: string } {
    return this.#pushKeys;
  }

  async countEvents(): Promise<number> {
    return (await this.#read<{ count: number }>(SQL.countEvents, []))[0]?.count ?? 0;
  }

  expirableEvents(untouchedBefore: string, unusedBefore: string): Promise<Array<{ id: number; slug: string }>> {
    return this.#read(SQL.expirable, [untouchedBefore, unusedBefore]);
  }

  async deleteEvent(eventId: number): Promise<void> {
    await this.#transaction((client) => client.query(SQL.deleteEvent, [eventId]));
  }

  async createEvent(input: NewEvent, createdAt: string): Promise<EventRecord> {
    try {
      return await this.#createEvent(input, createdAt);
    } catch (error) {
      // 23505: unique_violation, here only the slug's.
      if (error instanceof pg.DatabaseError && error.code === '23505' && error.constraint === 'events_slug_key') throw new SlugTakenError(input.slug);
      throw error;
    }
  }

  #createEvent(input: NewEvent, createdAt: string): Promise<EventRecord> {
    const board = boardOfNewEvent(input);
    const { event } = board;
    return this.#transaction(async (client) => {
      const [row] = await rows<{ id: number }>(client, SQL.insertEvent, [
        event.slug,
        event.title,
        event.timezone,
        event.locale,
        event.claiming,
        event.pitchSeconds,
        input.keyHash,
        createdAt,
        event.notesLink,
      ]);
      const eventId = row!.id;
      await writeChange(client, eventId, emptyBoard(event), board);
      return { id: eventId, slug: input.slug, keyHash: input.keyHash, version: 0 };
    });
  }

  async setFacilitatorKeyHash(eventId: number, keyHash: string): Promise<void> {
    await this.#transaction((client) => client.query(SQL.setKeyHash, [eventId, keyHash]));
  }

  /** One event's board as committed: read in one transaction, so that no command's commit falls between two of its tables. */
  loadBoard(eventId: number): Promise<{ version: number; board: Board }> {
    return this.#snapshot(async (client) => {
      const [row] = await rows<EventRow>(client, SQL.eventById, [eventId]);
      if (!row) throw new Error(`No event with id ${eventId}`);
      const read = <Row extends pg.QueryResultRow>(sql: string) => rows<Row>(client, sql, [eventId]);
      const board = boardFromRows({
        event: row,
        days: await read<Day>(SQL.days),
        rooms: await read<Room>(SQL.rooms),
        slots: await read<Slot>(SQL.slots),
        sessions: await read<SessionRow>(SQL.sessions),
        taps: new Map((await read<{ session_id: string; taps: number }>(SQL.tapCounts)).map((count) => [count.session_id, count.taps])),
        placements: await read<Placement>(SQL.placements),
        blocked: await read<Cell>(SQL.blocked),
      });
      return { version: row.version, board };
    });
  }

  /** Reads in one snapshot of the database (REPEATABLE READ, read only): what one commit left, whole. */
  async #snapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      if (isConnectionProblem(error)) this.noteFailure(error);
      throw error;
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (isConnectionProblem(error)) this.noteFailure(error);
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async #loggedCommand(client: Queryable, eventId: number, commandId: string): Promise<LoggedCommand | undefined> {
    const [row] = await rows<{ version: number; result: string | null; command: string; actor: string; device: string | null }>(client, SQL.loggedCommand, [
      eventId,
      commandId,
    ]);
    return (
      row && {
        version: row.version,
        result: row.result === null ? undefined : parseStored<unknown>(row.result, eventId, 'event_log.result'),
        command: row.command,
        actor: row.actor,
        device: row.device,
      }
    );
  }

  async #appendLog(client: Queryable, eventId: number, version: number, entry: LogEntry, createdAt: string): Promise<void> {
    await client.query(SQL.appendLog, [
      eventId,
      version,
      entry.commandId,
      entry.command,
      entry.actor,
      JSON.stringify(entry.events),
      entry.result === undefined ? null : JSON.stringify(entry.result),
      createdAt,
      entry.inverse ? JSON.stringify(entry.inverse) : null,
      entry.undoOf ?? null,
      entry.redoOf ?? null,
      entry.amends ?? null,
      entry.device ?? null,
    ]);
    await client.query(SQL.setVersion, [eventId, version]);
  }

  async undoSteps(eventId: number): Promise<UndoStep[]> {
    const steps = await this.#read<{ version: number; undo_of: number | null; redo_of: number | null; amends: number | null; undoable: boolean }>(
      SQL.facilitatorChanges,
      [eventId],
    );
    return steps.map((row) => ({ version: row.version, undoOf: row.undo_of, redoOf: row.redo_of, amends: row.amends, undoable: row.undoable }));
  }

  async change(eventId: number, version: number): Promise<LoggedChange | undefined> {
    const [row] = await this.#read<LogRow>(SQL.change, [eventId, version]);
    return row && changeFromRow(row);
  }

  async history(eventId: number, before: number, limit: number): Promise<LoggedChange[]> {
    return (await this.#read<LogRow>(SQL.history, [eventId, before, limit])).map(changeFromRow);
  }

  changesSince(eventId: number, version: number, limit: number): Promise<Array<{ version: number; events: string }>> {
    return this.#read(SQL.changesSince, [eventId, version, limit]);
  }

  async changesAfter(eventId: number, version: number): Promise<LoggedChange[]> {
    return (await this.#read<LogRow>(SQL.changesSinceWhole, [eventId, version])).map(changeFromRow);
  }

  async versionsOf(eventIds: readonly number[]): Promise<Map<number, number>> {
    const found = await this.#read<{ id: number; version: number }>(SQL.versionsOf, [eventIds]);
    return new Map(found.map((row) => [row.id, row.version]));
  }

  async tapCounts(eventId: number): Promise<Map<string, number>> {
    return new Map((await this.#read<{ session_id: string; taps: number }>(SQL.tapCounts, [eventId])).map((count) => [count.session_id, count.taps]));
  }

  async logVersions(eventId: number): Promise<number[]> {
    return (await this.#read<{ version: number }>(SQL.logVersions, [eventId])).map((row) => row.version);
  }

  recordTaps(taps: readonly TapRecord[]): Promise<boolean[]> {
    return this.#transaction(async (client) => {
      const changed: boolean[] = [];
      for (const { eventId, sessionId, device, interested } of taps) {
        const { rowCount } = await client.query(interested ? SQL.addTap : SQL.removeTap, [eventId, sessionId, device]);
        changed.push((rowCount ?? 0) > 0);
      }
      return changed;
    });
  }

  savePushSubscription(eventId: number, feedHash: string, subscription: PushTarget, max: number, at: Date): Promise<boolean> {
    return this.#transaction(async (client) => {
      await client.query(SQL.lockFeeds, [FEED_LOCK.push, eventId]);
      const known = (await rows(client, SQL.pushTargetOf, [eventId, feedHash])).length > 0;
      if (!known && (await rows<{ count: number }>(client, SQL.countPushSubscriptions, [eventId]))[0]!.count >= max) return false;
      const { endpoint, p256dh, auth, lang } = subscription;
      await client.query(SQL.savePushSubscription, [eventId, feedHash, endpoint, p256dh, auth, lang, at.toISOString()]);
      return true;
    });
  }

  addWebhook(
    eventId: number,
    webhook: StoredWebhook & { commandId: string | null },
    max: number,
    at: Date,
  ): Promise<{ webhook: StoredWebhook; isNew: boolean } | undefined> {
    return this.#transaction(async (client) => {
      await client.query(SQL.lockFeeds, [FEED_LOCK.webhooks, eventId]);
      const earlier = webhook.commandId === null ? [] : await rows<WebhookRow>(client, SQL.webhookByCommand, [eventId, webhook.commandId]);
      if (earlier[0]) return { webhook: webhookOfRow(earlier[0]), isNew: false };
      if ((await rows<{ count: number }>(client, SQL.countWebhooks, [eventId]))[0]!.count >= max) return undefined;
      const { webhookId, url, format, seed, commandId } = webhook;
      await client.query(SQL.addWebhook, [eventId, webhookId, url, format, seed, commandId, at.toISOString()]);
      return { webhook: { webhookId, url, format, seed, failingSince: null }, isNew: true };
    });
  }

  async webhooks(eventId: number): Promise<StoredWebhook[]> {
    return (await this.#read<WebhookRow>(SQL.webhooks, [eventId])).map(webhookOfRow);
  }

  async removeWebhook(eventId: number, webhookId: string): Promise<boolean> {
    return this.#transaction(async (client) => ((await client.query(SQL.removeWebhook, [eventId, webhookId])).rowCount ?? 0) > 0);
  }

  async markWebhook(eventId: number, webhookId: string, failingSince: string | null): Promise<void> {
    await this.#transaction((client) => client.query(SQL.markWebhook, [eventId, webhookId, failingSince]));
  }

  async deletePushSubscription(eventId: number, feedHash: string): Promise<void> {
    await this.#transaction((client) => client.query(SQL.deletePushSubscription, [eventId, feedHash]));
  }

  async deletePushEndpoint(eventId: number, endpoint: string): Promise<void> {
    await this.#transaction((client) => client.query(SQL.deletePushEndpoint, [eventId, endpoint]));
  }

  async pushTargets(eventId: number): Promise<Array<PushTarget & { sessions: string[] }>> {
    const targets = await this.#read<{ endpoint: string; p256dh: string; auth: string; lang: string; sessions: string }>(SQL.pushTargets, [eventId]);
    return targets.map((row) => ({
      endpoint: row.endpoint,
      p256dh: row.p256dh,
      auth: row.auth,
      lang: row.lang === 'en' ? 'en' : 'de',
      sessions: row.sessions.split(','),
    }));
  }

  async starFeed(eventId: number, feedHash: string): Promise<string[]> {
    return (await this.#read<{ sessions: string }>(SQL.starFeed, [eventId, feedHash]))[0]?.sessions.split(',') ?? [];
  }

  saveStarFeed(eventId: number, feedHash: string, sessionIds: readonly string[], maxFeeds: number, at: Date): Promise<boolean> {
    return this.#transaction(async (client) => {
      await client.query(SQL.lockFeeds, [FEED_LOCK.starFeeds, eventId]);
      if (sessionIds.length === 0) {
        await client.query(SQL.deleteStarFeed, [eventId, feedHash]);
        return true;
      }
      const known = (await rows(client, SQL.starFeed, [eventId, feedHash])).length > 0;
      if (!known && (await rows<{ count: number }>(client, SQL.countStarFeeds, [eventId]))[0]!.count >= maxFeeds) return false;
      await client.query(SQL.saveStarFeed, [eventId, feedHash, sessionIds.join(','), at.toISOString()]);
      return true;
    });
  }

  calendarSequences(eventId: number, fingerprints: ReadonlyMap<string, string>): Promise<Map<string, number>> {
    return this.#transaction(async (client) => {
      await client.query(SQL.lockFeeds, [FEED_LOCK.calendar, eventId]);
      const entries = await rows<{ session_id: string; fingerprint: string; sequence: number }>(client, SQL.calendarEntries, [eventId]);
      const known = new Map(entries.map((row) => [row.session_id, row]));
      const sequences = new Map<string, number>();
      for (const [sessionId, fingerprint] of fingerprints) {
        const before = known.get(sessionId);
        const sequence = !before ? 0 : before.fingerprint === fingerprint ? before.sequence : before.sequence + 1;
        if (before?.fingerprint !== fingerprint) await client.query(SQL.saveCalendarEntry, [eventId, sessionId, fingerprint, sequence]);
        sequences.set(sessionId, sequence);
      }
      return sequences;
    });
  }
}
