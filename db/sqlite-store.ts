// The SQLite store (the default): prepared statements and row ↔ domain mapping on one connection
// of one process. better-sqlite3 answers at once; the store's methods still return promises (the
// interface is PostgreSQL's too), and every use of the connection waits its turn, so that nothing
// read or written runs inside another caller's open transaction.
import Database from 'better-sqlite3';
import { Mutex } from 'async-mutex';
import { type Board, type Cell, type Day, type Placement, type Room, type Slot } from '../shared/board.ts';
import { emptyBoard, orderedWrites, type RowWrite } from './board-diff.ts';
import type { UndoStep } from '../shared/undo.ts';
import {
  boardOfNewEvent,
  parseStored,
  SlugTakenError,
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
import { HealthRecord } from './health.ts';
import { boardFromRows, changeFromRow, webhookOfRow, type EventRow, type LogRow, type SessionRow, type WebhookRow } from './rows.ts';

type RoomRow = Omit<Room, 'projector'> & { projector: number };

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly shared = false;
  /** One connection, one caller at a time (see the file's head). */
  readonly #turn = new Mutex();
  readonly #db: Database.Database;
  readonly #statements;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = {
      eventBySlug: db.prepare<[string], EventRow>('SELECT * FROM events WHERE slug = ?'),
      eventById: db.prepare<[number], EventRow>('SELECT * FROM events WHERE id = ?'),
      countEvents: db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM events'),
      // When an event was last of use: its last day, the day it was made, or its last change.
      expirable: db.prepare<{ untouchedBefore: string; unusedBefore: string }, { id: number; slug: string }>(
        `SELECT id, slug FROM (
           SELECT e.id, e.slug, e.version, MAX(
             COALESCE((SELECT MAX(date) FROM days d WHERE d.event_id = e.id), ''),
             substr(e.created_at, 1, 10),
             COALESCE((SELECT substr(created_at, 1, 10) FROM event_log l WHERE l.event_id = e.id ORDER BY version DESC LIMIT 1), '')
           ) AS last_use
           FROM events e)
         WHERE (version = 0 AND last_use < @untouchedBefore) OR last_use < @unusedBefore`,
      ),
      deleteEvent: db.prepare('DELETE FROM events WHERE id = ?'),
      insertEvent: db.prepare(
        `INSERT INTO events (slug, title, timezone, locale, claiming, pitch_seconds, notes_link, facilitator_key_hash, created_at)
         VALUES (@slug, @title, @timezone, @locale, @claiming, @pitchSeconds, @notesLink, @keyHash, @createdAt)`,
      ),
      setKeyHash: db.prepare('UPDATE events SET facilitator_key_hash = ? WHERE id = ?'),
      setVersion: db.prepare('UPDATE events SET version = ? WHERE id = ?'),
      setPitch: db.prepare('UPDATE events SET pitch = ? WHERE id = ?'),
      updateEvent: db.prepare(
        `UPDATE events SET title = @title, timezone = @timezone, locale = @locale, claiming = @claiming, pitch_seconds = @pitchSeconds,
           notes_link = @notesLink
         WHERE id = @eventId`,
      ),
      days: db.prepare<[number], Day>('SELECT id, date, label FROM days WHERE event_id = ? ORDER BY date'),
      insertDay: db.prepare('INSERT INTO days (event_id, id, date, label, position) VALUES (@eventId, @id, @date, @label, @position)'),
      updateDay: db.prepare('UPDATE days SET date = @date, label = @label, position = @position WHERE event_id = @eventId AND id = @id'),
      deleteDay: db.prepare('DELETE FROM days WHERE event_id = @eventId AND id = @id'),
      rooms: db.prepare<[number], RoomRow>('SELECT id, name, capacity, projector, position FROM rooms WHERE event_id = ? ORDER BY position'),
      insertRoom: db.prepare(
        'INSERT INTO rooms (event_id, id, name, capacity, projector, position) VALUES (@eventId, @id, @name, @capacity, @projector, @position)',
      ),
      updateRoom: db.prepare(
        'UPDATE rooms SET name = @name, capacity = @capacity, projector = @projector, position = @position WHERE event_id = @eventId AND id = @id',
      ),
      deleteRoom: db.prepare('DELETE FROM rooms WHERE event_id = @eventId AND id = @id'),
      slots: db.prepare<[number], Slot>(
        'SELECT s.id, s.day_id AS dayId, s.start, s.end, s.kind, s.label FROM slots s JOIN days d ON d.event_id = s.event_id AND d.id = s.day_id WHERE s.event_id = ? ORDER BY d.date, s.day_id, s.start, s.id',
      ),
      insertSlot: db.prepare('INSERT INTO slots (event_id, id, day_id, start, end, kind, label) VALUES (@eventId, @id, @dayId, @start, @end, @kind, @label)'),
      updateSlot: db.prepare(
        `UPDATE slots SET day_id = @dayId, start = @start, end = @end, kind = @kind, label = @label
         WHERE event_id = @eventId AND id = @id`,
      ),
      deleteSlot: db.prepare('DELETE FROM slots WHERE event_id = @eventId AND id = @id'),
      sessions: db.prepare<[number], SessionRow>(
        `SELECT id, title, host, description, tags, interest, revision, status, wishes, notes_link
         FROM sessions WHERE event_id = ? ORDER BY seq`,
      ),
      // Sessions keep the order they came in: a new one goes last.
      insertSession: db.prepare(
        `INSERT INTO sessions (event_id, id, seq, title, host, description, tags, interest, revision, status, wishes, notes_link)
         VALUES (@eventId, @id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sessions WHERE event_id = @eventId),
                 @title, @host, @description, @tags, @interest, @revision, @status, @wishes, @notesLink)`,
      ),
      updateSession: db.prepare(
        `UPDATE sessions SET title = @title, host = @host, description = @description, tags = @tags, interest = @interest,
           revision = @revision, status = @status, wishes = @wishes, notes_link = @notesLink
         WHERE event_id = @eventId AND id = @id`,
      ),
      deleteSession: db.prepare('DELETE FROM sessions WHERE event_id = @eventId AND id = @id'),
      setGiverTokenHash: db.prepare('UPDATE sessions SET giver_token_hash = ? WHERE event_id = ? AND id = ?'),
      calendarEntries: db.prepare<[number], { session_id: string; fingerprint: string; sequence: number }>(
        'SELECT session_id, fingerprint, sequence FROM calendar_entries WHERE event_id = ?',
      ),
      saveCalendarEntry: db.prepare(
        `INSERT INTO calendar_entries (event_id, session_id, fingerprint, sequence) VALUES (@eventId, @sessionId, @fingerprint, @sequence)
         ON CONFLICT (event_id, session_id) DO UPDATE SET fingerprint = excluded.fingerprint, sequence = excluded.sequence`,
      ),
      starFeed: db.prepare<[number, string], { sessions: string }>('SELECT sessions FROM star_feeds WHERE event_id = ? AND feed_hash = ?'),
      countStarFeeds: db.prepare<[number], { count: number }>('SELECT COUNT(*) AS count FROM star_feeds WHERE event_id = ?'),
      pushKeys: db.prepare<[], { public_key: string; private_key: string }>('SELECT public_key, private_key FROM push_keys WHERE id = 1'),
      savePushSubscription: db.prepare(
        `INSERT INTO push_subscriptions (event_id, feed_hash, endpoint, p256dh, auth, lang, created_at)
         VALUES (@eventId, @feedHash, @endpoint, @p256dh, @auth, @lang, @createdAt)
         ON CONFLICT (event_id, feed_hash) DO UPDATE SET endpoint = excluded.endpoint, p256dh = excluded.p256dh, auth = excluded.auth,
           lang = excluded.lang, created_at = excluded.created_at`,
      ),
      pushTargetOf: db.prepare<[number, string], { endpoint: string }>('SELECT endpoint FROM push_subscriptions WHERE event_id = ? AND feed_hash = ?'),
      deletePushSubscription: db.prepare('DELETE FROM push_subscriptions WHERE event_id = ? AND feed_hash = ?'),
      deletePushEndpoint: db.prepare('DELETE FROM push_subscriptions WHERE event_id = ? AND endpoint = ?'),
      countPushSubscriptions: db.prepare<[number], { count: number }>('SELECT COUNT(*) AS count FROM push_subscriptions WHERE event_id = ?'),
      pushTargets: db.prepare<[number], { endpoint: string; p256dh: string; auth: string; lang: string; sessions: string }>(
        `SELECT p.endpoint, p.p256dh, p.auth, p.lang, f.sessions FROM push_subscriptions p
         JOIN star_feeds f ON f.event_id = p.event_id AND f.feed_hash = p.feed_hash WHERE p.event_id = ?`,
      ),
      addWebhook: db.prepare(
        `INSERT INTO webhooks (event_id, webhook_id, url, format, seed, command_id, failing_since, created_at)
         VALUES (@eventId, @webhookId, @url, @format, @seed, @commandId, NULL, @createdAt)`,
      ),
      webhooks: db.prepare<[number], WebhookRow>(
        'SELECT webhook_id, url, format, seed, failing_since FROM webhooks WHERE event_id = ? ORDER BY created_at, rowid',
      ),
      webhookByCommand: db.prepare<[number, string], WebhookRow>(
        'SELECT webhook_id, url, format, seed, failing_since FROM webhooks WHERE event_id = ? AND command_id = ?',
      ),
      countWebhooks: db.prepare<[number], { count: number }>('SELECT COUNT(*) AS count FROM webhooks WHERE event_id = ?'),
      removeWebhook: db.prepare('DELETE FROM webhooks WHERE event_id = ? AND webhook_id = ?'),
      markWebhook: db.prepare('UPDATE webhooks SET failing_since = ? WHERE event_id = ? AND webhook_id = ?'),
      saveStarFeed: db.prepare(
        `INSERT INTO star_feeds (event_id, feed_hash, sessions, updated_at) VALUES (@eventId, @feedHash, @sessions, @updatedAt)
         ON CONFLICT (event_id, feed_hash) DO UPDATE SET sessions = excluded.sessions, updated_at = excluded.updated_at`,
      ),
      deleteStarFeed: db.prepare('DELETE FROM star_feeds WHERE event_id = ? AND feed_hash = ?'),
      giverTokenHash: db.prepare<[number, string], { giver_token_hash: string | null }>('SELECT giver_token_hash FROM sessions WHERE event_id = ? AND id = ?'),
      // Placements and blocks are read in the order they were written, as apply appends them.
      placements: db.prepare<[number], Placement>(
        'SELECT session_id AS sessionId, room_id AS roomId, slot_id AS slotId FROM placements WHERE event_id = ? ORDER BY rowid',
      ),
      insertPlacement: db.prepare('INSERT INTO placements (event_id, session_id, room_id, slot_id) VALUES (@eventId, @sessionId, @roomId, @slotId)'),
      deletePlacement: db.prepare('DELETE FROM placements WHERE event_id = @eventId AND session_id = @sessionId AND room_id = @roomId AND slot_id = @slotId'),
      blocked: db.prepare<[number], Cell>('SELECT room_id AS roomId, slot_id AS slotId FROM blocked_cells WHERE event_id = ? ORDER BY rowid'),
      insertBlock: db.prepare('INSERT INTO blocked_cells (event_id, room_id, slot_id) VALUES (@eventId, @roomId, @slotId)'),
      deleteBlock: db.prepare('DELETE FROM blocked_cells WHERE event_id = @eventId AND room_id = @roomId AND slot_id = @slotId'),
      loggedCommand: db.prepare<[number, string], { version: number; result: string | null; command: string; actor: string; device: string | null }>(
        'SELECT version, result, command, actor, device FROM event_log WHERE event_id = ? AND command_id = ?',
      ),
      appendLog: db.prepare(
        `INSERT INTO event_log (event_id, version, command_id, command, actor, events, result, created_at, inverse, undo_of, redo_of, amends, device)
         VALUES (@eventId, @version, @commandId, @command, @actor, @events, @result, @createdAt, @inverse, @undoOf, @redoOf, @amends, @device)`,
      ),
      serverSecret: db.prepare<[], { secret: Buffer }>('SELECT secret FROM server_secret WHERE id = 1'),
      facilitatorChanges: db.prepare<[number], Pick<LogRow, 'version' | 'undo_of' | 'redo_of' | 'amends'> & { undoable: number }>(
        `SELECT version, undo_of, redo_of, amends, inverse IS NOT NULL AS undoable FROM event_log
         WHERE event_id = ? AND actor = 'facilitator' ORDER BY version`,
      ),
      change: db.prepare<[number, number], LogRow>('SELECT * FROM event_log WHERE event_id = ? AND version = ?'),
      // A change continued by a later one (see amends) is shown as that one.
      history: db.prepare<[number, number, number], LogRow>(
        `SELECT * FROM event_log l WHERE event_id = ? AND version < ?
           AND NOT EXISTS (SELECT 1 FROM event_log a WHERE a.event_id = l.event_id AND a.amends = l.version)
         ORDER BY version DESC LIMIT ?`,
      ),
      changesSinceWhole: db.prepare<[number, number], LogRow>('SELECT * FROM event_log WHERE event_id = ? AND version > ? ORDER BY version'),
      changesSince: db.prepare<[number, number, number], { version: number; events: string }>(
        'SELECT version, events FROM event_log WHERE event_id = ? AND version > ? ORDER BY version LIMIT ?',
      ),
      tapCounts: db.prepare<[number], { session_id: string; taps: number }>(
        'SELECT session_id, COUNT(*) AS taps FROM session_taps WHERE event_id = ? GROUP BY session_id',
      ),
      addTap: db.prepare('INSERT OR IGNORE INTO session_taps (event_id, session_id, device) VALUES (@eventId, @sessionId, @device)'),
      removeTap: db.prepare('DELETE FROM session_taps WHERE event_id = @eventId AND session_id = @sessionId AND device = @device'),
      logVersions: db.prepare<[number], { version: number }>('SELECT version FROM event_log WHERE event_id = ? ORDER BY version'),
    };
  }

  /** Runs `work` alone on the connection: no other caller's statement comes in between. */
  #alone<T>(work: () => T): Promise<T> {
    return this.#turn.runExclusive(work);
  }

  /** Runs `work` in one SQLite transaction: all of it commits, or none of it. Call it alone. */
  #transaction<T>(work: () => T): T {
    try {
      const result = this.#db.transaction(work)();
      this.#health.wrote();
      return result;
    } catch (error) {
      this.noteFailure(error);
      throw error;
    }
  }

  eventTransaction<T>(eventId: number, work: (tx: EventTransaction) => Promise<T>): Promise<T> {
    return this.#turn.runExclusive(async () => {
      const s = this.#statements;
      try {
        // IMMEDIATE: the file's write lock from the start, as PostgreSQL's row lock is taken first.
        this.#db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        this.noteFailure(error);
        throw error;
      }
      try {
        const row = s.eventById.get(eventId);
        if (!row) throw new Error(`No event with id ${eventId}`);
        const result = await work({
          version: row.version,
          changesSince: async (version) => s.changesSinceWhole.all(eventId, version).map(changeFromRow),
          findLoggedCommand: async (commandId) => this.#loggedCommand(eventId, commandId),
          change: async (version) => {
            const change = s.change.get(eventId, version);
            return change && changeFromRow(change);
          },
          giverTokenHash: async (sessionId) => s.giverTokenHash.get(eventId, sessionId)?.giver_token_hash ?? null,
          writeChange: async (before, after) => this.#writeChange(eventId, before, after),
          setFacilitatorKeyHash: async (keyHash) => void s.setKeyHash.run(keyHash, eventId),
          setGiverTokenHash: async (sessionId, hash) => void s.setGiverTokenHash.run(hash, eventId, sessionId),
          appendLog: async (version, entry, createdAt) => this.#appendLog(eventId, version, entry, createdAt),
        });
        this.#db.exec('COMMIT');
        this.#health.wrote();
        return result;
      } catch (error) {
        this.noteFailure(error);
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  readonly #health = new HealthRecord();

  /**
   * Notes an error met while using the database (the callers that catch one pass it on); other
   * errors are none of its business. A damaged file or event stays noted until the server is
   * restarted on a sound one; anything else (a full disk, a lock) until the next write succeeds.
   */
  noteFailure(error: unknown): void {
    if (this.#health.damagedData(error) || !(error instanceof Database.SqliteError)) return;
    const problem = `${error.code}: ${error.message}`;
    if (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB') this.#health.damaged(problem);
    else this.#health.failed(problem);
  }

  /**
   * Whether the database works as far as the server has seen: for /healthz. Damaged events are
   * named by their slug (public, in every link) and the column, never by what the row holds.
   */
  health(): Promise<StoreHealth> {
    return this.#health.report((eventId) => this.#alone(() => this.#slugOrId(eventId)));
  }

  /** The slug of an event for a message, or its number when even that cannot be read. */
  #slugOrId(eventId: number): string {
    try {
      return this.#statements.eventById.get(eventId)?.slug ?? `#${eventId}`;
    } catch {
      return `#${eventId}`;
    }
  }

  async close(): Promise<void> {
    await this.#alone(() => this.#db.close());
  }

  findEvent(slug: string): Promise<EventRecord | undefined> {
    return this.#alone(() => {
      const row = this.#statements.eventBySlug.get(slug);
      return row && { id: row.id, slug: row.slug, keyHash: row.facilitator_key_hash, version: row.version };
    });
  }

  #serverSecret: Buffer | undefined;

  serverSecret(): Buffer {
    this.#serverSecret ??= this.#statements.serverSecret.get()?.secret;
    if (!this.#serverSecret) throw new Error('The database has no server secret: open it with openDatabase, which makes one.');
    return this.#serverSecret;
  }

  countEvents(): Promise<number> {
    return this.#alone(() => this.#statements.countEvents.get()?.count ?? 0);
  }

  expirableEvents(untouchedBefore: string, unusedBefore: string): Promise<Array<{ id: number; slug: string }>> {
    return this.#alone(() => this.#statements.expirable.all({ untouchedBefore, unusedBefore }));
  }

  deleteEvent(eventId: number): Promise<void> {
    return this.#alone(() => void this.#transaction(() => this.#statements.deleteEvent.run(eventId)));
  }

  createEvent(input: NewEvent, createdAt: string): Promise<EventRecord> {
    const board = boardOfNewEvent(input);
    return this.#alone(() => {
      if (this.#statements.eventBySlug.get(input.slug)) throw new SlugTakenError(input.slug);
      return this.#transaction(() => {
        const { lastInsertRowid } = this.#statements.insertEvent.run({ ...board.event, keyHash: input.keyHash, createdAt });
        const eventId = Number(lastInsertRowid);
        this.#writeChange(eventId, emptyBoard(board.event), board);
        return { id: eventId, slug: input.slug, keyHash: input.keyHash, version: 0 };
      });
    });
  }

  setFacilitatorKeyHash(eventId: number, keyHash: string): Promise<void> {
    return this.#alone(() => void this.#statements.setKeyHash.run(keyHash, eventId));
  }

  loadBoard(eventId: number): Promise<{ version: number; board: Board }> {
    return this.#alone(() => {
      const s = this.#statements;
      const row = s.eventById.get(eventId);
      if (!row) throw new Error(`No event with id ${eventId}`);
      const board = boardFromRows({
        event: row,
        days: s.days.all(eventId),
        rooms: s.rooms.all(eventId).map((room) => ({ ...room, projector: room.projector === 1 })),
        slots: s.slots.all(eventId),
        sessions: s.sessions.all(eventId),
        taps: new Map(s.tapCounts.all(eventId).map((count) => [count.session_id, count.taps])),
        placements: s.placements.all(eventId),
        blocked: s.blocked.all(eventId),
      });
      return { version: row.version, board };
    });
  }

  #loggedCommand(eventId: number, commandId: string): LoggedCommand | undefined {
    const row = this.#statements.loggedCommand.get(eventId, commandId);
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

  #appendLog(eventId: number, version: number, entry: LogEntry, createdAt: string): void {
    this.#statements.appendLog.run({
      eventId,
      version,
      commandId: entry.commandId,
      command: entry.command,
      actor: entry.actor,
      events: JSON.stringify(entry.events),
      result: entry.result === undefined ? null : JSON.stringify(entry.result),
      createdAt,
      inverse: entry.inverse ? JSON.stringify(entry.inverse) : null,
      undoOf: entry.undoOf ?? null,
      redoOf: entry.redoOf ?? null,
      amends: entry.amends ?? null,
      device: entry.device ?? null,
    });
    this.#statements.setVersion.run(version, eventId);
  }

  undoSteps(eventId: number): Promise<UndoStep[]> {
    return this.#alone(() =>
      this.#statements.facilitatorChanges.all(eventId).map((row) => ({
        version: row.version,
        undoOf: row.undo_of,
        redoOf: row.redo_of,
        amends: row.amends,
        undoable: row.undoable === 1,
      })),
    );
  }

  change(eventId: number, version: number): Promise<LoggedChange | undefined> {
    return this.#alone(() => {
      const row = this.#statements.change.get(eventId, version);
      return row && changeFromRow(row);
    });
  }

  history(eventId: number, before: number, limit: number): Promise<LoggedChange[]> {
    return this.#alone(() => this.#statements.history.all(eventId, before, limit).map(changeFromRow));
  }

  changesSince(eventId: number, version: number, limit: number): Promise<Array<{ version: number; events: string }>> {
    return this.#alone(() => this.#statements.changesSince.all(eventId, version, limit));
  }

  recordTaps(taps: readonly TapRecord[]): Promise<boolean[]> {
    return this.#alone(() =>
      this.#transaction(() =>
        taps.map(({ eventId, sessionId, device, interested }) => {
          const statement = interested ? this.#statements.addTap : this.#statements.removeTap;
          return statement.run({ eventId, sessionId, device }).changes > 0;
        }),
      ),
    );
  }

  changesAfter(eventId: number, version: number): Promise<LoggedChange[]> {
    return this.#alone(() => this.#statements.changesSinceWhole.all(eventId, version).map(changeFromRow));
  }

  versionsOf(eventIds: readonly number[]): Promise<Map<number, number>> {
    return this.#alone(() => {
      const versions = new Map<number, number>();
      for (const eventId of eventIds) {
        const row = this.#statements.eventById.get(eventId);
        if (row) versions.set(eventId, row.version);
      }
      return versions;
    });
  }

  tapCounts(eventId: number): Promise<Map<string, number>> {
    return this.#alone(() => new Map(this.#statements.tapCounts.all(eventId).map((count) => [count.session_id, count.taps])));
  }

  logVersions(eventId: number): Promise<number[]> {
    return this.#alone(() => this.#statements.logVersions.all(eventId).map((row) => row.version));
  }

  pushKeys(): { publicKey: string; privateKey: string } {
    const row = this.#statements.pushKeys.get();
    if (!row) throw new Error('The database has no push keys: open it with openDatabase, which makes them.');
    return { publicKey: row.public_key, privateKey: row.private_key };
  }

  savePushSubscription(eventId: number, feedHash: string, subscription: PushTarget, max: number, at: Date): Promise<boolean> {
    return this.#alone(() =>
      this.#transaction(() => {
        const s = this.#statements;
        const known = s.pushTargetOf.get(eventId, feedHash) !== undefined;
        if (!known && s.countPushSubscriptions.get(eventId)!.count >= max) return false;
        s.savePushSubscription.run({ eventId, feedHash, ...subscription, createdAt: at.toISOString() });
        return true;
      }),
    );
  }

  addWebhook(
    eventId: number,
    webhook: StoredWebhook & { commandId: string | null },
    max: number,
    at: Date,
  ): Promise<{ webhook: StoredWebhook; isNew: boolean } | undefined> {
    return this.#alone(() =>
      this.#transaction(() => {
        const s = this.#statements;
        const earlier = webhook.commandId === null ? undefined : s.webhookByCommand.get(eventId, webhook.commandId);
        if (earlier) return { webhook: webhookOfRow(earlier), isNew: false };
        if (s.countWebhooks.get(eventId)!.count >= max) return undefined;
        const { webhookId, url, format, seed, commandId } = webhook;
        s.addWebhook.run({ eventId, webhookId, url, format, seed, commandId, createdAt: at.toISOString() });
        return { webhook: { webhookId, url, format, seed, failingSince: null }, isNew: true };
      }),
    );
  }

  webhooks(eventId: number): Promise<StoredWebhook[]> {
    return this.#alone(() => this.#statements.webhooks.all(eventId).map(webhookOfRow));
  }

  removeWebhook(eventId: number, webhookId: string): Promise<boolean> {
    return this.#alone(() => this.#transaction(() => this.#statements.removeWebhook.run(eventId, webhookId).changes > 0));
  }

  markWebhook(eventId: number, webhookId: string, failingSince: string | null): Promise<void> {
    return this.#alone(() => void this.#transaction(() => this.#statements.markWebhook.run(failingSince, eventId, webhookId)));
  }

  deletePushSubscription(eventId: number, feedHash: string): Promise<void> {
    return this.#alone(() => void this.#statements.deletePushSubscription.run(eventId, feedHash));
  }

  deletePushEndpoint(eventId: number, endpoint: string): Promise<void> {
    return this.#alone(() => void this.#statements.deletePushEndpoint.run(eventId, endpoint));
  }

  pushTargets(eventId: number): Promise<Array<PushTarget & { sessions: string[] }>> {
    return this.#alone(() =>
      this.#statements.pushTargets.all(eventId).map((row) => ({
        endpoint: row.endpoint,
        p256dh: row.p256dh,
        auth: row.auth,
        lang: row.lang === 'en' ? 'en' : 'de',
        sessions: row.sessions.split(','),
      })),
    );
  }

  starFeed(eventId: number, feedHash: string): Promise<string[]> {
    return this.#alone(() => this.#statements.starFeed.get(eventId, feedHash)?.sessions.split(',') ?? []);
  }

  saveStarFeed(eventId: number, feedHash: string, sessionIds: readonly string[], maxFeeds: number, at: Date): Promise<boolean> {
    return this.#alone(() =>
      this.#transaction(() => {
        const s = this.#statements;
        if (sessionIds.length === 0) {
          s.deleteStarFeed.run(eventId, feedHash);
          return true;
        }
        const known = s.starFeed.get(eventId, feedHash) !== undefined;
        if (!known && s.countStarFeeds.get(eventId)!.count >= maxFeeds) return false;
        s.saveStarFeed.run({ eventId, feedHash, sessions: sessionIds.join(','), updatedAt: at.toISOString() });
        return true;
      }),
    );
  }

  calendarSequences(eventId: number, fingerprints: ReadonlyMap<string, string>): Promise<Map<string, number>> {
    return this.#alone(() =>
      this.#transaction(() => {
        const known = new Map(this.#statements.calendarEntries.all(eventId).map((row) => [row.session_id, row]));
        const sequences = new Map<string, number>();
        for (const [sessionId, fingerprint] of fingerprints) {
          const before = known.get(sessionId);
          const sequence = !before ? 0 : before.fingerprint === fingerprint ? before.sequence : before.sequence + 1;
          if (before?.fingerprint !== fingerprint) this.#statements.saveCalendarEntry.run({ eventId, sessionId, fingerprint, sequence });
          sequences.set(sessionId, sequence);
        }
        return sequences;
      }),
    );
  }

  /** Writes what a change did: the difference between the board before and after it, in orderedWrites' order. */
  #writeChange(eventId: number, before: Board, after: Board): void {
    const s = this.#statements;
    const statements: Partial<Record<`${RowWrite['table']}.${RowWrite['op']}`, Database.Statement>> = {
      'event.update': s.updateEvent,
      'pitch.update': s.setPitch,
      'days.insert': s.insertDay,
      'days.update': s.updateDay,
      'days.delete': s.deleteDay,
      'rooms.insert': s.insertRoom,
      'rooms.update': s.updateRoom,
      'rooms.delete': s.deleteRoom,
      'slots.insert': s.insertSlot,
      'slots.update': s.updateSlot,
      'slots.delete': s.deleteSlot,
      'sessions.insert': s.insertSession,
      'sessions.update': s.updateSession,
      'sessions.delete': s.deleteSession,
      'placements.insert': s.insertPlacement,
      'placements.delete': s.deletePlacement,
      'blocked.insert': s.insertBlock,
      'blocked.delete': s.deleteBlock,
    };
    for (const write of orderedWrites(before, after)) {
      const statement = statements[`${write.table}.${write.op}`]!;
      switch (write.table) {
        case 'pitch':
          // The pitch state is small and changes as a whole: it is stored as one JSON value.
          statement.run(JSON.stringify(write.row), eventId);
          break;
        case 'rooms':
          // SQLite has no booleans.
          statement.run({ eventId, ...write.row, projector: write.row.projector ? 1 : 0 });
          break;
        case 'sessions':
          // Only the columns the statement names: notesUrl and taps are not kept (better-sqlite3 ignores the rest).
          statement.run({ eventId, ...write.row, tags: JSON.stringify(write.row.tags), wishes: JSON.stringify(write.row.wishes) });
          break;
        default:
          statement.run({ eventId, ...write.row });
      }
    }
  }
}
