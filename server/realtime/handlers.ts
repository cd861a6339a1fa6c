// A connected screen: it gets the board it lacks, then every command and query of the registries
// is answered the same way — within the sender's budget, validated, decided, acked, broadcast.
import type { PushNotifier } from '../push.ts';
import type { Webhooks } from '../webhooks.ts';
import type { Socket } from 'socket.io';
import { COMMAND_NAMES, COMMANDS } from '../../shared/commands.ts';
import { commandError } from '../../shared/errors.ts';
import type { Ack, HandshakeAuth } from '../../shared/protocol.ts';
import { QUERIES, QUERY_NAMES, isQueryName } from '../../shared/queries.ts';
import { isCommandName } from '../../shared/commands.ts';
import { DamagedDataError } from '../../db/store.ts';
import { checkQuery, type CommandWriter } from '../writer.ts';
import { mayAsk, notYoursToAsk, type QueryAnswer, type queryAnswers } from '../queries.ts';
import type { TapAnnouncer } from '../taps.ts';
import type { Notices } from './follow.ts';
import type { Rate, SocketBudgets } from './budgets.ts';
import type { PitchboardServer, PitchboardSocket } from './handshake.ts';
import { keyStillValid, revoke } from './sweeps.ts';
import type { Store } from '../../db/store.ts';

export function eventRoom(slug: string): string {
  return `event:${slug}`;
}

type AckFunction = (response: Ack) => void;

export interface HandlerDeps {
  io: PitchboardServer;
  store: Store;
  writer: CommandWriter;
  budgets: SocketBudgets;
  answers: ReturnType<typeof queryAnswers>;
  tapAnnouncer: TapAnnouncer;
  /** Tells phones by push when a session they starred changed. */
  push?: PushNotifier;
  /** Posts every change to the event's webhooks. */
  webhooks: Webhooks;
  /** Tells the other processes on the same database of a change (none for one process). */
  notices: Notices;
  survive: (error: unknown, where: string, slug?: unknown) => void;
}

/**
 * Sends a screen that just connected the board it lacks (what it missed, the board, or for a big
 * one the board's version) and lets it join the event's room, while no change of the event goes
 * out: it hears every later one, and none twice.
 */
export function sendBoard(socket: PitchboardSocket, deps: HandlerDeps): Promise<void> {
  const { writer } = deps;
  const { eventId, slug } = socket.data;
  // A reconnecting client says which version it has: it gets what it missed, in order, unless
  // a snapshot is lighter.
  const since = (socket.handshake.auth as Partial<HandshakeAuth>).version;
  return writer.inTurn(eventId, async () => {
    const missed = since === undefined ? undefined : await catchUpOrSnapshot(deps, eventId, since, slug);
    if (missed) {
      // The changes carry no taps: the counts of now, which may have moved meanwhile.
      const taps = await writer.tapsOf(eventId);
      for (const broadcast of missed) socket.emit('board:events', broadcast);
      socket.emit('session:taps', { taps });
    } else {
      const first = await writer.firstBoard(eventId);
      if ('version' in first) socket.emit('board:version', first.version);
      else socket.emit('board:snapshot', first.snapshot);
    }
    void socket.join(eventRoom(slug));
  });
}

/** The changes a screen missed; where the log holds a damaged row, a snapshot instead (undefined). */
async function catchUpOrSnapshot(deps: HandlerDeps, eventId: number, since: number, slug: string) {
  try {
    return await deps.writer.catchUp(eventId, since);
  } catch (error) {
    if (!(error instanceof DamagedDataError)) throw error;
    deps.survive(error, 'catching up failed', slug);
    return undefined;
  }
}

/**
 * Answers every message of a connected screen, each once `boardSent` has settled: a screen hears
 * its board (or what it missed) before any answer, as it would have on one connection in order.
 */
