// The one interface to the stored events, with two implementations: SQLite (db/sqlite-store.ts,
// the default: one process, one file) and PostgreSQL (db/postgres-store.ts, shared by several
// processes). The rest of the server talks to `Store` and does not know which one it has. No rules
// live here: decide has made every decision before a write reaches a store.
import type { Language } from '../shared/language.ts';
import {
  idleTimer,
  unplacedSessions,
  type Board,
  type Cell,
  type Day,
  type EventInfo,
  type Placement,
  type Room,
  type Session,
  type Slot,
} from '../shared/board.ts';
import { LIMITS } from '../shared/limits.ts';
import { withNotesUrl } from '../shared/notes-link.ts';
import type { DomainEvent } from '../shared/events.ts';
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

/** An event with this slug exists already: made by another request or process at the same moment. */
export class SlugTakenError extends Error {
  constructor(readonly slug: string) {
    super(`An event with the slug "${slug}" exists already.`);
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

/** Where and how a phone's pushes go: its push service's endpoint, its keys, its language. */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
  lang: Language;
}

/** How a webhook's posts are written: the change as JSON, or one sentence for a chat channel. */
export type WebhookFormat = 'json' | 'text';

/** An outgoing webhook as kept beside the board (server/webhooks.ts): never in a snapshot or an export. */
export interface StoredWebhook {
  webhookId: string;
  url: string;
  format: WebhookFormat;
  /** What its signing secret is derived from, with the server's secret: the secret itself is not kept. */
  seed: string;
  /** When its posts were last given up (ISO time), or null: as far as known, it works. */
  failingSince: string | null;
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
  /** The notes-link template (an import's); none when left out. */
  notesLink?: string;
}

/** The board a new event starts with: its frame, the sessions it came with, and those waiting to pitch. */
export function boardOfNewEvent(input: NewEvent): Board {
  const pitchSeconds = input.pitchSeconds ?? LIMITS.pitchSecondsDefault;
  const event: EventInfo = {
    slug: input.slug,
    title: input.title,
    timezone: input.timezone,
    locale: input.locale,
    claiming: 'closed',
    pitchSeconds,
    notesLink: input.notesLink ?? '',
  };
  const board: Board = {
    event,
    days: input.days,
    rooms: input.rooms,
    slots: input.slots,
    // Where the notes are follows from the links under this event's slug (an import's is new).
    sessions: (input.sessions ?? []).map((session) => withNotesUrl(event, session)),
    placements: input.placements ?? [],
    blocked: input.blocked ?? [],
    pitch: { queue: [], current: null, timer: idleTimer(pitchSeconds) },
  };
  // Pitched sessions that exist from the start and are not placed wait in the pitch queue.
  board.pitch.queue = unplacedSessions(board).map((s) => s.id);
  return board;
}

/** A phone's "Interested" for a session, or its taking it back, as a store records it. */
export interface TapRecord {
  eventId: number;
  sessionId: string;
  device: string;
  interested: boolean;
}

/**
 * One command on one event, inside its transaction: the event's row stays locked until the
 * transaction ends, so that no other command of that event (in this process or another) comes in
 * between. Everything here is read or written within that transaction.
 */
export interface EventTransaction {
  /** The event's version as committed, read under the lock: newer than the caller's board when another process wrote. */
  readonly version: number;
  /** The changes after `version`, oldest first: what a process that cached an older board has to catch up. */
  changesSince(version: number): Promise<LoggedChange[]>;
  findLoggedCommand(commandId: string): Promise<LoggedCommand | undefined>;
  change(version: number): Promise<LoggedChange | undefined>;
  giverTokenHash(sessionId: string): Promise<string | null>;
  /** Writes the difference between the board before and after a change, table by table. */
  writeChange(before: Board, after: Board): Promise<void>;
  setFacilitatorKeyHash(keyHash: string): Promise<void>;
  setGiverTokenHash(sessionId: string, hash: string): Promise<void>;
  /** Appends one change to the log and moves the event to its version. */
  appendLog(version: number, entry: LogEntry, createdAt: string): Promise<void>;
}

/** Whether the database works as far as the server has seen (for /healthz). */
export type StoreHealth = { ok: true } | { ok: false; problem: string; damagedEvents: string[] };

export interface Store {
  /** Which database this is, for logs and /healthz. */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Whether other processes may write the same events (PostgreSQL): then a process follows their
   * changes (changesAfter, versionsOf, tapCounts). A SQLite file is one server's alone.
   */
  readonly shared: boolean;

  /**
   * Runs one command's work in one transaction that holds the event's row locked: all of it
   * commits, or none of it. Resolves only after the commit. `undefined` when there is no such event.
   */
  eventTransaction<T>(eventId: number, work: (tx: EventTransaction) => Promise<T>): Promise<T>;

