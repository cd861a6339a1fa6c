// The one store of the client: the board of one event, kept live over the socket.
// Components read the getters; only methods here change state.
import { apply } from '../../shared/apply.ts';
import { cellKey, placementOf, type Board, type Cell, type Session } from '../../shared/board.ts';
import type { CommandData, CommandName, CommandPayload } from '../../shared/commands.ts';
import { eventPaths } from '../../shared/links.ts';
import { exhaustiveSwitchError } from '../../shared/errors.ts';
import type { DomainEvent } from '../../shared/events.ts';
import {
  ALIVE_EVERY_MS,
  SERVER_TIME_HEADER,
  type BoardAnswer,
  type BoardVersion,
  type ConnectRefusal,
  type ConnectRefusalReason,
  type EventsBroadcast,
  type HeldNetwork,
  type HistoryPage,
  type Snapshot,
  type WebhookInfo,
  type Ack,
} from '../../shared/protocol.ts';
import type { QUERIES, QueryData, QueryName, QueryPayload } from '../../shared/queries.ts';
import type { UndoState } from '../../shared/undo.ts';
import type { Failed } from './refusal.ts';
import { connectToEvent, sendCommand, type BoardSocket } from './socket.ts';
import { deviceId } from './device.ts';

export type Connection = 'connecting' | 'live' | 'offline' | 'refused';

export type SendResult<N extends CommandName> = { ok: true; version: number; data?: CommandData[N] } | (Failed & { message: string });

export interface StoreOptions {
  /** The facilitator key, for the board. */
  key?: string;
  /** Keep the last board on this device, to show it when the page opens offline. */
  persist?: boolean;
  /** How long a change made elsewhere stays highlighted (the projector keeps it longer). */
  flashMs?: number;
  /**
   * Ping the server every few seconds and call the connection dead when it does not answer:
   * Socket.IO's own ping takes up to 45 s to notice. For the facilitator's board.
   */
  heartbeat?: boolean;
  /**
   * Call the connection dead when nothing at all came from the server for a few seconds (it
   * sends `board:alive` every 2 s): for the read-only screens, which send nothing themselves.
   */
  offlineWhenSilent?: boolean;
  /** The plan the page was served with: shown at once, and the socket only catches up from it. */
  initial?: Snapshot;
  /** How the socket is opened (tests pass a fake one). */
  openSocket?: typeof connectToEvent;
}

/** How often the heartbeat asks, and how long an answer may take before the line counts as dead. */
const HEARTBEAT_EVERY_MS = 2000;
const HEARTBEAT_PATIENCE_MS = 2500;
/**
 * How long a read-only screen waits without a word from the server before it calls the line
 * dead: two `board:alive` ticks. A tick may come up to 2 s late without costing a reconnect, and
 * the screen says "offline" within 5 s of the line going silent, with room to draw it.
 */
export const SILENCE_LIMIT_MS = 2 * ALIVE_EVERY_MS;
/** A board asked for too often is asked for again after this (and up to 3 s more, not all phones at once). */
const RESYNC_AGAIN_MS = 5000;

const cacheKey = (slug: string) => `pitchboard.board.${slug}`;

/** The cells and sessions an event touches, judged against the board before it. */
function touchedBy(board: Board, event: DomainEvent): { cells: Cell[]; sessions: string[] } {
  switch (event.type) {
    case 'session.submitted':
      return { cells: [], sessions: [event.session.id] };
    case 'session.placed': {
      const from = placementOf(board, event.sessionId);
      return { cells: from ? [from, event] : [event], sessions: [event.sessionId] };
    }
    case 'session.updated':
    case 'session.withdrawn':
    case 'session.restored':
    case 'session.unplaced':
    case 'session.interest_set': {
      const at = placementOf(board, event.sessionId);
      return { cells: at ? [at] : [], sessions: [event.sessionId] };
    }
    case 'session.extended':
    case 'session.shrunk':
      return { cells: [event], sessions: [event.sessionId] };
    case 'cell.blocked':
    case 'cell.unblocked':
      return { cells: [event], sessions: [] };
    case 'session.token_reissued':
    case 'session.dequeued':
    case 'session.queued':
    case 'event.key_rotated':
    case 'event.updated':
    case 'pitch.updated':
    case 'day.added':
    case 'day.updated':
    case 'day.removed':
    case 'room.added':
    case 'room.updated':
    case 'room.moved':
    case 'room.removed':
    case 'slot.added':
    case 'slot.updated':
    case 'slot.removed':
      return { cells: [], sessions: [] };
    default:
      return exhaustiveSwitchError(event);
  }
}

