// The only writer. Every change to any event goes through `CommandWriter.execute`:
// validate → lock the event → catch up → authorize → decide → one transaction → commit → deliver
// (the caller acks, then broadcasts), one command of an event at a time.
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { normalTexts } from '../shared/fields.ts';
import { typeboxRefusal } from './schema-refusal.ts';
import { applyAll } from '../shared/apply.ts';
import { findSession, type Board } from '../shared/board.ts';
import { frameFaults } from '../shared/frame-check.ts';
import { COMMANDS, entryOf, isCommandName, SECRET_COMMAND_ID, type Command, type CommandName } from '../shared/commands.ts';
import type { CommandEntry } from '../shared/commands/entry.ts';
import { decide, type Actor } from '../shared/decide.ts';
import { QUERIES, type QueryData, type QueryName, type QueryPayload } from '../shared/queries.ts';
import { invert, recordStep, undoStateOf, type UndoStacks } from '../shared/undo.ts';
import type { DomainEvent } from '../shared/events.ts';
import { commandError, type CommandError } from '../shared/errors.ts';
import type { Ack, BoardVersion, EventsBroadcast, HistoryEntry, HistoryPage, Snapshot } from '../shared/protocol.ts';
import { Mutex } from 'async-mutex';
import { parseStored, type EventTransaction, type LoggedChange, type Store, type TapRecord } from '../db/store.ts';
import { suggestCells } from '../shared/suggest.ts';
import { boardWarnings, type Warning } from '../shared/warnings.ts';
import { hashSecret, issuedSecret, secretMatches, type SecretFor } from './auth.ts';
import { newId } from './ids.ts';

/** A phone's "Interested" for a session, checked and ready to be recorded; its device as counted, one per phone (see realtime.ts). */
export type Tap = TapRecord;

/** Who is connected, as established at the handshake. */
export interface Principal {
  eventId: number;
  isFacilitator: boolean;
  /**
   * The device the handshake named (its id, hashed; none without one): a retry of a command that
   * handed out a secret gets the secret again only from the device that sent it first.
   */
  deviceHash?: string;
}

export interface Outcome {
  ack: Ack;
  /** Present when the board changed: send it to everyone in the event after the ack. */
  broadcast?: EventsBroadcast;
  /** The hash of a new facilitator key the change made: screens opened with another are let go. */
  keyHash?: string;
  /** Present when the board changed: the board before and after, for what follows a change beside the writer (pushes). */
  boards?: { before: Board; after: Board };
}

const compiled = <N extends string>(registry: Record<N, { schema: TSchema }>) =>
  Object.fromEntries(Object.entries<{ schema: TSchema }>(registry).map(([name, { schema }]) => [name, TypeCompiler.Compile(schema)])) as Record<
    N,
    TypeCheck<TSchema>
  >;
const checkers = compiled<CommandName>(COMMANDS);
const queryCheckers = compiled<QueryName>(QUERIES);

/**
 * A query's payload checked against its schema (shared/queries.ts): the payload, typed, or why
 * not. The same check as a command's, without the texts' normalising (a query stores nothing).
 */
export function checkQuery<N extends QueryName>(name: N, payload: unknown): { payload: QueryPayload<N> } | Ack<never> {
  const checker = queryCheckers[name];
  return checker.Check(payload) ? { payload: payload as QueryPayload<N> } : { ok: false, error: typeboxRefusal(checker, payload) };
}

/** An event in use, as the writer keeps it between commands. */
interface LiveEvent {
  version: number;
  board: Board;
  undo: UndoStacks;
  /** Worked out at most once per version: 2,000 phones coming back at once ask the same. */
  memo: VersionMemo;
  /**
   * What takes back the facilitator's changes this process has seen (undo and redo replay them),
   * by version: the log rows never change, so what is known once is known for good.
   */
  inverses: Map<number, readonly DomainEvent[]>;
  /** The newest change of the log, as far as known: a change may continue it (see CommandEntry.continues). */
  last?: LoggedChange;
}

interface VersionMemo {
  /** The board as JSON, made once per version for every screen that connects or asks. */
  boardJson?: string;
  /** What a client at version `since` missed (undefined: a snapshot is better), without serverTime. */
  catchUps: Map<number, Array<Omit<EventsBroadcast, 'serverTime'>> | undefined>;
  /** Every clash on the plan, for the screens that ask. */
  warnings?: Warning[];
}

