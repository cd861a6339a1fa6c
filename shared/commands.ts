// The command registry: every command the board takes is one entry, grouped by area
// (shared/commands/*.ts), its schema, who may send it, its budget and its decide side by side.
// Every object is closed (no unknown fields) and nothing is coerced: a payload either matches
// exactly or is refused as `invalid`. docs/architecture.md walks through adding one.
import type { Static } from '@sinclair/typebox';
import type { AckDataOf, CommandEntry } from './commands/entry.ts';
import { EVENT_COMMANDS } from './commands/event.ts';
import { FRAME_COMMANDS } from './commands/frame.ts';
import { PITCH_COMMANDS } from './commands/pitch.ts';
import { SESSION_COMMANDS } from './commands/sessions.ts';
import { SECRET_COMMAND_PATTERN } from './patterns.ts';

/**
 * The commandId of a command that hands out a secret (`issues`): long and random enough that no
 * one else sends the same by chance. The secret is derived from it (with the server's own secret),
 * so that a retry gets it again. The real clients make 32 hex digits (client/lib/socket.ts).
 */
export const SECRET_COMMAND_ID = new RegExp(SECRET_COMMAND_PATTERN);

export const COMMANDS = { ...SESSION_COMMANDS, ...EVENT_COMMANDS, ...PITCH_COMMANDS, ...FRAME_COMMANDS };

export type CommandName = keyof typeof COMMANDS;
export type CommandPayload<N extends CommandName> = Static<(typeof COMMANDS)[N]['schema']>;
/** What a successful command hands back in `data` (a secret it hands out included). */
export type CommandData = { [N in CommandName]: AckDataOf<(typeof COMMANDS)[N]> };

/** A command as decide sees it: a discriminated union on `type`. */
export type Command = { [N in CommandName]: { type: N; payload: CommandPayload<N> } }[CommandName];

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** An entry, seen without its own payload type (for what every command shares). */
export function entryOf(name: CommandName): CommandEntry {
  return COMMANDS[name] as unknown as CommandEntry;
}

/** Facilitator commands that can be taken back. */
export const UNDOABLE: ReadonlySet<CommandName> = new Set(COMMAND_NAMES.filter((name) => COMMANDS[name].undoable));
