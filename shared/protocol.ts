// The wire contract between server and every client (docs/architecture.md, "One data flow").
import type { Board } from './board.ts';
import type { CommandError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import type { UndoState } from './undo.ts';

export type Ack<T = unknown> = { ok: true; version: number; data?: T } | { ok: false; error: CommandError };

export interface Snapshot {
  version: number;
  board: Board;
  /** The server's clock (ms since epoch) when sent: clients correct their own by it for countdowns. */
  serverTime: number;
  /** What the facilitator's undo and redo can do now. */
  undo: UndoState;
}

/** What GET /api/events/:slug/board answers: a snapshot whose clock is in the X-Server-Time header. */
export type BoardAnswer = Omit<Snapshot, 'serverTime'>;

/** The header of GET /api/events/:slug/board that holds the server's clock (ms since epoch). */
export const SERVER_TIME_HEADER = 'x-server-time';

/**
 * Instead of a snapshot when the board is big (over 64 KB of JSON), and instead of changes that
 * weigh that much: the board's version now. A screen that has an older one fetches the board over
 * HTTP (GET /api/events/:slug/board), where it is compressed once for every screen.
 */
export interface BoardVersion {
  version: number;
  serverTime: number;
}

export interface EventsBroadcast {
  /** The version after these events. */
  version: number;
  events: DomainEvent[];
  serverTime: number;
  /** What the facilitator's undo and redo can do after these events (so no screen has to ask). */
  undo?: UndoState;
  /** Phones' "Interested" counts that changed meanwhile, as `session:taps` would have told them. */
  taps?: Record<string, number>;
}

/**
 * How often the server sends every screen `board:alive`. A screen that hears nothing at all for
 * a few of these knows its line went silent (an access point that hangs), long before Socket.IO's
 * own ping would tell (up to 45 s).
 */
export const ALIVE_EVERY_MS = 2000;

/** What a device id in the handshake looks like (see HandshakeAuth.device). */
export const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface HandshakeAuth {
  event: string;
  key?: string;
  /**
   * The device's own id (16–64 of A–Z, a–z, 0–9, _ and -), kept in its storage: its limits are
   * counted under it, so they survive reconnecting.
   */
  device?: string;
  /**
   * The version of the board this client has (on a reconnect). The server then sends only the
   * changes it missed, as board:events, when they weigh less than a snapshot; else a snapshot.
   */
  version?: number;
}

/**
 * An outgoing webhook as the facilitator sees it (`webhook:list`, `webhook:status`): never its
 * secret, never in a snapshot or an export.
 */
export interface WebhookInfo {
  webhookId: string;
  url: string;
  /** `json`: the change itself; `text`: one sentence in the event's language, for a chat channel. */
  format: 'json' | 'text';
  /** Its posts were given up after every retry (and none has gone through since). */
  failing: boolean;
}

/** What a test post met: whether the receiver took it (2xx), and the HTTP status it answered, if any. */
export interface WebhookTestResult {
  delivered: boolean;
  status: number | null;
}

/** A network whose new sessions the per-network limit holds back (see `limits:held`). */
export interface HeldNetwork {
  /** An opaque name for the network (not its address). */
  network: string;
  /** New sessions refused so far. */
  refused: number;
  /** Server time (ms) of the first refusal. */
  since: number;
}

/** One change of the event, as the history panel shows it. */
export interface HistoryEntry {
  version: number;
  /** ISO time of the change. */
  at: string;
  actor: 'facilitator' | 'giver' | 'public' | 'system';
  command: string;
  events: DomainEvent[];
  /** What takes the change back (null: undo cannot); a count of hands in a row shows the count before it. */
  inverse: DomainEvent[] | null;
  /** The version this change undid or redid, if it was an undo or redo. */
  undoOf: number | null;
  redoOf: number | null;
}

export interface HistoryPage extends UndoState {
  entries: HistoryEntry[];
  /** Whether older changes exist. */
  more: boolean;
}

/**
 * Error codes sent with a refused connection (`connect_error`, `err.data.code`); `rate_limited`
 * and `internal` pass, so the client tries again later.
 */
export type ConnectRefusal = 'not_found' | 'unauthorized' | 'invalid' | 'rate_limited' | 'internal';

/**
 * Why, where the code alone does not say it (`err.data.reason`): `damaged`, with `internal`, is an
 * event whose stored data the server cannot read; the screen says so instead of a plan.
 */
export type ConnectRefusalReason = 'damaged';

// HTTP, beside the socket: the shapes the routes answer and the home page reads.

/** The body of every refused HTTP request, whatever its status. */
export interface HttpErrorBody {
  error: CommandError;
}

/** `POST /api/events` and `POST /api/events/import` answer 201 with the new event's links. */
export interface CreatedEventBody {
  slug: string;
  /** The facilitator key: shown once, never stored in the clear. */
  key: string;
  facilitatorUrl: string;
  attendeeUrl: string;
}

/** `GET /api/config`: what the home page needs to know before creating an event. */
export interface ServerConfig {
  createNeedsToken: boolean;
  /** The server's Web Push public key (VAPID, base64url): a phone subscribes to pushes with it. */
  pushKey: string;
}