const newMemo = (): VersionMemo => ({ catchUps: new Map() });

const refuse = (error: CommandError): Outcome => ({ ack: { ok: false, error } });

/** A change written in its transaction, not yet committed: what the live event and the ack need once it is. */
interface Written {
  change: LoggedChange;
  /** The board the change was decided on, and the board after it. */
  decidedOn: Board;
  after: Board;
  data: unknown;
  keyHash: string | undefined;
  serverTime: number;
}

/**
 * The most board a socket is sent at once (JSON characters): a bigger board reaches a screen over
 * HTTP, compressed once for all (GET /api/events/:slug/board), and the socket only tells its
 * version. The socket compresses nothing (ws would keep a zlib context of ~300 KB per phone), so
 * what crosses the venue's wifi raw stays small, and what a connection may hold unsent is bounded
 * whatever the client accepts.
 */
export const MAX_SOCKET_BOARD_BYTES = 16 * 1024;

/** A reconnecting client that missed more changes than this gets a snapshot without reading the log. */
export const MAX_CATCH_UP = 200;
/** How many different catch-up answers one version keeps at hand. */
const MAX_MEMO_CATCH_UPS = 16;

/** Who a change is by in the log: whoever is handed a giver token (submits a session) is its giver, also in the history. */
function loggedActor(entry: CommandEntry, actor: Actor): Actor['role'] {
  return entry.issues === 'giver token' && actor.role === 'public' ? 'giver' : actor.role;
}

/** The refusal of a command that hands out a secret under a commandId anyone could send as well. */
const guessableCommandId = commandError(
  'invalid',
  'guessable_command_id',
  'Invalid commandId: a command that hands out a secret needs a commandId of 16 to 100 letters, digits, "_" or "-", made at random for it.',
  { field: 'commandId' },
);
const noSuchSession = commandError('not_found', 'no_such', 'There is no such session.', { field: 'sessionId' });

/** A board decided on before taps came in, with the phones' counts of `now` (taps make no version). */
function withTapsOf(board: Board, now: Board): Board {
  const taps = new Map(now.sessions.map((session) => [session.id, session.taps]));
  const sessions = board.sessions.map((session) => {
    const counted = taps.get(session.id);
    return counted === undefined || counted === session.taps ? session : { ...session, taps: counted };
  });
  return { ...board, sessions };
}

/** A change another process committed, as this process's screens are to hear it. */
export type HeardChange = (eventId: number, broadcast: EventsBroadcast, change: LoggedChange) => void;

const tapsOf = (board: Board): Record<string, number> => Object.fromEntries(board.sessions.map((session) => [session.id, session.taps]));

export class CommandWriter {
  readonly #store: Store;
  readonly #clock: () => Date;
  /**
   * Every event in use: its board, kept equal to the state tables by applying committed events,
   * and the facilitator's undo stacks, moved on with each committed change. Both are read from
   * the database once, so no command has to scan the log; a change another process committed is
   * applied from its log row when this process next locks the event.
   */
  readonly #events = new Map<number, LiveEvent>();
  /** Events being read from the database: whoever asks meanwhile waits for the same read. */
  readonly #loading = new Map<number, Promise<LiveEvent>>();
  /** One command of an event at a time in this process: the next one starts from the board the last one left. */
  readonly #turns = new Map<number, Mutex>();
  /** Who is told of the changes other processes committed (see hearOthers). */
  #heard: HeardChange = () => {};

  constructor(store: Store, clock: () => Date = () => new Date()) {
    this.#store = store;
    this.#clock = clock;
  }

  async snapshot(eventId: number): Promise<Snapshot> {
    return this.#snapshotOf(await this.#current(eventId));
  }

  #snapshotOf({ version, board, undo }: LiveEvent): Snapshot {
    return { version, board, serverTime: this.#clock().getTime(), undo: undoStateOf(undo) };
  }