/** The questions only the facilitator asks (the registry's `who: 'facilitator'`). */
type FacilitatorQuery = { [N in QueryName]: (typeof QUERIES)[N]['who'] extends 'facilitator' ? N : never }[QueryName];

export class BoardStore {
  #board = $state.raw<Board | null>(null);
  #version = $state(0);
  #connection = $state<Connection>('connecting');
  #offlineSince = $state<Date | null>(null);
  #refusal = $state<Exclude<ConnectRefusal, 'rate_limited' | 'internal'> | null>(null);
  /** The server cannot read this event's stored data (it is damaged): the screen says so instead of a plan. */
  #damaged = $state(false);
  #isFacilitator = $state(false);
  #recentCells = $state.raw<ReadonlySet<string>>(new Set());
  #recentSessions = $state.raw<ReadonlySet<string>>(new Set());
  #undo = $state.raw<UndoState>({ canUndo: false, canRedo: false });
  #heldNetworks = $state.raw<readonly HeldNetwork[]>([]);
  #webhooks = $state.raw<readonly WebhookInfo[]>([]);
  /** Interest counts this screen asked for that the board does not show yet (fast +1 taps). */
  #pendingInterest = $state.raw<ReadonlyMap<string, number | null>>(new Map());
  #interestInFlight = new Map<string, number>();
  /** Server clock minus this device's clock, from the last message: countdowns use server time. */
  #clockOffset = 0;

  #socket: BoardSocket | null = null;
  /** Versions produced by this client's own commands: they are not flashed. */
  #ownVersions = new Set<number>();
  #flashTimer: ReturnType<typeof setTimeout> | undefined;
  /** A connection turned away for being one too many from this address: when to try again. */
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** A whole board asked for too often: when to ask again. */
  #resyncTimer: ReturnType<typeof setTimeout> | undefined;
  #versionWaiters: Array<{ version: number; resolve: () => void }> = [];
  readonly slug: string;
  readonly #key: string | undefined;
  readonly #persist: boolean;
  readonly #flashMs: number;
  readonly #heartbeat: boolean;
  readonly #offlineWhenSilent: boolean;
  /** Runs out when the server has been silent for SILENCE_LIMIT_MS (read-only screens). */
  #silenceTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #openSocket: typeof connectToEvent;
  #heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  /** Sessions with a move sent but not yet answered (e.g. made while offline), and where to. */
  #pendingMoves = $state.raw<ReadonlyMap<string, Cell | 'tray'>>(new Map());
  /** Set once the board came from the server (not only from this device's cache). */
  #fromServer = false;
  /** The newest version the socket named (board:version): a board fetched over HTTP must be at least that new. */
  #wantedVersion = -1;
  /** A board fetch over HTTP is on its way: another ask waits for it. */
  #fetching = false;
  /** When the cached board was last live: what "offline since" means after an offline start. */
  #lastLive: Date | null = null;

