// What one command is: an entry of the registry (shared/commands.ts), with its payload's schema,
// who may send it, how it counts against the sender's budget, and how it is decided.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Board, Placement } from '../board.ts';
import { commandError, type CommandError, type RefusalDetails, type RefusalReason } from '../errors.ts';
import type { DomainEvent } from '../events.ts';
import { closed } from '../fields.ts';
import { LIMITS } from '../limits.ts';
import type { UndoStacks } from '../undo.ts';

/** Who sends a command. A giver is proven by a token the server has already checked. */
export type Actor = { role: 'facilitator' } | { role: 'giver'; sessionId: string } | { role: 'public' };

/**
 * Who may send a command: the facilitator only, the facilitator or the giver of the session the
 * payload names (`sessionId`), or anyone who opened the event. The one place that refuses with
 * `forbidden`; a decide may still read the actor for what differs by role.
 */
export type Who = 'facilitator' | 'giver' | 'anyone';

/**
 * Which budget a command from a phone counts against (a facilitator screen has budgets of its
 * own, server/limits.ts): any change, or a new session, which a venue's network shares.
 */
export type CommandRate = 'change' | 'submission';

export interface DecideContext {
  newId(prefix: string): string;
  /** The server's clock, ms since epoch: only the pitch countdown and the auto-fill need it. */
  now: number;
  /**
   * What the event's log says, for undo and redo (the writer has it): the facilitator's stacks,
   * and the events that take a logged change back.
   */
  log?: { stacks: UndoStacks; inverseOf(version: number): readonly DomainEvent[] };
}

/** What a decision hands back besides its events: the session a command made, or the placements an auto-fill chose. */
export type DecisionData = { sessionId: string; similar?: Array<{ sessionId: string; title: string }> } | { placements: Placement[] };

/** An undo or redo: the version of the change it takes back or brings back. */
export type Replay = { undoOf: number } | { redoOf: number };

export type Decision<Data = DecisionData | undefined> = { ok: true; events: DomainEvent[]; data?: Data; replays?: Replay } | { ok: false; error: CommandError };

export const fail = (code: CommandError['code'], reason: RefusalReason, message: string, details?: RefusalDetails): { ok: false; error: CommandError } => ({
  ok: false,
  error: commandError(code, reason, message, details),
});
export const refused = (error: CommandError): { ok: false; error: CommandError } => ({ ok: false, error });
export function accept(events: DomainEvent[]): { ok: true; events: DomainEvent[] };
export function accept<Data>(events: DomainEvent[], data: Data): { ok: true; events: DomainEvent[]; data: Data };
export function accept<Data>(events: DomainEvent[], data?: Data): { ok: true; events: DomainEvent[]; data?: Data } {
  return data === undefined ? { ok: true, events } : { ok: true, events, data };
}

/** What a successful command hands back in the ack's `data`: its type, and its words for docs/protocol.md. */
export interface AckData<Data> {
  says: string;
  /** Only a type: no value stands behind it. */
  readonly type?: Data;
}

/** Names the ack's data of an entry (the type) and says what it is (docs/protocol.md). */
export const answers = <Data>(says: string): AckData<Data> => ({ says });

/** One earlier change in the log, as a command that continues it sees it. */
export interface LoggedChange {
  command: string;
  actor: string;
  events: readonly DomainEvent[];
  at: string;
}

export interface CommandEntry<Schema extends TSchema = TSchema, Data = unknown> {
  /** The payload, checked exactly: unknown fields and wrong types are refused as `invalid`. */
  schema: Schema;
  who: Who;
  rate: CommandRate;
  /** Whether the facilitator's undo can take it back. Pitch timing and secrets cannot be. */
  undoable: boolean;
  /** The events that follow on this board, or why not. Pure: ids and the clock come from the context. */
  decide(board: Board, payload: Static<Schema>, actor: Actor, context: DecideContext): Decision<Data>;
  /** The history panel's words for it; {title}, {room}, {name}, {time}, {from} and {count} are filled in. */
  history: { en: string; de: string };
  /** What a successful command hands back in the ack's `data` (besides a secret it hands out). */
  data?: AckData<Data>;
  /**
   * A secret the ack hands out: derived under the server's secret from the event, the session and
   * the commandId (which must then match SECRET_COMMAND_ID), so that a retry from the same device
   * gets the same one. A giver token is for the session the decision names (`data.sessionId`).
   */
  issues?: 'giver token' | 'facilitator key';
  /**
   * Whether this change continues the facilitator's change before it (the same command) as one
   * step: one line of the history, one undo (hands counted with five "+" in a row).
   */
  continues?(previous: LoggedChange, board: Board, payload: Static<Schema>, now: number): boolean;
}

export type Secret = NonNullable<CommandEntry['issues']>;

/** One entry, its payload's type taken from its schema (and the secret it hands out kept by name). */
export const command = <Schema extends TSchema, Data = undefined, Issues extends Secret | undefined = undefined>(
  entry: CommandEntry<Schema, Data> & { issues?: Issues },
): CommandEntry<Schema, Data> & { issues?: Issues } => entry;

/** What the ack of an entry hands back: the decision's data, with the secret it hands out. */
export type AckDataOf<Entry> = Entry extends CommandEntry<TSchema, infer Data> & { issues?: infer Issues }
  ? [Issues] extends ['facilitator key']
    ? { key: string }
    : [Issues] extends ['giver token']
      ? Data & { token: string }
      : Data
  : never;

export const CommandId = Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.commandId }));
/** The payload of a command that names nothing. */
export const Empty = Type.Object({ commandId: CommandId }, closed);
