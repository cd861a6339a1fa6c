// How the server answers each query of the registry (shared/queries.ts). The payload arrives
// checked against the query's schema and the asker is one its `who` lets ask.
import { commandError, type CommandError } from '../shared/errors.ts';
import type { Ack } from '../shared/protocol.ts';
import type { Asker, QueryData, QueryName, QueryPayload } from '../shared/queries.ts';
import type { HeldNetwork } from '../shared/protocol.ts';
import type { SocketData } from './realtime/handshake.ts';
import type { TapQueue } from './taps.ts';
import type { CommandWriter } from './writer.ts';
import type { Webhooks } from './webhooks.ts';

/** An answer now, or one given once something else is done (a tap, once its batch committed). */
export type QueryAnswer<Data = unknown> = { ack: Ack<Data> } | { answerLater: (ack: (response: Ack<Data>) => void) => void };

type Answers = { [N in QueryName]: (asker: SocketData, payload: QueryPayload<N>) => Promise<QueryAnswer<QueryData[N]>> };

/** Whether someone may ask a query open to `who`. */
export function mayAsk(who: Asker, asker: SocketData): boolean {
  if (who === 'facilitator') return asker.isFacilitator;
  if (who === 'phone') return !asker.isFacilitator && asker.tapDevice !== undefined;
  return true;
}

export const NOT_YOURS_TO_ASK: Record<Exclude<Asker, 'anyone'>, CommandError> = {
  facilitator: commandError('forbidden', 'facilitator_only', 'Only the facilitator may ask this.'),
  phone: commandError('forbidden', 'phones_only', 'Only a phone with a device id taps "Interested"; the facilitator counts hands.'),
};

export function queryAnswers(deps: {
  writer: CommandWriter;
  taps: TapQueue;
  /** Lets a held-back network submit again; the networks held now. */
  lift: (eventId: number, network: string) => { networks: HeldNetwork[] };
  webhooks: Webhooks;
}): Answers {
  const { writer, taps, lift, webhooks } = deps;
  /** An answer beside the board: with the event's version, as every ack has it. */
  const besideTheBoard = async <Data>(eventId: number, answer: Data | { refused: CommandError }): Promise<{ ack: Ack<Data> }> =>
    answer !== null && typeof answer === 'object' && 'refused' in answer
      ? { ack: { ok: false, error: answer.refused } }
      : { ack: { ok: true, version: await writer.version(eventId), data: answer } };
  return {
    'board:sync': async (asker) => ({ ack: await writer.sync(asker) }),
    'board:history': async (asker, payload) => ({ ack: await writer.history(asker, payload) }),
    'board:ping': async (asker) => ({ ack: await writer.ping(asker) }),
    'board:warnings': async (asker) => ({ ack: await writer.warnings(asker) }),
    'session:suggest': async (asker, payload) => ({ ack: await writer.suggest(asker, payload) }),
    // Acked once its batch committed (see taps.ts).
    'session:interested': async (asker, payload) => {
      const tap = await writer.checkTap(asker, asker.tapDevice!, payload);
      return 'ok' in tap ? { ack: tap as Ack<never> } : { answerLater: (ack) => taps.add(tap, ack) };
    },
    'limits:lift': async (asker, { network }) => besideTheBoard(asker.eventId, lift(asker.eventId, network)),
    'webhook:add': async (asker, payload) => besideTheBoard(asker.eventId, await webhooks.add(asker.eventId, payload)),
    'webhook:remove': async (asker, { webhookId }) => besideTheBoard(asker.eventId, await webhooks.remove(asker.eventId, webhookId)),
    'webhook:test': async (asker, { webhookId }) => {
      const { board } = await writer.snapshot(asker.eventId);
      return besideTheBoard(asker.eventId, await webhooks.test(asker.eventId, board, webhookId));
    },
    'webhook:list': async (asker) => besideTheBoard(asker.eventId, { webhooks: await webhooks.list(asker.eventId) }),
  };
}

/** A refusal for an asker the query's `who` does not let ask. */
export const notYoursToAsk = (who: Exclude<Asker, 'anyone'>): Ack<never> => ({ ok: false, error: NOT_YOURS_TO_ASK[who] });