  /**
   * What GET …/board answers: `{ version, board, undo }` as JSON text, without the clock (sent
   * in a header), so that the same bytes serve every screen asking for this version. `edition`
   * is new with every version and every change of the phones' counts, which make no version.
   */
  async boardAnswer(eventId: number): Promise<{ version: number; edition: object; json: () => string }> {
    const current = await this.#current(eventId);
    const rest = JSON.stringify({ version: current.version, undo: undoStateOf(current.undo) });
    return { version: current.version, edition: current.memo, json: () => `${rest.slice(0, -1)},"board":${this.#boardJson(current)}}` };
  }

  #boardJson(current: LiveEvent): string {
    current.memo.boardJson ??= JSON.stringify(current.board);
    return current.memo.boardJson;
  }

  /** The event's version now. */
  async version(eventId: number): Promise<number> {
    return (await this.#current(eventId)).version;
  }

  /**
   * Changes other processes committed (found in the log when this process locks the event, or
   * follows it) are told to `heard`, in the order of their versions and before any later change
   * of this process: its screens hear every version once.
   */
  hearOthers(heard: HeardChange): void {
    this.#heard = heard;
  }

  /** The events whose boards this process holds: those it follows while other processes write. */
  heldEvents(): number[] {
    return [...this.#events.keys()];
  }

  /**
   * Catches a held event up with the log, when another process says it is at `version` (or to be
   * sure, without one): what it committed meanwhile is applied and heard, in order. A version
   * this process has already is nothing to do; a notice that never came is made up for by the next.
   */
  async follow(eventId: number, version?: number): Promise<void> {
    const behind = () => {
      const held = this.#events.get(eventId);
      return held && (version === undefined || held.version < version) ? held : undefined;
    };
    if (!behind()) return;
    await this.inTurn(eventId, async () => {
      const held = behind();
      if (held) this.#hear(eventId, held, await this.#store.changesAfter(eventId, held.version));
    });
  }

  /**
   * The phones' counts of a held event as the database has them (another process recorded taps):
   * the sessions whose count this process had otherwise, with their count now.
   */
  async followTaps(eventId: number): Promise<Map<string, number>> {
    if (!this.#events.has(eventId)) return new Map();
    const counted = await this.#store.tapCounts(eventId);
    return this.#setTaps(eventId, counted);
  }

  /** Sets the held board's counts to `counted` (a session missing there has none); the ones that changed. */
  #setTaps(eventId: number, counted: ReadonlyMap<string, number>): Map<string, number> {
    const current = this.#events.get(eventId);
    const changed = new Map<string, number>();
    if (!current) return changed;
    const sessions = current.board.sessions.map((session) => {
      const taps = counted.get(session.id) ?? 0;
      if (taps === session.taps) return session;
      changed.set(session.id, taps);
      return { ...session, taps };
    });
    if (changed.size > 0) {
      current.board = { ...current.board, sessions };
      // Same version, new counts: the board's text and the warnings are made again when asked.
      current.memo = { ...newMemo(), catchUps: current.memo.catchUps };
    }
    return changed;
  }

  /** Lets go of what is kept for an event (it was deleted). */
  forget(eventId: number): void {
    this.#events.delete(eventId);
    this.#turns.delete(eventId);
  }

  /** What a snapshot of the event weighs: the board's JSON length, known once per version. */
  async boardWeight(eventId: number): Promise<number> {
    return this.#boardJson(await this.#current(eventId)).length;
  }

  #current(eventId: number): Promise<LiveEvent> {
    const current = this.#events.get(eventId);
    if (current) return Promise.resolve(current);
    let loading = this.#loading.get(eventId);
    if (!loading) {
      loading = this.#load(eventId).finally(() => this.#loading.delete(eventId));
      this.#loading.set(eventId, loading);
    }
    return loading;
  }

  async #load(eventId: number): Promise<LiveEvent> {
    const [steps, stored] = await Promise.all([this.#store.undoSteps(eventId), this.#store.loadBoard(eventId)]);
    // A command that went first meanwhile has put the event here already, newer than this read.
    const meanwhile = this.#events.get(eventId);
    if (meanwhile) return meanwhile;
    const undo: UndoStacks = { undoable: [], redoable: [] };
    for (const step of steps) recordStep(undo, step);
    const current: LiveEvent = { ...stored, undo, memo: newMemo(), inverses: new Map() };
    this.#events.set(eventId, current);
    return current;
  }

  /**
   * Runs `work` while no command of the event is decided or delivered in this process: a screen
   * that is sent the board and joins the event's room inside it misses no change and hears none twice.
   */
  inTurn<T>(eventId: number, work: () => Promise<T>): Promise<T> {
    return this.#turnOf(eventId).runExclusive(work);
  }

  #turnOf(eventId: number): Mutex {
    let turn = this.#turns.get(eventId);
    if (!turn) this.#turns.set(eventId, (turn = new Mutex()));
    return turn;
  }

  /** The board as a screen gets it: the whole board, or for a big one only its version (it is fetched over HTTP). */
  async sync(principal: Principal): Promise<Ack<Snapshot | BoardVersion>> {
    const current = await this.#current(principal.eventId);
    return { ok: true, version: current.version, data: this.#fetchedOverHttp(current) ? this.#boardVersionOf(current) : this.#snapshotOf(current) };
  }

  /** What a screen that has no board is sent first: the board, or (too big for a socket) its version. */
  async firstBoard(eventId: number): Promise<{ snapshot: Snapshot } | { version: BoardVersion }> {
    const current = await this.#current(eventId);
    return this.#fetchedOverHttp(current) ? { version: this.#boardVersionOf(current) } : { snapshot: this.#snapshotOf(current) };
  }

  /** Whether the event's board is too big for a socket: screens are told its version and fetch it. */
  #fetchedOverHttp(current: LiveEvent): boolean {
    return this.#boardJson(current).length > MAX_SOCKET_BOARD_BYTES;
  }

  #boardVersionOf(current: LiveEvent): BoardVersion {
    return { version: current.version, serverTime: this.#clock().getTime() };
  }

  /**
   * What a client that has `since` missed, as the broadcasts it would have received — or
   * undefined when a snapshot is the better answer: too many changes, changes that weigh more
   * than the board itself, or a version this server never had.
   */
  async catchUp(eventId: number, since: number): Promise<EventsBroadcast[] | undefined> {
    const current = await this.#current(eventId);
    const missed = current.version - since;
    if (!Number.isInteger(since) || since < 0 || missed < 0 || missed > MAX_CATCH_UP) return undefined;
    if (missed === 0) return [];
    let memo = current.memo;
    if (!memo.catchUps.has(since)) {
      const answer = await this.#missedChanges(eventId, current, since);
      // The event moved on while the log was read: that answer belongs to the version it was read for.
      if (current.memo !== memo || current.version - since !== missed) return this.catchUp(eventId, since);
      // A storm asks for a handful of versions; a client cycling through many must not fill memory.
      if (memo.catchUps.size >= MAX_MEMO_CATCH_UPS) memo.catchUps.clear();
      memo.catchUps.set(since, answer);
    }
    memo = current.memo;
    const serverTime = this.#clock().getTime();
    return memo.catchUps.get(since)?.map((broadcast) => ({ ...broadcast, serverTime }));
  }

  async #missedChanges(eventId: number, current: LiveEvent, since: number): Promise<Array<Omit<EventsBroadcast, 'serverTime'>> | undefined> {
    const missed = current.version - since;
    const weight = this.#boardJson(current).length;
    const undo = undoStateOf(current.undo);
    const rows = await this.#store.changesSince(eventId, since, missed);
    // More than a socket is sent at once (see MAX_SOCKET_BOARD_BYTES): the board over HTTP is lighter.
    const limit = Math.min(weight, MAX_SOCKET_BOARD_BYTES);
    if (rows.length !== missed || rows.reduce((size, row) => size + row.events.length, 0) > limit) return undefined;
    const broadcasts = rows.map((row): Omit<EventsBroadcast, 'serverTime'> => ({
      version: row.version,
      events: parseStored<DomainEvent[]>(row.events, eventId, 'event_log.events'),
    }));
    // The undo state of now belongs with the last of them.
    broadcasts[broadcasts.length - 1]!.undo = undo;
    return broadcasts;
  }

  /** `board:ping`: a heartbeat; answers the version and the server's clock, changes nothing. */
  async ping(principal: Principal): Promise<Ack<QueryData['board:ping']>> {
    return { ok: true, version: await this.version(principal.eventId), data: { serverTime: this.#clock().getTime() } };
  }

  /** `session:suggest`: where a session could go, best first. Anyone may ask; nothing changes. */
  async suggest(principal: Principal, payload: QueryPayload<'session:suggest'>): Promise<Ack<QueryData['session:suggest']>> {
    const { version, board } = await this.#current(principal.eventId);
    const session = findSession(board, payload.sessionId);
    if (!session) return { ok: false, error: noSuchSession };
    if (session.status !== 'pitched') return { ok: false, error: commandError('invalid', 'withdrawn', 'A withdrawn session has no place on the plan.') };
    return { ok: true, version, data: { suggestions: suggestCells(board, session.id, 3, this.#clock().getTime()) } };
  }

  /** `board:warnings`: every clash on the plan at once, worked out once per version. */
  async warnings(principal: Principal): Promise<Ack<QueryData['board:warnings']>> {
    const current = await this.#current(principal.eventId);
    current.memo.warnings ??= boardWarnings(current.board);
    return { ok: true, version: current.version, data: { warnings: current.memo.warnings } };
  }

  /**
   * `session:interested`, checked against the board: the tap to record, or why not. `device` is
   * the phone's as counted (see realtime's SocketData.tapDevice).
   */
  async checkTap(principal: Principal, device: string, payload: QueryPayload<'session:interested'>): Promise<Tap | Ack> {
    const session = findSession((await this.#current(principal.eventId)).board, payload.sessionId);
    if (!session) return { ok: false, error: noSuchSession };
    if (session.status !== 'pitched') return { ok: false, error: commandError('invalid', 'withdrawn', 'A withdrawn session takes no interest.') };
    return { eventId: principal.eventId, sessionId: session.id, device, interested: payload.interested };
  }

  /**
   * Records taps in one transaction, then counts them on the live boards: no version, no log, no
   * undo (a tap is no change of the plan). The counts after it, per event, of the sessions tapped.
   */
  async recordTaps(taps: readonly Tap[]): Promise<Map<number, Map<string, number>>> {
    // Read before the taps are written: a board read after would count them twice.
    for (const eventId of new Set(taps.map((tap) => tap.eventId))) await this.#current(eventId);
    const changed = await this.#store.recordTaps(taps);
    // Other processes record taps too: the counts are the database's, not this process's sums.
    if (this.#store.shared) return this.#countsFromStore(taps);
    const deltas = new Map<number, Map<string, number>>();
    taps.forEach((tap, index) => {
      const inEvent = deltas.get(tap.eventId) ?? new Map<string, number>();
      inEvent.set(tap.sessionId, (inEvent.get(tap.sessionId) ?? 0) + (changed[index] ? (tap.interested ? 1 : -1) : 0));
      deltas.set(tap.eventId, inEvent);
    });
    const counts = new Map<number, Map<string, number>>();
    for (const [eventId, inEvent] of deltas) {
      const current = await this.#current(eventId);
      const sessions = current.board.sessions.map((session) => {
        const delta = inEvent.get(session.id);
        return delta ? { ...session, taps: session.taps + delta } : session;
      });
      if (sessions.some((session, index) => session !== current.board.sessions[index])) {
        current.board = { ...current.board, sessions };
        // Same version, new counts: the board's text and the warnings are made again when asked.
        current.memo = { ...newMemo(), catchUps: current.memo.catchUps };
      }
      counts.set(eventId, new Map([...inEvent.keys()].map((id) => [id, findSession(current.board, id)?.taps ?? 0])));
    }
    return counts;
  }

  /**
   * The slug and every session's taps of an event this process holds now, without waiting: for
   * telling its screens (which it holds, as they were sent its board). Undefined for one it does not hold.
   */
  held(eventId: number): { slug: string; taps: () => Record<string, number> } | undefined {
    const current = this.#events.get(eventId);
    if (!current) return undefined;
    return { slug: current.board.event.slug, taps: () => tapsOf(current.board) };
  }

  async #countsFromStore(taps: readonly Tap[]): Promise<Map<number, Map<string, number>>> {
    const counts = new Map<number, Map<string, number>>();
    for (const eventId of new Set(taps.map((tap) => tap.eventId))) {
      const counted = await this.#store.tapCounts(eventId);
      this.#setTaps(eventId, counted);
      const tapped = new Set(taps.filter((tap) => tap.eventId === eventId).map((tap) => tap.sessionId));
      counts.set(eventId, new Map([...tapped].map((sessionId) => [sessionId, counted.get(sessionId) ?? 0])));
    }
    return counts;
  }

  /** Every session's taps now: for a screen that caught up by the changes it missed, which carry none. */
  async tapsOf(eventId: number): Promise<Record<string, number>> {
    return tapsOf((await this.#current(eventId)).board);
  }

  /** `board:history`: the facilitator's view of every change, newest first. */
  async history(principal: Principal, payload: QueryPayload<'board:history'>): Promise<Ack<HistoryPage>> {
    const { version, undo } = await this.#current(principal.eventId);
    const undoState = undoStateOf(undo);
    const limit = payload.limit ?? 50;
    const rows = await this.#store.history(principal.eventId, payload.before ?? version + 1, limit + 1);
    const entries: HistoryEntry[] = rows.slice(0, limit).map((row) => ({
      version: row.version,
      at: row.at,
      actor: row.actor as HistoryEntry['actor'],
      command: row.command,
      events: row.events,
      inverse: row.inverse,
      undoOf: row.undoOf,
      redoOf: row.redoOf,
    }));
    return { ok: true, version, data: { entries, more: rows.length > limit, ...undoState } };
  }

  /**
   * Runs one command. `deliver` is called with the outcome as soon as it is known (after the
   * commit, for a change) and before the event's next command is decided, so that the ack and
   * the broadcast go out in the order of the versions.
   */
  async execute(principal: Principal, name: string, sent: unknown, deliver: (outcome: Outcome) => void = () => {}): Promise<Outcome> {
    const refused = (error: CommandError) => {
      const outcome = refuse(error);
      deliver(outcome);
      return outcome;
    };
    if (!isCommandName(name)) return refused(commandError('invalid', 'unknown_command', `Unknown command "${name}".`));
    const payload = normalTexts(sent);
    const checker = checkers[name];
    if (!checker.Check(payload)) return refused(typeboxRefusal(checker, payload));
    const command = { type: name, payload } as Command;
    const entry = entryOf(name);
    const commandId = command.payload.commandId;
    if (entry.issues && commandId !== undefined && !SECRET_COMMAND_ID.test(commandId)) return refused(guessableCommandId);

    const { eventId } = principal;
    const current = await this.#current(eventId);
    return this.#turnOf(eventId).runExclusive(async () => {
      const decided = await this.#store.eventTransaction(eventId, (tx) => this.#decideLocked(tx, principal, current, entry, command));
      if ('ack' in decided) {
        deliver(decided);
        return decided;
      }
      // Committed: only now do the in-memory board and undo stacks move on.
      const outcome = this.#committed(current, decided);
      deliver(outcome);
      return outcome;
    });
  }

  /** Under the event's lock: catches up, authorizes, decides and writes; a refusal or an answer, or what was written. */
  async #decideLocked(tx: EventTransaction, principal: Principal, current: LiveEvent, entry: CommandEntry, command: Command): Promise<Outcome | Written> {
    const { eventId } = principal;
    await this.#catchUpLocked(tx, eventId, current);
    const actor = await this.#actorFor(tx, principal, current.board, command);
    if ('code' in actor) return refuse(actor);

    const commandId = command.payload.commandId;
    // The log keeps the id's hash: the id is what a handed-out secret is derived from.
    const loggedId = commandId === undefined ? null : hashSecret(commandId);
    if (loggedId !== null) {
      const logged = await tx.findLoggedCommand(loggedId);
      if (logged) {
        if (logged.command !== command.type)
          return refuse(commandError('invalid', 'command_id_reused', 'This commandId was used for another command.', { field: 'commandId' }));
        // Only the same kind of sender may replay a command: a retry can hand out a new secret.
        if (logged.actor !== loggedActor(entry, actor))
          return refuse(commandError('forbidden', 'not_your_command', 'This is not your command to repeat.', { field: 'commandId' }));
        // Whoever learned someone's commandId (it travels in the payload) gets the same ack, but
        // the secret only comes back to the device that sent the command.
        const sameDevice = principal.deviceHash !== undefined && logged.device === principal.deviceHash;
        return { ack: this.#answerRetry(eventId, entry, commandId, logged.version, logged.result, sameDevice) };
      }
    }

    const now = this.#clock();
    if (actor.role === 'facilitator') await this.#knowInverses(tx, current);
    const log = { stacks: current.undo, inverseOf: (version: number) => current.inverses.get(version) ?? [] };
    const decision = decide(current.board, command, actor, { newId, now: now.getTime(), log });
    if (!decision.ok) return refuse(decision.error);
    // Nothing to change (a drop onto the cell the session is already in, a preview): no version bump.
    if (decision.events.length === 0) return { ack: { ok: true, version: current.version, data: decision.data } };

    const after = applyAll(current.board, decision.events);
    const broken = this.#breaks(current.board, after, now);
    if (broken) return refuse(broken);

    const version = current.version + 1;
    const undoOf = decision.replays && 'undoOf' in decision.replays ? decision.replays.undoOf : null;
    const redoOf = decision.replays && 'redoOf' in decision.replays ? decision.replays.redoOf : null;
    // What takes this change back, recorded now while the board before it is at hand (an undo's
    // is what redo replays). A change that continues the one before is one step with it: what
    // takes that back takes both back.
    const undoable = actor.role === 'facilitator' && (entry.undoable || decision.replays !== undefined);
    const amends = undoable ? await this.#continued(tx, current, entry, command.payload, now.getTime()) : null;
    const inverse: DomainEvent[] | null = amends ? amends.inverse : undoable ? invert(current.board, decision.events) : null;
    const madeFor = decision.data && 'sessionId' in decision.data ? decision.data.sessionId : undefined;
    const token = entry.issues === 'giver token' && madeFor ? this.#secret({ kind: 'giver token', eventId, subject: madeFor, commandId }) : undefined;
    const facilitatorKey = entry.issues === 'facilitator key' ? this.#secret({ kind: 'facilitator key', eventId, commandId }) : undefined;
    const keyHash = facilitatorKey && hashSecret(facilitatorKey);
    await tx.writeChange(current.board, after);
    if (keyHash) await tx.setFacilitatorKeyHash(keyHash);
    if (token && madeFor) await tx.setGiverTokenHash(madeFor, hashSecret(token));
    // The log keeps the ack data without the token: secrets never go into it.
    const change: LoggedChange = {
      version,
      at: now.toISOString(),
      actor: loggedActor(entry, actor),
      command: command.type,
      events: decision.events,
      inverse,
      undoOf,
      redoOf,
      amends: amends?.version ?? null,
    };
    await tx.appendLog(version, { ...change, commandId: loggedId, result: decision.data, device: principal.deviceHash ?? null }, change.at);
    const data = facilitatorKey ? { key: facilitatorKey } : token && decision.data ? { ...decision.data, token } : decision.data;
    return { change, decidedOn: current.board, after, data, keyHash, serverTime: now.getTime() };
  }

  /** Moves the live event on by a change that committed (this process's or, caught up, another's). */
  #advance(current: LiveEvent, change: LoggedChange, after: Board): void {
    current.version = change.version;
    current.board = after;
    current.memo = newMemo();
    current.last = change;
    if (change.inverse) current.inverses.set(change.version, change.inverse);
    if (change.actor === 'facilitator') {
      recordStep(current.undo, {
        version: change.version,
        undoOf: change.undoOf,
        redoOf: change.redoOf,
        amends: change.amends,
        undoable: change.inverse !== null,
      });
    }
  }

  #committed(current: LiveEvent, written: Written): Outcome {
    const before = current.board;
    const { change } = written;
    // Taps recorded while the transaction ran make no version: the board keeps their counts.
    const after = before === written.decidedOn ? written.after : withTapsOf(written.after, before);
    this.#advance(current, change, after);
    return {
      ack: { ok: true, version: change.version, data: written.data },
      broadcast: { version: change.version, events: change.events, serverTime: written.serverTime, undo: undoStateOf(current.undo) },
      keyHash: written.keyHash,
      boards: { before, after },
    };
  }

  /** Under the event's lock: applies what other processes committed since this process last saw the event. */
  async #catchUpLocked(tx: EventTransaction, eventId: number, current: LiveEvent): Promise<void> {
    if (tx.version === current.version) return;
    this.#hear(eventId, current, await tx.changesSince(current.version));
  }

  /** Applies changes another process committed, in order, and tells each to `heard`. */
  #hear(eventId: number, current: LiveEvent, changes: readonly LoggedChange[]): void {
    for (const change of changes) {
      if (change.version !== current.version + 1) continue;
      this.#advance(current, change, applyAll(current.board, change.events));
      this.#heard(eventId, { version: change.version, events: change.events, serverTime: this.#clock().getTime(), undo: undoStateOf(current.undo) }, change);
    }
  }

  /** What undo and redo may replay now (the tops of their stacks), read from the log where not known yet. */
  async #knowInverses(tx: EventTransaction, current: LiveEvent): Promise<void> {
    for (const version of [current.undo.undoable.at(-1), current.undo.redoable.at(-1)]) {
      if (version === undefined || current.inverses.has(version)) continue;
      const inverse = (await tx.change(version))?.inverse;
      if (inverse) current.inverses.set(version, inverse);
    }
  }

  /** The change a facilitator's change continues as one step (see CommandEntry.continues), with what takes it back. */
  async #continued(
    tx: EventTransaction,
    current: LiveEvent,
    entry: CommandEntry,
    payload: unknown,
    now: number,
  ): Promise<{ version: number; inverse: DomainEvent[] | null } | null> {
    if (!entry.continues) return null;
    // The log's last row is the one continued: nothing else may have come in between (an undo of it is a row too).
    const previous = current.last?.version === current.version ? current.last : await tx.change(current.version);
    if (!previous || previous.actor !== 'facilitator' || entryOf(previous.command as CommandName) !== entry) return null;
    if (!entry.continues(previous, current.board, payload, now)) return null;
    return { version: previous.version, inverse: previous.inverse };
  }

  /**
   * What a change would break in the event's frame (shared/frame-check.ts), the one check that
   * create and import use too. An event brought in before a rule existed keeps working: only a
   * problem the change adds is refused.
   */
  #breaks(before: Board, after: Board, now: Date): CommandError | undefined {
    const problems = frameFaults(after, now);
    if (problems.length === 0) return undefined;
    const known = new Set(frameFaults(before, now).map((problem) => problem.message));
    return problems.find((problem) => !known.has(problem.message));
  }

  /** A secret this server hands out: derived under its own secret (see issuedSecret). */
  #secret(secretFor: SecretFor): string {
    return issuedSecret(this.#store.serverSecret(), secretFor);
  }

  /**
   * A retry of a command that already committed: the same answer, nothing changed. A secret it
   * handed out is derived again (the log holds none), for the device that sent it only, and not
   * stored again: a key rotated or a link reissued since stays the one that works.
   */
  #answerRetry(eventId: number, entry: CommandEntry, commandId: string | undefined, version: number, result: unknown, withSecret: boolean): Ack {
    if (withSecret && entry.issues === 'facilitator key')
      return { ok: true, version, data: { key: this.#secret({ kind: 'facilitator key', eventId, commandId }) } };
    if (withSecret && entry.issues === 'giver token' && result && typeof result === 'object' && 'sessionId' in result) {
      const sessionId = String(result.sessionId);
      return { ok: true, version, data: { ...result, sessionId, token: this.#secret({ kind: 'giver token', eventId, subject: sessionId, commandId }) } };
    }
    return { ok: true, version, data: result ?? undefined };
  }

  async #actorFor(tx: EventTransaction, principal: Principal, board: Board, command: Command): Promise<Actor | CommandError> {
    if (principal.isFacilitator) return { role: 'facilitator' };
    const payload = command.payload;
    if (!('token' in payload) || payload.token === undefined) return { role: 'public' };
    if (!findSession(board, payload.sessionId)) return noSuchSession;
    const storedHash = await tx.giverTokenHash(payload.sessionId);
    if (!secretMatches(payload.token, storedHash)) {
      return commandError('forbidden', 'wrong_token', 'This link does not belong to this session (or it was replaced by a newer one).', { field: 'token' });
    }
    return { role: 'giver', sessionId: payload.sessionId };
  }
}
