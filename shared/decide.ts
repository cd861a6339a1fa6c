// decide: a command, the board and who sent it → the events that follow, or an error. Each
// command decides itself (its entry in shared/commands.ts); here only who may send it is checked.
import type { Board } from './board.ts';
import { entryOf, type Command } from './commands.ts';
import type { Actor, DecideContext, Decision, Who } from './commands/entry.ts';
import { commandError, type CommandError } from './errors.ts';

export type { Actor, DecideContext, Decision, DecisionData } from './commands/entry.ts';

/** Whether `actor` may send a command open to `who` with this payload. */
export function permits(who: Who, actor: Actor, payload: object): boolean {
  if (who === 'anyone' || actor.role === 'facilitator') return true;
  return who === 'giver' && actor.role === 'giver' && 'sessionId' in payload && actor.sessionId === payload.sessionId;
}

const FORBIDDEN = {
  facilitator: commandError('forbidden', 'facilitator_only', 'Only the facilitator may do this.'),
  giver: commandError('forbidden', 'facilitator_or_giver', 'Only the facilitator or the session giver may change this session.'),
} satisfies Record<Exclude<Who, 'anyone'>, CommandError>;

/** Pure: no clock, no randomness, no I/O; ids, the clock and the log come from the caller's context. */
export function decide(board: Board, command: Command, actor: Actor, context: DecideContext): Decision {
  const entry = entryOf(command.type);
  if (!permits(entry.who, actor, command.payload)) return { ok: false, error: FORBIDDEN[entry.who as keyof typeof FORBIDDEN] };
  return entry.decide(board, command.payload, actor, context) as Decision;
}
