// The wire contract between server and every client (docs/architecture.md, "One data flow").
import type { Board } from './board.ts';
import type { CommandData, CommandName, CommandPayload } from './commands.ts';

export type { CommandData };
import type { CommandError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import type { Suggestion } from './suggest.ts';
import type { UndoState } from './undo.ts';
import type { Warning } from './warnings.ts';

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

/** A network whose new sessions the per-network limit holds back (see `limits:held`). */
export interface HeldNetwork {
  /** An opaque name for the network (not its address). */
  network: string;
  /** New sessions refused so far. */
  refused: number;
  /** Server time (ms) of the first refusal. */
  since: number;
}

export interface ServerToClientEvents {
  'board:snapshot': (snapshot: Snapshot) => void;
  /** A big board's version, on connect or after a big change, instead of the board (see BoardVersion). */
  'board:version': (current: BoardVersion) => void;
  /** Sent to facilitator screens just before they are disconnected because the key changed. */
  'facilitator:revoked': () => void;
  'board:events': (broadcast: EventsBroadcast) => void;
  /**
   * Phones' "Interested" counts that changed (at most every 250 ms per event), and all of them
   * after a reconnect caught up by events. Not a board change: no version.
   */
  'session:taps': (update: { taps: Record<string, number> }) => void;
  /** Facilitator screens only: the networks whose new sessions are held back now (on connect and on change). */
  'limits:held': (held: { networks: HeldNetwork[] }) => void;
  /** To every screen every ALIVE_EVERY_MS, without a payload: the server and the line to it are there. */
  'board:alive': () => void;
}

export type ClientToServerEvents = {
  [N in CommandName]: (payload: CommandPayload<N>, ack: (response: Ack<CommandData[N]>) => void) => void;
} & {
  /** The whole board: a snapshot, or for a big board only its version (fetch the board over HTTP). */
  'board:sync': (payload: { commandId?: string }, ack: (response: Ack<Snapshot | BoardVersion>) => void) => void;
  'board:history': (payload: { before?: number; limit?: number }, ack: (response: Ack<HistoryPage>) => void) => void;
  /** Where a session could go, best first: free cells where it raises no warning. Changes nothing. */
  'session:suggest': (payload: { sessionId: string; commandId?: string }, ack: (response: Ack<{ suggestions: Suggestion[] }>) => void) => void;
  /** Every clash on the plan at once (a host in two places, too few seats, a wish, a shared tag). Changes nothing. */
  'board:warnings': (payload: { commandId?: string }, ack: (response: Ack<{ warnings: Warning[] }>) => void) => void;
  /** A heartbeat: changes nothing, answers at once. Lets a screen notice a dead connection in seconds. */
  'board:ping': (payload: { commandId?: string }, ack: (response: Ack<{ serverTime: number }>) => void) => void;
  /** A phone is interested in a session, or no longer is: counted once per device id of the handshake. */
  'session:interested': (
    payload: { sessionId: string; interested: boolean; commandId?: string },
    ack: (response: Ack<{ taps: Record<string, number> }>) => void,
  ) => void;
  /** Facilitator only: lets a held-back network submit again (its per-network limit filled up). */
  'limits:lift': (payload: { network: string; commandId?: string }, ack: (response: Ack<{ networks: HeldNetwork[] }>) => void) => void;
};

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
}