export function listen(socket: PitchboardSocket, deps: HandlerDeps, boardSent: Promise<void>): void {
  const { io, store, writer, budgets } = deps;
  const principal = socket.data;

  /**
   * One message: within the sender's budget (a phone past it hears at most one refusal a
   * second), from a facilitator screen whose key still holds, answered by `run`, which acks.
   * Socket.IO passes the ack as the last argument; a client may send anything, so the arguments
   * are taken apart by hand instead of trusting the declared signature.
   */
  const on = (name: string, rate: Rate, run: (payload: unknown, ack: AckFunction) => Promise<void>) => {
    (socket as unknown as Socket).on(name, (...args: unknown[]) => {
      const given = typeof args.at(-1) === 'function' ? (args.pop() as AckFunction) : () => {};
      let acked = false;
      const ack: AckFunction = (response) => {
        if (acked) return;
        acked = true;
        given(response);
      };
      const answer = async () => {
        // A board that could not be sent ends the connection (see realtime.ts): nothing to wait for then.
        await boardSent.catch(() => {});
        if (socket.data.isFacilitator && !(await keyStillValid(store, socket))) {
          ack({ ok: false, error: commandError('forbidden', 'wrong_key', 'The facilitator key was changed: open the board with the new link.') });
          revoke(socket);
          return;
        }
        const limited = budgets.spend(socket.id, socket.data, rate);
        if (limited && !budgets.heard(socket.data)) return;
        if (limited) ack(limited);
        else await run(args[0], ack);
      };
      answer().catch((error: unknown) => {
        // The payload is not logged: it may hold a giver token.
        deps.survive(error, `command ${name} failed`, socket.data.slug);
        ack({ ok: false, error: commandError('internal', 'server_error', 'Something went wrong on the server. Please try again.') });
      });
    });
  };

  // A name nobody listens to is still answered, so that the sender never waits for a timeout.
  socket.onAny((name: unknown, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof name === 'string' && (isCommandName(name) || isQueryName(name))) return;
    if (typeof ack !== 'function') return;
    // Within the sender's budget like any command: answering costs as much.
    const limited = budgets.spend(socket.id, socket.data, 'unknown');
    if (limited && !budgets.heard(socket.data)) return;
    if (limited) return (ack as AckFunction)(limited);
    void writer.execute(principal, String(name), args[0], (outcome) => (ack as AckFunction)(outcome.ack));
  });

  for (const name of QUERY_NAMES) {
    const { who, rate } = QUERIES[name];
    const answer = deps.answers[name] as (asker: typeof principal, payload: unknown) => Promise<QueryAnswer>;
    on(name, rate, async (sent, ack) => {
      const checked = checkQuery(name, sent);
      if (!('payload' in checked)) return ack(checked);
      if (who !== 'anyone' && !mayAsk(who, socket.data)) return ack(notYoursToAsk(who));
      const outcome = await answer(socket.data, checked.payload);
      if ('answerLater' in outcome) outcome.answerLater(ack);
      else ack(outcome.ack);
    });
  }

  for (const name of COMMAND_NAMES) {
    on(name, COMMANDS[name].rate, async (payload, ack) => {
      // Delivered in the order of the versions: the sender hears the ack first and the broadcast second, over the same socket.
      await writer.execute(principal, name, payload, ({ ack: answer, broadcast, keyHash, boards }) => {
        ack(answer);
        // The phones' newest counts ride along: one message to every screen instead of two.
        const taps = broadcast && deps.tapAnnouncer.take(principal.eventId);
        // This process's screens; the other processes' hear it from their own, told by the notice.
        if (broadcast) io.local.to(eventRoom(socket.data.slug)).emit('board:events', taps ? { ...broadcast, taps } : broadcast);
        if (broadcast) deps.notices.changed(principal.eventId, broadcast.version);
        // Phones that starred a session this changed hear it by push, after everything else.
        if (boards) deps.push?.changed(principal.eventId, boards.before, boards.after);
        // The event's webhooks hear it from this process, the one that committed it.
        if (broadcast && boards) deps.webhooks.changed(principal.eventId, socket.data.slug, broadcast, boards);
        if (keyHash) {
          // This screen goes on with the new key; every other one of the event is let go (those
          // of other processes by their own, when they hear of the change).
          socket.data.keyHash = keyHash;
          for (const other of io.sockets.sockets.values()) {
            if (other.data.isFacilitator && other.data.eventId === socket.data.eventId && other.data.keyHash !== keyHash) revoke(other);
          }
        }
      });
    });
  }
}
