// Prepared statements and row ↔ domain mapping. No rules live here: decide has made every
// decision before a write reaches this file.
import type { Language } from '../shared/language.ts';
import Database from 'better-sqlite3';
import {
  idleTimer,
  unplacedSessions,
  type Board,
  type Cell,
  type Day,
  type EventInfo,
  type PitchState,
  type Placement,
  type Room,
  type Session,
  type Slot,
} from '../shared/board.ts';
import { LIMITS } from '../shared/limits.ts';
import type { DomainEvent } from '../shared/events.ts';
import { boardDiff, emptyBoard, type RowChanges } from './board-diff.ts';
import type { UndoStep } from '../shared/undo.ts';

export interface EventRecord {
  id: number;
  slug: string;
  keyHash: string;
  version: number;
}

export interface LoggedCommand {
  version: number;
  result: unknown;
  command: string;
  actor: string;
  /** The device it came from (its handshake id, hashed), or null: sent without one. */
  device: string | null;
}

export interface LogEntry {
  commandId: string | null;
  command: string;
  actor: string;
  events: DomainEvent[];
  result: unknown;
  /** The events that take this change back, when it can be undone. */
  inverse?: DomainEvent[] | null;
  undoOf?: number | null;
  redoOf?: number | null;
  /** The change this one continues as one step (hands counted in a row): it takes its place in undo and history. */
  amends?: number | null;
  /** The device that sent it (its handshake id, hashed), or null. */
  device?: string | null;
}

export interface LoggedChange {
  version: number;
  at: string;
  actor: string;
  command: string;
  events: DomainEvent[];
  inverse: DomainEvent[] | null;
  undoOf: number | null;
  redoOf: number | null;
  amends: number | null;
}

/**
 * Stored JSON of an event that does not parse: that event's data is damaged (by hand, a tool, a
 * bad disk). It names the event and the column, never what the row holds (it may be anything).
 */
export class DamagedDataError extends Error {
  constructor(
    readonly eventId: number,
    readonly where: string,
  ) {
    super(`The stored ${where} of event ${eventId} is damaged: it is not valid JSON.`);
  }
}

/** A JSON column of an event's row, or DamagedDataError naming the event and the column. */
export function parseStored<T>(text: string, eventId: number, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    // JSON.parse's own message quotes the text: it is not passed on.
    throw new DamagedDataError(eventId, where);
  }
}

interface LogRow {
  event_id: number;
  version: number;
  created_at: string;
  actor: string;
  command: string;
  events: string;
  inverse: string | null;
  undo_of: number | null;
  redo_of: number | null;
  amends: number | null;
}

function changeFromRow(row: LogRow): LoggedChange {
  return {
    version: row.version,
    at: row.created_at,
    actor: row.actor,
    command: row.command,
    events: parseStored<DomainEvent[]>(row.events, row.event_id, 'event_log.events'),
    inverse: row.inverse === null ? null : parseStored<DomainEvent[]>(row.inverse, row.event_id, 'event_log.inverse'),
    undoOf: row.undo_of,
    redoOf: row.redo_of,
    amends: row.amends,
  };
}

/** Where and how a phone's pushes go: its push service's endpoint, its keys, its language. */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
  lang: Language;
}

export interface NewEvent {
  slug: string;
  title: string;
  timezone: string;
  locale: EventInfo['locale'];
  keyHash: string;
  days: Day[];
  rooms: Room[];
  slots: Slot[];
  /** Sessions that exist from the start (the demo's, or an import's). */
  sessions?: Session[];
  placements?: Placement[];
  blocked?: Cell[];
  pitchSeconds?: number;
}

interface EventRow {
  id: number;
  slug: string;
  title: string;
  timezone: string;
  locale: EventInfo['locale'];
  claiming: EventInfo['claiming'];
  pitch_seconds: number;
  facilitator_key_hash: string;
  version: number;
  pitch: string | null;
}

type RoomRow = Omit<Room, 'projector'> & { projector: number };

interface SessionRow {
  id: string;
  title: string;
  host: string;
  description: string;
  tags: string;
  interest: number | null;
  revision: number;
  status: Session['status'];
  wishes: string;
}