  findEvent(slug: string): Promise<EventRecord | undefined>;
  countEvents(): Promise<number>;
  /**
   * Events nobody needs any more, by the date they were last of use (their last day, the day they
   * were made or last changed, whichever is latest): never changed and last of use before
   * `untouchedBefore`, or any last of use before `unusedBefore` (YYYY-MM-DD; '' keeps all).
   */
  expirableEvents(untouchedBefore: string, unusedBefore: string): Promise<Array<{ id: number; slug: string }>>;
  /** Deletes an event with everything in it: frame, sessions, plan, log. */
  deleteEvent(eventId: number): Promise<void>;
  /** Makes an event at version 0 with the board of `boardOfNewEvent`. A taken slug is refused by the database. */
  createEvent(input: NewEvent, createdAt: string): Promise<EventRecord>;
  /** A new facilitator key outside any command (the command line's `event:key`). */
  setFacilitatorKeyHash(eventId: number, keyHash: string): Promise<void>;
  loadBoard(eventId: number): Promise<{ version: number; board: Board }>;
  /** The facilitator's changes, oldest first, as undo and redo care about them. */
  undoSteps(eventId: number): Promise<UndoStep[]>;
  change(eventId: number, version: number): Promise<LoggedChange | undefined>;
  /** Changes newest first, older than `before`; a change continued by a later one (amends) is left out. */
  history(eventId: number, before: number, limit: number): Promise<LoggedChange[]>;
  /** The changes after `version`, oldest first, at most `limit`; their events as stored (JSON). */
  changesSince(eventId: number, version: number, limit: number): Promise<Array<{ version: number; events: string }>>;
  logVersions(eventId: number): Promise<number[]>;
  /** The whole changes after `version`, oldest first: what another process committed since. */
  changesAfter(eventId: number, version: number): Promise<LoggedChange[]>;
  /** The version of each of these events now (an event that is gone is left out). */
  versionsOf(eventIds: readonly number[]): Promise<Map<number, number>>;
  /** Every session's taps of an event now (sessions nobody tapped are left out). */
  tapCounts(eventId: number): Promise<Map<string, number>>;
  /**
   * Records taps in one transaction (a second tap of the same device counts once): for each, whether
   * it changed something. No version, no log: a tap is no change of the plan.
   */
  recordTaps(taps: readonly TapRecord[]): Promise<boolean[]>;

  /**
   * The server's own secret, which every secret handed out is derived from (server/auth.ts). Made
   * when the database is first opened; it never leaves the server.
   */
  serverSecret(): Buffer;
  /** The server's Web Push key pair (VAPID), made when the database was first opened. */
  pushKeys(): { publicKey: string; privateKey: string };
  /**
   * Keeps a phone's push subscription for its feed (one per feed: a new one replaces it). A feed
   * the event does not know yet is kept only while the event has fewer than `max`; answers whether it was kept.
   */
  savePushSubscription(eventId: number, feedHash: string, subscription: PushTarget, max: number, at: Date): Promise<boolean>;
  deletePushSubscription(eventId: number, feedHash: string): Promise<void>;
  /** Forgets a push endpoint its push service has ended (404 or 410). */
  deletePushEndpoint(eventId: number, endpoint: string): Promise<void>;
  /** Every phone of the event that wants pushes, with the sessions it starred. */
  pushTargets(eventId: number): Promise<Array<PushTarget & { sessions: string[] }>>;
  /**
   * Keeps a new webhook, unless the event has `max` already (undefined). A webhook added before by
   * the same command (a retry: the same `commandId`) is answered instead, as `isNew: false`.
   */
  addWebhook(
    eventId: number,
    webhook: StoredWebhook & { commandId: string | null },
    max: number,
    at: Date,
  ): Promise<{ webhook: StoredWebhook; isNew: boolean } | undefined>;
  /** The event's webhooks, in the order they were added. */
  webhooks(eventId: number): Promise<StoredWebhook[]>;
  /** Forgets a webhook; whether there was one. */
  removeWebhook(eventId: number, webhookId: string): Promise<boolean>;
  /** Notes when a webhook's posts were given up, or (null) that it works again. */
  markWebhook(eventId: number, webhookId: string, failingSince: string | null): Promise<void>;
  /** The sessions a phone's feed holds (by the hash of its id), in the order it sent them; none for a feed never told any. */
  starFeed(eventId: number, feedHash: string): Promise<string[]>;
  /**
   * Keeps what a phone's feed holds now: no stars, no row. A feed the event does not know yet is
   * kept only while the event has fewer than `maxFeeds`; answers whether the feed was kept.
   */
  saveStarFeed(eventId: number, feedHash: string, sessionIds: readonly string[], maxFeeds: number, at: Date): Promise<boolean>;
  /**
   * The SEQUENCE of each session's calendar entry, given what the entry says now (a fingerprint):
   * it rises by one whenever that differs from what a feed showed last time, and starts at 0.
   */
  calendarSequences(eventId: number, fingerprints: ReadonlyMap<string, string>): Promise<Map<string, number>>;

  /** Notes an error met while using the database, for `health` (other errors are none of its business). */
  noteFailure(error: unknown): void;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
