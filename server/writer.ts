// The only writer. Every change to any event goes through `CommandWriter.execute`:
// validate → authorize → decide → one SQLite transaction → (caller acks, then broadcasts).
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
import { parseStored, type Store } from '../db/store.ts';
import { suggestCells } from '../shared/suggest.ts';
import { boardWarnings, type Warning } from '../shared/warnings.ts';
import { hashSecret, issuedSecret, secretMatches, type SecretFor } from './auth.ts';
import { newId } from './ids.ts';

/** A phone's "Interested" for a session, checked and ready to be recorded. */
export interface Tap {
  eventId: number;
  sessionId: string;
  /** The device as counted: one per phone (see realtime.ts). */
  device: string;
  interested: boolean;
}

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

export class CommandWriter {
  readonly #store: Store;
  readonly #clock: () => Date;
  /**
   * Every event in use: its board, kept equal to the state tables by applying committed events,
   * and the facilitator's undo stacks, moved on with each committed change. Both are read from
   * the database once, so no command has to scan the log.
   */
  readonly #events = new Map<number, LiveEvent>();

  constructor(store: Store, clock: () => Date = () => new Date()) {
    this.#store = store;
    this.#clock = clock;
  }

  snapshot(eventId: number): Snapshot {
    const { version, board, undo } = this.#current(eventId);
    return { version, board, serverTime: this.#clock().getTime(), undo: undoStateOf(undo) };
  }

  /**
   * What GET …/board answers: `{ version, board, undo }` as JSON text, without the clock (sent
   * in a header), so that the same bytes serve every screen asking for this version. `edition`
   * is new with every version and every change of the phones' counts, which make no version.
   */
  boardAnswer(eventId: number): { version: number; edition: object; json: () => string } {
    const current = this.#current(eventId);
    const rest = JSON.stringify({ version: current.version, undo: undoStateOf(current.undo) });
    return { version: current.version, edition: current.memo, json: () => `${rest.slice(0, -1)},"board":${this.#boardJson(current)}}` };
  }

  #boardJson(current: LiveEvent): string {
    current.memo.boardJson ??= JSON.stringify(current.board);
    return current.memo.boardJson;
  }

  /** The event's short name, as its screens' room is named. */
  slugOf(eventId: number): string {
    return this.#current(eventId).board.event.slug;
  }

  /** The event's version now. */
  version(eventId: number): number {
    return this.#current(eventId).version;
  }

  /** Lets go of what is kept for an event (it was deleted). */
  forget(eventId: number): void {
    this.#events.delete(eventId);
  }

  /** What a snapshot of the event weighs: the board's JSON length, known once per version. */
  boardWeight(eventId: number): number {
    return this.#boardJson(this.#current(eventId)).length;
  }

