// The query registry: what a screen may ask over the socket without changing the plan. Each is
// one entry (its schema, who may ask, its budget, what it answers); the server answers each in
// server/queries.ts, and the socket's message types are made from both registries.
import { Type, type Static } from '@sinclair/typebox';
import type { Snapshot, BoardVersion, HistoryPage, HeldNetwork, WebhookInfo, WebhookTestResult } from './protocol.ts';
import { SECRET_COMMAND_PATTERN } from './patterns.ts';
import { Id, closed } from './fields.ts';
import type { Suggestion } from './suggest.ts';
import type { Warning } from './warnings.ts';
import { CommandId, Empty } from './commands/entry.ts';
import { LIMITS } from './limits.ts';

/**
 * Who may ask: anyone who opened the event, the facilitator only, or a phone that named its
 * device in the handshake (so that each phone counts once) and is not the facilitator.
 */
export type Asker = 'anyone' | 'facilitator' | 'phone';

/**
 * Which budget a phone's question counts against (a facilitator screen has budgets of its own,
 * server/limits.ts): a small question, a whole board (which weighs), or an "Interested" tap.
 */
export type QueryRate = 'question' | 'whole board' | 'tap';

interface QueryEntry {
  schema: ReturnType<typeof Type.Object>;
  who: Asker;
  rate: QueryRate;
  /** What the ack's `data` holds (a type only). */
  answer?: unknown;
}

const answers = <Data>() => undefined as Data;

export const QUERIES = {
  /** The whole board: a snapshot, or for a big board only its version (fetch the board over HTTP). */
  'board:sync': { schema: Empty, who: 'anyone', rate: 'whole board', answer: answers<Snapshot | BoardVersion>() },
  /** The history panel: changes newest first, pages of `limit` before version `before`. */
  'board:history': {
    schema: Type.Object(
      {
        commandId: CommandId,
        before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
      },
      closed,
    ),
    who: 'facilitator',
    rate: 'question',
    answer: answers<HistoryPage>(),
  },
  /** A heartbeat: changes nothing, answers at once. Lets a screen notice a dead connection in seconds. */
  'board:ping': { schema: Empty, who: 'anyone', rate: 'question', answer: answers<{ serverTime: number }>() },
  /** Every clash on the plan at once (a host in two places, too few seats, a wish, a shared tag). */
  'board:warnings': { schema: Empty, who: 'anyone', rate: 'question', answer: answers<{ warnings: Warning[] }>() },
  /** Where a session could go, best first: free cells where it raises no warning. */
  'session:suggest': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id }, closed),
    who: 'anyone',
    rate: 'question',
    answer: answers<{ suggestions: Suggestion[] }>(),
  },
  /**
   * A phone is interested in a session, or no longer is: counted once per device id of the
   * handshake; no version, no log, no undo. The hands stay the facilitator's to count.
   */
  'session:interested': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id, interested: Type.Boolean() }, closed),
    who: 'phone',
    rate: 'tap',
    answer: answers<{ taps: Record<string, number> }>(),
  },
  /** Lets a held-back network submit again (its per-network limit filled up). */
  'limits:lift': {
    schema: Type.Object({ commandId: CommandId, network: Type.String({ minLength: 1, maxLength: 64 }) }, closed),
    who: 'facilitator',
    rate: 'question',
    answer: answers<{ networks: HeldNetwork[] }>(),
  },
  /**
   * Outgoing webhooks, kept beside the board (server/webhooks.ts): no version, no broadcast, never
   * in a snapshot or an export. A new one answers its signing secret, once; a retry with the same
   * `commandId` gets the same webhook and secret back.
   */
  'webhook:add': {
    schema: Type.Object(
      {
        commandId: Type.Optional(Type.String({ pattern: SECRET_COMMAND_PATTERN })),
        url: Type.String({ minLength: 1, maxLength: LIMITS.webhookUrl }),
        format: Type.Union([Type.Literal('json'), Type.Literal('text')]),
      },
      closed,
    ),
    who: 'facilitator',
    rate: 'question',
    answer: answers<{ webhookId: string; secret: string }>(),
  },
  'webhook:remove': {
    schema: Type.Object({ commandId: CommandId, webhookId: Id }, closed),
    who: 'facilitator',
    rate: 'question',
    answer: answers<{ webhooks: WebhookInfo[] }>(),
  },
  /** Posts a test to the webhook now and answers what its receiver said (a success clears `failing`). */
  'webhook:test': {
    schema: Type.Object({ commandId: CommandId, webhookId: Id }, closed),
    who: 'facilitator',
    rate: 'question',
    answer: answers<WebhookTestResult>(),
  },
  'webhook:list': { schema: Empty, who: 'facilitator', rate: 'question', answer: answers<{ webhooks: WebhookInfo[] }>() },
} satisfies Record<string, QueryEntry>;

export type QueryName = keyof typeof QUERIES;
export type QueryPayload<N extends QueryName> = Static<(typeof QUERIES)[N]['schema']>;
export type QueryData = { [N in QueryName]: (typeof QUERIES)[N]['answer'] };

export const QUERY_NAMES = Object.keys(QUERIES) as QueryName[];

export function isQueryName(name: string): name is QueryName {
  return Object.hasOwn(QUERIES, name);
}