  constructor(slug: string, options: StoreOptions = {}) {
    this.slug = slug;
    this.#key = options.key;
    this.#persist = options.persist ?? false;
    this.#flashMs = options.flashMs ?? 2000;
    this.#heartbeat = options.heartbeat ?? false;
    this.#offlineWhenSilent = options.offlineWhenSilent ?? false;
    this.#openSocket = options.openSocket ?? connectToEvent;
    if (this.#persist) this.#loadCached();
    // A page reopened offline may come from the browser's cache with an older plan than the one
    // this device kept: the later version wins (then the socket brings a full snapshot).
    const initial = options.initial;
    if (initial && !(this.#board && this.#version > initial.version)) this.#replace(initial, true);
  }

  /** The last board this device saw, shown until the server answers. */
  #loadCached(): void {
    try {
      const cached = JSON.parse(localStorage.getItem(cacheKey(this.slug)) ?? 'null') as {
        version: number;
        board: Board;
        savedAt: number;
      } | null;
      if (cached?.board) {
        this.#board = cached.board;
        this.#version = cached.version;
        this.#lastLive = new Date(cached.savedAt);
      }
    } catch {
      // Nothing usable cached: wait for the server.
    }
  }

  /**
   * Saved after every change: a phone can lose the network (or the tab) at any moment. In the
   * task after it, once for a burst: writing a big plan takes a slow phone tens of milliseconds,
   * which should not lengthen the task that shows the change.
   */
  #save(): void {
    if (!this.#persist || this.#savePending) return;
    this.#savePending = true;
    setTimeout(() => {
      this.#savePending = false;
      try {
        const entry = { version: this.#version, board: this.#board, savedAt: Date.now() };
        localStorage.setItem(cacheKey(this.slug), JSON.stringify(entry));
      } catch {
        // Storage full or off: the plan still shows while the page is open.
      }
    });
  }
  #savePending = false;

  get board(): Board | null {
    return this.#board;
  }
  get version(): number {
    return this.#version;
  }
  get connection(): Connection {
    return this.#connection;
  }
  get offlineSince(): Date | null {
    return this.#offlineSince;
  }
  get refusal(): Exclude<ConnectRefusal, 'rate_limited' | 'internal'> | null {
    return this.#refusal;
  }
  /** True while the server says this event's stored data is damaged (it is asked again now and then). */
  get damaged(): boolean {
    return this.#damaged;
  }
  /** True once the server accepted the facilitator key. */
  get isFacilitator(): boolean {
    return this.#isFacilitator;
  }
  get recentCells(): ReadonlySet<string> {
    return this.#recentCells;
  }
  get recentSessions(): ReadonlySet<string> {
    return this.#recentSessions;
  }

  /** Whether the facilitator's undo and redo have something to do (sent with every change). */
  get undoState(): UndoState {
    return this.#undo;
  }

  /** Networks whose new sessions the server holds back now (facilitator only; see letThrough). */
  get heldNetworks(): readonly HeldNetwork[] {
    return this.#heldNetworks;
  }

  /** Lets a held-back network submit sessions again (facilitator only). */
  async letThrough(network: string): Promise<boolean> {
    const ack = await this.ask('limits:lift', { network });
    if (ack?.ok && ack.data) this.#heldNetworks = ack.data.networks;
    return ack?.ok ?? false;
  }

  /** A page of the event's history, newest first (facilitator only). */
  async history(before?: number, limit = 50): Promise<HistoryPage | null> {
    const ack = await this.ask('board:history', { before, limit });
    return ack?.ok && ack.data ? ack.data : null;
  }

  /** The event's webhooks, as the server last said them (facilitator only; never a secret). */
  get webhooks(): readonly WebhookInfo[] {
    return this.#webhooks;
  }

  /** Keeps the webhooks an answer named (a list, a removal). */
  noteWebhooks(webhooks: readonly WebhookInfo[]): void {
    this.#webhooks = webhooks;
  }

  /**
   * A question of the facilitator's (shared/queries.ts), answered in its ack: null when this
   * screen is not the facilitator's, is offline, or heard no answer within `patienceMs`.
   */
  async ask<N extends FacilitatorQuery>(name: N, payload: QueryPayload<N>, patienceMs = 8000): Promise<Ack<QueryData[N]> | null> {
    const socket = this.#socket;
    if (!socket?.connected || !this.#isFacilitator) return null;
    try {
      // One question of several: the socket's types see each name alone, so its answer is said here.
      const timed = socket.timeout(patienceMs) as unknown as { emitWithAck(name: N, payload: QueryPayload<N>): Promise<Ack<QueryData[N]>> };
      return await timed.emitWithAck(name, payload);
    } catch {
      return null;
    }
  }

  /** The server's clock now, as well as this device can tell. */
  serverNow(): number {
    return Date.now() + this.#clockOffset;
  }

  connect(): void {
    if (this.#socket) return;
    const socket = this.#openSocket(
      () => ({
        event: this.slug,
        key: this.#key,
        device: deviceId(),
        // Only a board this page got from the server can be caught up (a cached one may be from
        // another database): the server then sends just the changes missed.
        ...(this.#fromServer ? { version: this.#version } : {}),
      }),
      { eager: this.#heartbeat },
    );
    this.#socket = socket;
    // The plan over plain HTTP, in parallel with the socket's handshake: on a crowded wifi it is
    // on screen before the socket is up.
    if (!this.#fromServer) void this.#fetchBoard();
    if (this.#heartbeat) this.#heartbeatTimer = setInterval(() => void this.#checkLine(), HEARTBEAT_EVERY_MS);
    socket.on('connect', () => {
      this.#connection = 'live';
      this.#offlineSince = null;
      this.#damaged = false;
      this.#isFacilitator = this.#key !== undefined;
      if (this.#offlineWhenSilent) this.#heardFromServer(socket);
    });
    // Any event counts as a sign of life, the keep-alive ticks as well as changes of the plan.
    if (this.#offlineWhenSilent) socket.onAny(() => this.#heardFromServer(socket));
    socket.on('disconnect', (reason) => {
      clearTimeout(this.#silenceTimer);
      this.#goOffline();
      // The server hung up on purpose (e.g. a restart): Socket.IO leaves reconnecting to us.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error: Error & { data?: { code?: ConnectRefusal; reason?: ConnectRefusalReason } }) => {
      const code = error.data?.code;
      // Repaired only by hand (and a restart): said at once, and asked again later all the same.
      if (code === 'internal') this.#damaged = error.data?.reason === 'damaged';
      if (code === 'rate_limited' || code === 'internal') {
        // Too many phones behind this address right now, or the server cannot read its data for
        // a moment: try again a little later, not all at once.
        this.#goOffline();
        this.#retryTimer = setTimeout(() => socket.connect(), 10_000 + Math.random() * 20_000);
      } else if (code) {
        // Refused by the server (unknown event, wrong key): retrying cannot help.
        this.#refusal = code;
        this.#connection = 'refused';
        socket.disconnect();
      } else {
        this.#goOffline();
      }
    });
    // Sent on connect, unless the server caught this board up with the changes it missed.
    socket.on('board:snapshot', (snapshot) => this.#replace(snapshot, true));
    // A big board: the socket names its version, the board comes over HTTP (compressed once for all).
    socket.on('board:version', (current) => this.#toldVersion(current));
    socket.on('board:events', (broadcast) => this.#receive(broadcast));
    socket.on('limits:held', ({ networks }) => (this.#heldNetworks = networks));
    socket.on('webhook:status', ({ webhooks }) => (this.#webhooks = webhooks));
    socket.on('session:taps', ({ taps }) => this.#applyTaps(taps));
    socket.on('facilitator:revoked', () => {
      // The key was replaced on another screen: this one may only read from now on.
      this.#refusal = 'unauthorized';
      this.#connection = 'refused';
      this.#isFacilitator = false;
    });
  }

  /** The server named the board's version (instead of sending a big board): fetched unless this page has it. */
  #toldVersion({ version, serverTime }: BoardVersion): void {
    this.#clockOffset = serverTime - Date.now();
    if (this.#fromServer && this.#board && this.#version >= version) return;
    this.#wantedVersion = Math.max(this.#wantedVersion, version);
    void this.#fetchBoard();
  }

  /**
   * The board over HTTP. Until the server has spoken, whatever it answers wins (a cached board may
   * be from another database); after that only a board not older than this page's, or as new as
   * the version the socket named.
   */
  async #fetchBoard(): Promise<void> {
    if (this.#fetching) return;
    this.#fetching = true;
    const before = this.#version;
    let fetched: number | undefined;
    try {
      const response = await fetch(eventPaths.boardData(this.slug));
      if (!response.ok) return;
      const answer = (await response.json()) as BoardAnswer;
      const serverTime = Number(response.headers.get(SERVER_TIME_HEADER)) || Date.now() + this.#clockOffset;
      fetched = answer.version;
      if (answer.board && (!this.#fromServer || answer.version >= this.#version || answer.version >= this.#wantedVersion)) {
        this.#replace({ ...answer, serverTime }, true);
      }
    } catch {
      // Offline: the cached plan (if any) stays, and the socket keeps trying.
    } finally {
      this.#fetching = false;
    }
    // Named a newer version meanwhile: once more, as long as each answer brings a newer board.
    if (fetched !== undefined && fetched > before && this.#wantedVersion > this.#version) void this.#fetchBoard();
  }

  #pinging = false;
  /** One heartbeat: no answer in time means the line is dead; drop it so that Socket.IO reconnects. */
  async #checkLine(): Promise<void> {
    const socket = this.#socket;
    if (!socket?.connected || this.#pinging) return;
    this.#pinging = true;
    try {
      const ack = await socket.timeout(HEARTBEAT_PATIENCE_MS).emitWithAck('board:ping', {});
      if (ack.ok && ack.data) this.#clockOffset = ack.data.serverTime - Date.now();
    } catch {
      if (this.#socket === socket && socket.connected) {
        this.#goOffline();
        socket.io.engine?.close();
      }
    } finally {
      this.#pinging = false;
    }
  }

  /** The server spoke: the line counts as dead only after another SILENCE_LIMIT_MS without a word. */
  #heardFromServer(socket: BoardSocket): void {
    clearTimeout(this.#silenceTimer);
    this.#silenceTimer = setTimeout(() => this.#lineWentSilent(socket), SILENCE_LIMIT_MS);
  }

  /**
   * Nothing came for too long while Socket.IO still believes it is connected (its own ping would
   * take up to 45 s): say offline now and drop the line, as #checkLine does, so that it reconnects.
   */
  #lineWentSilent(socket: BoardSocket): void {
    if (this.#socket !== socket || !socket.connected) return;
    this.#goOffline();
    socket.io.engine?.close();
  }

  disconnect(): void {
    clearInterval(this.#heartbeatTimer);
    clearTimeout(this.#silenceTimer);
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#resyncTimer);
    this.#socket?.disconnect();
    this.#socket = null;
    clearTimeout(this.#flashTimer);
  }

  /** Moves sent and not answered yet: the board marks their cards as pending. */
  get pendingMoves(): ReadonlyMap<string, Cell | 'tray'> {
    return this.#pendingMoves;
  }

  /**
   * Sends a command; the board changes when the broadcast arrives, like on every screen. A command
   * that `moves` a session marks its card as pending until the ack.
   */
  async send<N extends CommandName>(
    name: N,
    payload: Omit<CommandPayload<N>, 'commandId'>,
    { moves: moved }: { moves?: { sessionId: string; to: Cell | 'tray' } } = {},
  ): Promise<SendResult<N>> {
    if (!this.#socket) return { ok: false, code: 'no_answer', message: 'Not connected.' };
    if (moved) this.#pendingMoves = new Map(this.#pendingMoves).set(moved.sessionId, moved.to);
    const ack = await sendCommand(this.#socket, name, payload, (response) => {
      if (response.ok) this.#ownVersions.add(response.version);
    }).finally(() => {
      if (!moved) return;
      const rest = new Map(this.#pendingMoves);
      rest.delete(moved.sessionId);
      this.#pendingMoves = rest;
    });
    if (!ack.ok) {
      // A refused command may have been decided on an outdated board: catch up.
      if (ack.error.code === 'not_found' || ack.error.code === 'cell_taken' || ack.error.code === 'conflict') {
        void this.resync();
      }
      return { ok: false, ...ack.error };
    }
    return { ok: true, version: ack.version, data: ack.data };
  }

  /**
   * Resolves once the board shows `version` (the ack of a command comes before its broadcast),
   * or after a while in any case, so that a lost broadcast cannot hang the caller.
   */
  whenVersion(version: number, timeoutMs = 3000): Promise<void> {
    if (this.#version >= version) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#versionWaiters.push({
        version,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  #wakeVersionWaiters(): void {
    const ready = this.#versionWaiters.filter((w) => w.version <= this.#version);
    this.#versionWaiters = this.#versionWaiters.filter((w) => w.version > this.#version);
    ready.forEach((w) => w.resolve());
  }

  /** The hands to show for a session (null: not counted): the last count asked for here, until the board has it. */
  interestOf(session: Session): number | null {
    return this.#pendingInterest.has(session.id) ? this.#pendingInterest.get(session.id)! : session.interest;
  }

  /**
   * This phone is interested in a session, or no longer is: counted once per device by the
   * server, which answers the session's count of taps. No change of the plan: no version.
   */
  async interested(sessionId: string, interested: boolean): Promise<{ ok: true } | Failed> {
    const socket = this.#socket;
    if (!socket?.connected) return { ok: false, code: 'no_answer' };
    try {
      const ack = await socket.timeout(8000).emitWithAck('session:interested', { sessionId, interested });
      if (!ack.ok) return { ok: false, code: ack.error.code };
      if (ack.data) this.#applyTaps(ack.data.taps);
      return { ok: true };
    } catch {
      return { ok: false, code: 'no_answer' };
    }
  }

  /** New counts of the phones' taps: the board's sessions carry them, without a new version. */
  #applyTaps(taps: Record<string, number>): void {
    const board = this.#board;
    if (!board) return;
    let changed = false;
    const sessions = board.sessions.map((session) => {
      const count = taps[session.id];
      if (count === undefined || count === session.taps) return session;
      changed = true;
      return { ...session, taps: count };
    });
    if (!changed) return;
    this.#board = { ...board, sessions };
    this.#save();
  }

  /**
   * Sets the interest count. Taps faster than the round trip build on each other, because the
   * next +1 starts from the count asked for, not from the board's older one.
   */
  async setInterest(sessionId: string, interest: number | null): Promise<SendResult<'session:interest'>> {
    this.#pendingInterest = new Map(this.#pendingInterest).set(sessionId, interest);
    this.#interestInFlight.set(sessionId, (this.#interestInFlight.get(sessionId) ?? 0) + 1);
    const result = await this.send('session:interest', { sessionId, interest });
    if (result.ok) await this.whenVersion(result.version);
    const left = (this.#interestInFlight.get(sessionId) ?? 1) - 1;
    this.#interestInFlight.set(sessionId, left);
    if (left === 0) {
      const next = new Map(this.#pendingInterest);
      next.delete(sessionId);
      this.#pendingInterest = next;
    }
    return result;
  }

  /** The facilitator key was replaced from this screen: it reconnects with the new one, where the old one is refused. */
  keyReplaced(key: string): void {
    if (this.#socket) (this.#socket.auth as { key?: string }).key = key;
  }

  async resync(): Promise<void> {
    const socket = this.#socket;
    if (!socket?.connected) return;
    try {
      const ack = await socket.timeout(8000).emitWithAck('board:sync', {});
      if (ack.ok && ack.data) {
        if ('board' in ack.data) this.#replace(ack.data, false);
        else this.#toldVersion(ack.data);
      }
      // Asked too often (the server sends a whole board once per 5 s to a phone): the board
      // stays behind until asked again, a little later.
      else if (!ack.ok && ack.error.code === 'rate_limited') {
        clearTimeout(this.#resyncTimer);
        this.#resyncTimer = setTimeout(() => void this.resync(), RESYNC_AGAIN_MS + Math.random() * 3000);
      }
    } catch {
      // No answer: the next reconnect brings a snapshot anyway.
    }
  }

  #goOffline(): void {
    if (this.#connection === 'refused') return;
    if (this.#connection !== 'offline') this.#offlineSince = this.#connection === 'connecting' && this.#lastLive ? this.#lastLive : new Date();
    this.#connection = 'offline';
  }

  /** A snapshot sent on connect always wins (the cached board may be from another database). */
  #replace(snapshot: Snapshot, authoritative: boolean): void {
    if (!authoritative && snapshot.version < this.#version && this.#board) return;
    this.#clockOffset = snapshot.serverTime - Date.now();
    this.#board = snapshot.board;
    this.#version = snapshot.version;
    this.#fromServer = true;
    this.#undo = snapshot.undo;
    this.#wakeVersionWaiters();
    this.#save();
  }

  #receive(broadcast: EventsBroadcast): void {
    const board = this.#board;
    if (!board || broadcast.version <= this.#version) return;
    if (broadcast.version !== this.#version + 1) {
      // A gap: some change never reached us. Never guess; fetch the whole board.
      void this.resync();
      return;
    }
    this.#clockOffset = broadcast.serverTime - Date.now();
    const ownChange = this.#ownVersions.delete(broadcast.version);
    let next = board;
    const cells = new Set<string>();
    const sessions = new Set<string>();
    for (const event of broadcast.events) {
      const touched = touchedBy(next, event);
      touched.cells.forEach((cell) => cells.add(cellKey(cell)));
      touched.sessions.forEach((id) => sessions.add(id));
      next = apply(next, event);
    }
    this.#board = next;
    this.#version = broadcast.version;
    if (broadcast.undo) this.#undo = broadcast.undo;
    if (broadcast.taps) this.#applyTaps(broadcast.taps);
    this.#wakeVersionWaiters();
    this.#save();
    if (!ownChange) this.#flash(cells, sessions);
  }

  #flash(cells: Set<string>, sessions: Set<string>): void {
    this.#recentCells = new Set([...this.#recentCells, ...cells]);
    this.#recentSessions = new Set([...this.#recentSessions, ...sessions]);
    clearTimeout(this.#flashTimer);
    this.#flashTimer = setTimeout(() => {
      this.#recentCells = new Set();
      this.#recentSessions = new Set();
    }, this.#flashMs);
  }
}