  #current(eventId: number): LiveEvent {
    let current = this.#events.get(eventId);
    if (!current) {
      const undo: UndoStacks = { undoable: [], redoable: [] };
      for (const step of this.#store.undoSteps(eventId)) recordStep(undo, step);
      current = { ...this.#store.loadBoard(eventId), undo, memo: newMemo() };
      this.#events.set(eventId, current);
    }
    return current;
  }

  /** `board:sync`: the whole board, or for a big one only its version (it is fetched over HTTP). */
  sync(principal: Principal): Ack<Snapshot | BoardVersion> {
    const version = this.#current(principal.eventId).version;
    return { ok: true, version, data: this.fetchedOverHttp(principal.eventId) ? this.boardVersion(principal.eventId) : this.snapshot(principal.eventId) };
  }

  /** Whether the event's board is too big for a socket: screens are told its version and fetch it. */
  fetchedOverHttp(eventId: number): boolean {
    return this.boardWeight(eventId) > MAX_SOCKET_BOARD_BYTES;
  }

  /** `board:version`: the version now and the clock, told instead of a big board. */
  boardVersion(eventId: number): BoardVersion {
    return { version: this.#current(eventId).version, serverTime: this.#clock().getTime() };
  }

  /**
   * What a client that has `since` missed, as the broadcasts it would have received — or
   * undefined when a snapshot is the better answer: too many changes, changes that weigh more
   * than the board itself, or a version this server never had.
   */
  catchUp(eventId: number, since: number): EventsBroadcast[] | undefined {
    const current = this.#current(eventId);
    const missed = current.version - since;
    if (!Number.isInteger(since) || since < 0 || missed < 0 || missed > MAX_CATCH_UP) return undefined;
    if (missed === 0) return [];
    const { memo } = current;
    if (!memo.catchUps.has(since)) {
      // A storm asks for a handful of versions; a client cycling through many must not fill memory.
      if (memo.catchUps.size >= MAX_MEMO_CATCH_UPS) memo.catchUps.clear();
      memo.catchUps.set(since, this.#missedChanges(eventId, current, since));
    }
    const serverTime = this.#clock().getTime();
    return memo.catchUps.get(since)?.map((broadcast) => ({ ...broadcast, serverTime }));
  }

  #missedChanges(eventId: number, current: LiveEvent, since: number): Array<Omit<EventsBroadcast, 'serverTime'>> | undefined {
    const missed = current.version - since;
    const weight = this.#boardJson(current).length;
    const rows = this.#store.changesSince(eventId, since, missed);
    // More than a socket is sent at once (see MAX_SOCKET_BOARD_BYTES): the board over HTTP is lighter.
    const limit = Math.min(weight, MAX_SOCKET_BOARD_BYTES);
    if (rows.length !== missed || rows.reduce((size, row) => size + row.events.length, 0) > limit) return undefined;
    const broadcasts = rows.map((row): Omit<EventsBroadcast, 'serverTime'> => ({
      version: row.version,
      events: parseStored<DomainEvent[]>(row.events, eventId, 'event_log.events'),
    }));
    // The undo state of now belongs with the last of them.
    broadcasts[broadcasts.length - 1]!.undo = undoStateOf(current.undo);
    return broadcasts;
  }

  /** `board:ping`: a heartbeat; answers the version and the server's clock, changes nothing. */
  ping(principal: Principal): Ack<QueryData['board:ping']> {
    return { ok: true, version: this.#current(principal.eventId).version, data: { serverTime: this.#clock().getTime() } };
  }

  /** `session:suggest`: where a session could go, best first. Anyone may ask; nothing changes. */
  suggest(principal: Principal, payload: QueryPayload<'session:suggest'>): Ack<QueryData['session:suggest']> {
    const { version, board } = this.#current(principal.eventId);
    const session = findSession(board, payload.sessionId);
    if (!session) return { ok: false, error: noSuchSession };
    if (session.status !== 'pitched') return { ok: false, error: commandError('invalid', 'withdrawn', 'A withdrawn session has no place on the plan.') };
    return { ok: true, version, data: { suggestions: suggestCells(board, session.id, 3, this.#clock().getTime()) } };
  }

  /** `board:warnings`: every clash on the plan at once, worked out once per version. */
  warnings(principal: Principal): Ack<QueryData['board:warnings']> {
    const current = this.#current(principal.eventId);
    current.memo.warnings ??= boardWarnings(current.board);
    return { ok: true, version: current.version, data: { warnings: current.memo.warnings } };
  }

  /**
   * `session:interested`, checked against the board: the tap to record, or why not. `device` is
   * the phone's as counted (see realtime's SocketData.tapDevice).
   */
  checkTap(principal: Principal, device: string, payload: QueryPayload<'session:interested'>): Tap | Ack {
    const session = findSession(this.#current(principal.eventId).board, payload.sessionId);
    if (!session) return { ok: false, error: noSuchSession };
    if (session.status !== 'pitched') return { ok: false, error: commandError('invalid', 'withdrawn', 'A withdrawn session takes no interest.') };
    return { eventId: principal.eventId, sessionId: session.id, device, interested: payload.interested };
  }

  /**
   * Records taps in one transaction, then counts them on the live boards: no version, no log, no
   * undo (a tap is no change of the plan). The counts after it, per event, of the sessions tapped.
   */
  recordTaps(taps: readonly Tap[]): Map<number, Map<string, number>> {
    const deltas = new Map<number, Map<string, number>>();
    this.#store.transaction(() => {
      for (const tap of taps) {
        const changed = this.#store.setTap(tap.eventId, tap.sessionId, tap.device, tap.interested);
        const inEvent = deltas.get(tap.eventId) ?? new Map<string, number>();
        inEvent.set(tap.sessionId, (inEvent.get(tap.sessionId) ?? 0) + (changed ? (tap.interested ? 1 : -1) : 0));
        deltas.set(tap.eventId, inEvent);
      }
    });
    const counts = new Map<number, Map<string, number>>();
    for (const [eventId, inEvent] of deltas) {
      const current = this.#current(eventId);
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

  /** Every session's taps now: for a screen that caught up by the changes it missed, which carry none. */
  tapsOf(eventId: number): Record<string, number> {
    return Object.fromEntries(this.#current(eventId).board.sessions.map((session) => [session.id, session.taps]));
  }

  /** `board:history`: the facilitator's view of every change, newest first. */
  history(principal: Principal, payload: QueryPayload<'board:history'>): Ack<HistoryPage> {
    const { version, undo } = this.#current(principal.eventId);
    const limit = payload.limit ?? 50;
    const rows = this.#store.history(principal.eventId, payload.before ?? version + 1, limit + 1);
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
    return { ok: true, version, data: { entries, more: rows.length > limit, ...undoStateOf(undo) } };
  }

  execute(principal: Principal, name: string, sent: unknown): Outcome {
    if (!isCommandName(name)) return refuse(commandError('invalid', 'unknown_command', `Unknown command "${name}".`));
    const payload = normalTexts(sent);
    const checker = checkers[name];
    if (!checker.Check(payload)) return refuse(typeboxRefusal(checker, payload));
    const command = { type: name, payload } as Command;
    const entry = entryOf(name);
    const { eventId } = principal;

    const actor = this.#actorFor(principal, command);
    if ('code' in actor) return refuse(actor);

    const commandId = command.payload.commandId;
    if (entry.issues && commandId !== undefined && !SECRET_COMMAND_ID.test(commandId)) return refuse(guessableCommandId);
    // The log keeps the id's hash: the id is what a handed-out secret is derived from.
    const loggedId = commandId === undefined ? null : hashSecret(commandId);
    if (loggedId !== null) {
      const logged = this.#store.findLoggedCommand(eventId, loggedId);
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

    const current = this.#current(eventId);
    const now = this.#clock();
    const log = { stacks: current.undo, inverseOf: (version: number) => this.#store.change(eventId, version)?.inverse ?? [] };
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
    const amends = undoable ? this.#continued(eventId, current, entry, command.payload, now.getTime()) : null;
    const inverse: DomainEvent[] | null = amends ? amends.inverse : undoable ? invert(current.board, decision.events) : null;
    const madeFor = decision.data && 'sessionId' in decision.data ? decision.data.sessionId : undefined;
    const token = entry.issues === 'giver token' && madeFor ? this.#secret({ kind: 'giver token', eventId, subject: madeFor, commandId }) : undefined;
    const facilitatorKey = entry.issues === 'facilitator key' ? this.#secret({ kind: 'facilitator key', eventId, commandId }) : undefined;
    const keyHash = facilitatorKey && hashSecret(facilitatorKey);
    this.#store.transaction(() => {
      this.#store.writeChange(eventId, current.board, after);
      if (keyHash) this.#store.setFacilitatorKeyHash(eventId, keyHash);
      if (token && madeFor) this.#store.setGiverTokenHash(eventId, madeFor, hashSecret(token));
      // The log keeps the ack data without the token: secrets never go into it.
      this.#store.appendLog(
        eventId,
        version,
        {
          commandId: loggedId,
          command: command.type,
          actor: loggedActor(entry, actor),
          events: decision.events,
          result: decision.data,
          inverse,
          undoOf,
          redoOf,
          amends: amends?.version ?? null,
          device: principal.deviceHash ?? null,
        },
        now.toISOString(),
      );
    });
    // Committed: only now do the in-memory board and undo stacks move on.
    const before = current.board;
    current.version = version;
    current.board = after;
    current.memo = newMemo();
    if (actor.role === 'facilitator') recordStep(current.undo, { version, undoOf, redoOf, amends: amends?.version ?? null, undoable: inverse !== null });

    const data = facilitatorKey ? { key: facilitatorKey } : token && decision.data ? { ...decision.data, token } : decision.data;
    return {
      ack: { ok: true, version, data },
      broadcast: { version, events: decision.events, serverTime: now.getTime(), undo: undoStateOf(current.undo) },
      keyHash,
      boards: { before, after },
    };
  }

  /** The change a facilitator's change continues as one step (see CommandEntry.continues), with what takes it back. */
  #continued(
    eventId: number,
    current: LiveEvent,
    entry: CommandEntry,
    payload: unknown,
    now: number,
  ): { version: number; inverse: DomainEvent[] | null } | null {
    if (!entry.continues) return null;
    // The log's last row is the one continued: nothing else may have come in between (an undo of it is a row too).
    const previous = this.#store.change(eventId, current.version);
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

  #actorFor(principal: Principal, command: Command): Actor | CommandError {
    if (principal.isFacilitator) return { role: 'facilitator' };
    const payload = command.payload;
    if (!('token' in payload) || payload.token === undefined) return { role: 'public' };
    const board = this.#current(principal.eventId).board;
    if (!findSession(board, payload.sessionId)) return noSuchSession;
    const storedHash = this.#store.giverTokenHash(principal.eventId, payload.sessionId);
    if (!secretMatches(payload.token, storedHash)) {
      return commandError('forbidden', 'wrong_token', 'This link does not belong to this session (or it was replaced by a newer one).', { field: 'token' });
    }
    return { role: 'giver', sessionId: payload.sessionId };
  }
}