function sessionFromRow(eventId: number, row: SessionRow, taps: number): Session {
  return {
    id: row.id,
    title: row.title,
    host: row.host,
    description: row.description,
    tags: parseStored<string[]>(row.tags, eventId, 'sessions.tags'),
    interest: row.interest,
    taps,
    revision: row.revision,
    status: row.status,
    wishes: parseStored<Session['wishes']>(row.wishes, eventId, 'sessions.wishes'),
  };
}

export class Store {
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
        `INSERT INTO events (slug, title, timezone, locale, claiming, pitch_seconds, facilitator_key_hash, created_at)
         VALUES (@slug, @title, @timezone, @locale, @claiming, @pitchSeconds, @keyHash, @createdAt)`,
      ),
      setKeyHash: db.prepare('UPDATE events SET facilitator_key_hash = ? WHERE id = ?'),
      setVersion: db.prepare('UPDATE events SET version = ? WHERE id = ?'),
      setPitch: db.prepare('UPDATE events SET pitch = ? WHERE id = ?'),
      updateEvent: db.prepare(
        `UPDATE events SET title = @title, timezone = @timezone, locale = @locale, claiming = @claiming, pitch_seconds = @pitchSeconds
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
      slots: db.prepare<[number], Slot>('SELECT id, day_id AS dayId, start, end, kind, label FROM slots WHERE event_id = ? ORDER BY day_id, start'),
      insertSlot: db.prepare('INSERT INTO slots (event_id, id, day_id, start, end, kind, label) VALUES (@eventId, @id, @dayId, @start, @end, @kind, @label)'),
      updateSlot: db.prepare(
        `UPDATE slots SET day_id = @dayId, start = @start, end = @end, kind = @kind, label = @label
         WHERE event_id = @eventId AND id = @id`,
      ),
      deleteSlot: db.prepare('DELETE FROM slots WHERE event_id = @eventId AND id = @id'),
      sessions: db.prepare<[number], SessionRow>(
        `SELECT id, title, host, description, tags, interest, revision, status, wishes
         FROM sessions WHERE event_id = ? ORDER BY seq`,
      ),
      // Sessions keep the order they came in: a new one goes last.
      insertSession: db.prepare(
        `INSERT INTO sessions (event_id, id, seq, title, host, description, tags, interest, revision, status, wishes)
         VALUES (@eventId, @id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sessions WHERE event_id = @eventId),
                 @title, @host, @description, @tags, @interest, @revision, @status, @wishes)`,
      ),
      updateSession: db.prepare(
        `UPDATE sessions SET title = @title, host = @host, description = @description, tags = @tags, interest = @interest,
           revision = @revision, status = @status, wishes = @wishes
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

  /** Runs `work` in one SQLite transaction: all of it commits, or none of it. */
  transaction<T>(work: () => T): T {
    try {
      const result = this.#db.transaction(work)();
      this.#lastWriteFailure = undefined;
      return result;
    } catch (error) {
      this.noteFailure(error);
      throw error;
    }
  }

  #lastWriteFailure: string | undefined;
  #damage: string | undefined;
  /** Events whose stored data was found damaged, with where (the first column met). */
  readonly #damagedEvents = new Map<number, string>();

  /**
   * Notes an error met while using the database (the callers that catch one pass it on); other
   * errors are none of its business. A damaged file or event stays noted until the server is
   * restarted on a sound one; anything else (a full disk, a lock) until the next write succeeds.
   */
  noteFailure(error: unknown): void {
    if (error instanceof DamagedDataError) {
      if (!this.#damagedEvents.has(error.eventId)) this.#damagedEvents.set(error.eventId, error.where);
      return;
    }
    if (!(error instanceof Database.SqliteError)) return;
    const problem = `${error.code}: ${error.message}`;
    if (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB') this.#damage ??= problem;
    else this.#lastWriteFailure = problem;
  }

  /**
   * Whether the database works as far as the server has seen: for /healthz. Damaged events are
   * named by their slug (public, in every link) and the column, never by what the row holds.
   */
  health(): { ok: true } | { ok: false; problem: string; damagedEvents: string[] } {
    const damaged = [...this.#damagedEvents].map(([eventId, where]) => ({ slug: this.#slugOrId(eventId), where }));
    const damagedEvents = damaged.map(({ slug }) => slug);
    const problems = [
      this.#damage,
      ...damaged.map(({ slug, where }) => `damaged data in event "${slug}" (${where} of a row is not valid JSON)`),
      this.#lastWriteFailure,
    ].filter((problem) => problem !== undefined);
    return problems.length === 0 ? { ok: true } : { ok: false, problem: problems.join('; '), damagedEvents };
  }

  /** The slug of an event for a message, or its number when even that cannot be read. */
  #slugOrId(eventId: number): string {
    try {
      return this.#statements.eventById.get(eventId)?.slug ?? `#${eventId}`;
    } catch {
      return `#${eventId}`;
    }
  }

  findEvent(slug: string): EventRecord | undefined {
    const row = this.#statements.eventBySlug.get(slug);
    return row && { id: row.id, slug: row.slug, keyHash: row.facilitator_key_hash, version: row.version };
  }

  #serverSecret: Buffer | undefined;

  /**
   * The server's own secret, which every secret handed out is derived from (server/auth.ts). Made
   * when the file is opened (db/open.ts); it never leaves the server.
   */
  serverSecret(): Buffer {
    this.#serverSecret ??= this.#statements.serverSecret.get()?.secret;
    if (!this.#serverSecret) throw new Error('The database has no server secret: open it with openDatabase, which makes one.');
    return this.#serverSecret;
  }

  countEvents(): number {
    return this.#statements.countEvents.get()?.count ?? 0;
  }

  /**
   * Events nobody needs any more, by the date they were last of use (their last day, the day they
   * were made or last changed, whichever is latest): never changed and last of use before
   * `untouchedBefore`, or any last of use before `unusedBefore` (YYYY-MM-DD; '' keeps all).
   */
  expirableEvents(untouchedBefore: string, unusedBefore: string): Array<{ id: number; slug: string }> {
    return this.#statements.expirable.all({ untouchedBefore, unusedBefore });
  }

  /** Deletes an event with everything in it: frame, sessions, plan, log. */
  deleteEvent(eventId: number): void {
    this.transaction(() => this.#statements.deleteEvent.run(eventId));
  }

  createEvent(input: NewEvent, createdAt: string): EventRecord {
    const pitchSeconds = input.pitchSeconds ?? LIMITS.pitchSecondsDefault;
    const event: EventInfo = { slug: input.slug, title: input.title, timezone: input.timezone, locale: input.locale, claiming: 'closed', pitchSeconds };
    const board: Board = {
      event,
      days: input.days,
      rooms: input.rooms,
      slots: input.slots,
      sessions: input.sessions ?? [],
      placements: input.placements ?? [],
      blocked: input.blocked ?? [],
      pitch: { queue: [], current: null, timer: idleTimer(pitchSeconds) },
    };
    // Pitched sessions that exist from the start and are not placed wait in the pitch queue.
    board.pitch.queue = unplacedSessions(board).map((s) => s.id);
    return this.transaction(() => {
      const { lastInsertRowid } = this.#statements.insertEvent.run({ ...event, keyHash: input.keyHash, createdAt });
      const eventId = Number(lastInsertRowid);
      this.writeChange(eventId, emptyBoard(event), board);
      return { id: eventId, slug: input.slug, keyHash: input.keyHash, version: 0 };
    });
  }

  setFacilitatorKeyHash(eventId: number, keyHash: string): void {
    this.#statements.setKeyHash.run(keyHash, eventId);
  }

  loadBoard(eventId: number): { version: number; board: Board } {
    const row = this.#statements.eventById.get(eventId);
    if (!row) throw new Error(`No event with id ${eventId}`);
    const taps = new Map(this.#statements.tapCounts.all(eventId).map((count) => [count.session_id, count.taps]));
    const board: Board = {
      event: {
        slug: row.slug,
        title: row.title,
        timezone: row.timezone,
        locale: row.locale,
        claiming: row.claiming,
        pitchSeconds: row.pitch_seconds,
      },
      days: this.#statements.days.all(eventId),
      rooms: this.#statements.rooms.all(eventId).map((row) => ({ ...row, projector: row.projector === 1 })),
      slots: this.#statements.slots.all(eventId),
      sessions: this.#statements.sessions.all(eventId).map((row) => sessionFromRow(eventId, row, taps.get(row.id) ?? 0)),
      placements: this.#statements.placements.all(eventId),
      blocked: this.#statements.blocked.all(eventId),
      pitch: row.pitch ? parseStored<PitchState>(row.pitch, eventId, 'events.pitch') : { queue: [], current: null, timer: idleTimer(row.pitch_seconds) },
    };
    return { version: row.version, board };
  }

  findLoggedCommand(eventId: number, commandId: string): LoggedCommand | undefined {
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

  /** Appends one change to the log and moves the event to its version. */
  appendLog(eventId: number, version: number, entry: LogEntry, createdAt: string): void {
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

  /** The facilitator's changes, oldest first, as undo and redo care about them. */
  undoSteps(eventId: number): UndoStep[] {
    return this.#statements.facilitatorChanges.all(eventId).map((row) => ({
      version: row.version,
      undoOf: row.undo_of,
      redoOf: row.redo_of,
      amends: row.amends,
      undoable: row.undoable === 1,
    }));
  }

  change(eventId: number, version: number): LoggedChange | undefined {
    const row = this.#statements.change.get(eventId, version);
    return row && changeFromRow(row);
  }

  /** Changes newest first, older than `before`. */
  history(eventId: number, before: number, limit: number): LoggedChange[] {
    return this.#statements.history.all(eventId, before, limit).map(changeFromRow);
  }

  /** The changes after `version`, oldest first, at most `limit`; their events as stored (JSON). */
  changesSince(eventId: number, version: number, limit: number): Array<{ version: number; events: string }> {
    return this.#statements.changesSince.all(eventId, version, limit);
  }

  /**
   * Records that a device is interested in a session, or no longer is. True when that changed
   * something (a second tap of the same device counts once). Run inside `transaction`.
   */
  setTap(eventId: number, sessionId: string, device: string, interested: boolean): boolean {
    const statement = interested ? this.#statements.addTap : this.#statements.removeTap;
    return statement.run({ eventId, sessionId, device }).changes > 0;
  }

  logVersions(eventId: number): number[] {
    return this.#statements.logVersions.all(eventId).map((row) => row.version);
  }

  giverTokenHash(eventId: number, sessionId: string): string | null {
    return this.#statements.giverTokenHash.get(eventId, sessionId)?.giver_token_hash ?? null;
  }

  setGiverTokenHash(eventId: number, sessionId: string, hash: string): void {
    this.#statements.setGiverTokenHash.run(hash, eventId, sessionId);
  }

  /** The server's Web Push key pair (VAPID), made when the file was opened (db/open.ts). */
  pushKeys(): { publicKey: string; privateKey: string } {
    const row = this.#statements.pushKeys.get();
    if (!row) throw new Error('The database has no push keys: open it with openDatabase, which makes them.');
    return { publicKey: row.public_key, privateKey: row.private_key };
  }

  /**
   * Keeps a phone's push subscription for its feed (one per feed: a new one replaces it). A feed
   * the event does not know yet is kept only while the event has fewer than `max`; answers whether it was kept.
   */
  savePushSubscription(eventId: number, feedHash: string, subscription: PushTarget, max: number, at: Date): boolean {
    return this.transaction(() => {
      const s = this.#statements;
      const known = s.pushTargetOf.get(eventId, feedHash) !== undefined;
      if (!known && s.countPushSubscriptions.get(eventId)!.count >= max) return false;
      s.savePushSubscription.run({ eventId, feedHash, ...subscription, createdAt: at.toISOString() });
      return true;
    });
  }

  deletePushSubscription(eventId: number, feedHash: string): void {
    this.#statements.deletePushSubscription.run(eventId, feedHash);
  }

  /** Forgets a push endpoint its push service has ended (404 or 410). */
  deletePushEndpoint(eventId: number, endpoint: string): void {
    this.#statements.deletePushEndpoint.run(eventId, endpoint);
  }

  /** Every phone of the event that wants pushes, with the sessions it starred. */
  pushTargets(eventId: number): Array<PushTarget & { sessions: string[] }> {
    return this.#statements.pushTargets.all(eventId).map((row) => ({
      endpoint: row.endpoint,
      p256dh: row.p256dh,
      auth: row.auth,
      lang: row.lang === 'en' ? 'en' : 'de',
      sessions: row.sessions.split(','),
    }));
  }

  /** The sessions a phone's feed holds (by the hash of its id), in the order it sent them; none for a feed never told any. */
  starFeed(eventId: number, feedHash: string): string[] {
    return this.#statements.starFeed.get(eventId, feedHash)?.sessions.split(',') ?? [];
  }

  /**
   * Keeps what a phone's feed holds now: no stars, no row. A feed the event does not know yet is
   * kept only while the event has fewer than `maxFeeds`; answers whether the feed was kept.
   * A phone's bookkeeping beside the board, not part of it.
   */
  saveStarFeed(eventId: number, feedHash: string, sessionIds: readonly string[], maxFeeds: number, at: Date): boolean {
    return this.transaction(() => {
      const s = this.#statements;
      if (sessionIds.length === 0) {
        s.deleteStarFeed.run(eventId, feedHash);
        return true;
      }
      const known = s.starFeed.get(eventId, feedHash) !== undefined;
      if (!known && s.countStarFeeds.get(eventId)!.count >= maxFeeds) return false;
      s.saveStarFeed.run({ eventId, feedHash, sessions: sessionIds.join(','), updatedAt: at.toISOString() });
      return true;
    });
  }

  /**
   * The SEQUENCE of each session's calendar entry, given what the entry says now (a fingerprint):
   * it rises by one whenever that differs from what a feed showed last time, and starts at 0.
   * Calendar bookkeeping beside the board, not part of it: feeds write it as they are read.
   */
  calendarSequences(eventId: number, fingerprints: ReadonlyMap<string, string>): Map<string, number> {
    return this.transaction(() => {
      const known = new Map(this.#statements.calendarEntries.all(eventId).map((row) => [row.session_id, row]));
      const sequences = new Map<string, number>();
      for (const [sessionId, fingerprint] of fingerprints) {
        const before = known.get(sessionId);
        const sequence = !before ? 0 : before.fingerprint === fingerprint ? before.sequence : before.sequence + 1;
        if (before?.fingerprint !== fingerprint) this.#statements.saveCalendarEntry.run({ eventId, sessionId, fingerprint, sequence });
        sequences.set(sessionId, sequence);
      }
      return sequences;
    });
  }

  /**
   * Writes what a change did: the difference between the board before and after it, table by
   * table. Rows go children first (placements and blocks before the slots, days and rooms they
   * sit in), then come parents first, so that the foreign keys hold at every statement.
   */
  writeChange(eventId: number, before: Board, after: Board): void {
    const s = this.#statements;
    const diff = boardDiff(before, after);
    const keyed = <Row extends object>(row: Row) => ({ eventId, ...row });
    const remove = <Row extends object>(changes: RowChanges<Row>, statement: Database.Statement) => {
      for (const row of changes.removed) statement.run(keyed(row));
    };
    const write = <Row extends object>(
      changes: RowChanges<Row>,
      insert: Database.Statement,
      update?: Database.Statement,
      stored: (row: Row) => object = keyed,
    ) => {
      for (const row of changes.inserted) insert.run(stored(row));
      // Rows that are all key (no `update`) are never changed in place: boardDiff finds none.
      for (const row of changes.updated) update!.run(stored(row));
    };
    remove(diff.placements, s.deletePlacement);
    remove(diff.blocked, s.deleteBlock);
    remove(diff.slots, s.deleteSlot);
    remove(diff.days, s.deleteDay);
    remove(diff.rooms, s.deleteRoom);
    remove(diff.sessions, s.deleteSession);
    if (diff.event) s.updateEvent.run(keyed(diff.event));
    // The pitch state is small and changes as a whole: it is stored as one JSON value.
    if (diff.pitch) s.setPitch.run(JSON.stringify(diff.pitch), eventId);
    // Days are read by date; their position is kept for whoever reads the table itself.
    const dayPosition = new Map(after.days.map((day, index) => [day.id, index]));
    write(diff.days, s.insertDay, s.updateDay, (day) => ({ ...keyed(day), position: dayPosition.get(day.id) }));
    // SQLite has no booleans.
    write(diff.rooms, s.insertRoom, s.updateRoom, (room) => ({ ...keyed(room), projector: room.projector ? 1 : 0 }));
    write(diff.sessions, s.insertSession, s.updateSession, (session) => ({
      ...keyed(session),
      tags: JSON.stringify(session.tags),
      wishes: JSON.stringify(session.wishes),
    }));
    write(diff.slots, s.insertSlot, s.updateSlot);
    write(diff.placements, s.insertPlacement);
    write(diff.blocked, s.insertBlock);
  }
}
