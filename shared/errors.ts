// Refusals of the protocol (docs/protocol.md): a code for programs, a reason and its details for
// people. A client says a refusal in its page's language from the reason and its details
// (client/lib/i18n/refusals.ts); `message` is the same in English, for scripts and logs.

export const ERROR_CODES = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'cell_taken',
  'not_bookable',
  'claiming_closed',
  'conflict',
  'rate_limited',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why exactly something was refused. Each has a sentence in every language of the client; the
 * details it reads are named beside it (`field`, `limit`, `line`, `obstacle`).
 */
export const REFUSAL_REASONS = [
  // A field's value (`field`: its path in the payload, e.g. "title" or "tags.2")
  'empty', // a name with nothing in it
  'too_long', // `limit` characters at most
  'too_short', // `limit` characters at least
  'too_many', // `limit` entries at most
  'too_few', // `limit` entries at least
  'too_small', // `limit` at least
  'too_large', // `limit` at most
  'broken', // half of a surrogate pair
  'control', // control characters or line breaks
  'not_normal', // not in Unicode's composed form
  'marks', // more than `limit` combining marks on one character
  'invisible', // no letter or digit that shows
  'not_a_date', // not YYYY-MM-DD of the calendar
  'date_too_early',
  'date_too_late',
  'bad_format', // an id, a time, a short address written wrong
  'not_a_timezone',
  'wrong_type', // a text where a number belongs, and the like
  'missing', // a required field is not there
  'unknown_field', // a field the command does not have
  'not_an_object', // the payload is not an object
  // A line of the home page's rooms or slots (`line`: the line as typed)
  'room_line',
  'room_capacity', // `limit`: the most people a room holds
  'slot_line',
  'slot_time',
  'slot_backwards',
  'slot_off_days',
  'day_twice',
  'overlap', // `obstacle`: the slot it overlaps
  'needs_session_slot',
  'slug_unusable',
  'slug_taken',
  'not_a_link', // a notes link that is not an http: or https: address
  'push_endpoint', // a push subscription's endpoint that is not https, or points at a local address
  'webhook_address', // a webhook's address that is not https, or points at a local address
  'does_not_hold', // a plan or an imported file that does not hold together (`message` says how)
  // Sessions
  'withdrawn',
  'changed_meanwhile',
  'cell_blocked', // `obstacle`: the room and time
  'in_a_break', // `obstacle`: the break's time
  'cell_taken', // `obstacle`: the room, time and the session there, if one is
  'double_in_the_way', // `obstacle`: the double session that sits there
  'claiming_closed',
  'releasing_closed',
  'merge_itself',
  'not_placed',
  'already_double',
  'not_double',
  'no_next_slot',
  'next_slot_blocked',
  'next_slot_taken', // `obstacle`: the session there
  'not_in_queue',
  'nobody_waiting',
  'nobody_pitching',
  // The frame
  'date_taken', // `obstacle`: the date
  'last_day',
  'last_room',
  // Undo and redo
  'nothing_to_undo',
  'nothing_to_redo',
  'cannot_undo', // `obstacle`: what a later change put in the way
  'cannot_redo',
  // Who may
  'facilitator_only',
  'facilitator_or_giver',
  'phones_only',
  'not_your_command', // a commandId someone else sent
  'wrong_key',
  'wrong_token', // a giver's link that is not (or no longer) this session's
  'create_token_needed',
  'no_such', // `field` names what there is none of: sessionId, dayId, roomId, slotId, event, webhookId
  // The protocol
  'unknown_command',
  'command_id_reused',
  'guessable_command_id',
  'too_big',
  // The server
  'too_many_requests',
  'damaged',
  'server_error',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * What stands in the way: of an undo or redo (a later change), or of a command (a cell taken, a
 * date in use). Clients say it in their language (times as "HH:MM", dates as "YYYY-MM-DD", as the
 * board holds them); `obstacleWords` (undo.ts) is the server's English for it.
 */
export type Obstacle =
  | { kind: 'session_gone' }
  | { kind: 'cell_gone' }
  | { kind: 'break'; time: string }
  | { kind: 'closed'; room: string; time: string }
  | { kind: 'taken'; room: string; time: string; title: string }
  | { kind: 'placed_since'; title: string }
  | { kind: 'room_exists' }
  | { kind: 'room_gone' }
  | { kind: 'slot_gone' }
  | { kind: 'day_gone' }
  | { kind: 'overlap'; start: string; end: string }
  | { kind: 'date_taken'; date: string };

/** The obstacles of an undo or redo: the same shape. */
export type UndoObstacle = Obstacle;

/** What a refusal says besides its code and reason. */
export interface RefusalDetails {
  /** The payload's field that is wrong, as a path ("title", "tags.2", "rooms"). */
  field?: string;
  /** The number the field is measured against (characters, entries, people). */
  limit?: number;
  /** What stands in the way. */
  obstacle?: Obstacle;
  /** A line of a typed list (rooms, slots) that does not parse, as it was typed. */
  line?: string;
}

export interface CommandError extends RefusalDetails {
  code: ErrorCode;
  /** Why, for clients to say in their language. */
  reason: RefusalReason;
  /** The same in English, for scripts and logs. */
  message: string;
}

/** A refusal: only defined details are kept, so that a refusal's JSON holds what it says. */
export function commandError(code: ErrorCode, reason: RefusalReason, message: string, details: RefusalDetails = {}): CommandError {
  const error: CommandError = { code, reason, message };
  for (const [key, value] of Object.entries(details) as Array<[keyof RefusalDetails, unknown]>) {
    if (value !== undefined) Object.assign(error, { [key]: value });
  }
  return error;
}

/** For switches over unions: a new member that is not handled fails type-checking here. */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
