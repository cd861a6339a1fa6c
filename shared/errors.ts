// Error codes of the protocol (docs/architecture.md). Messages are plain English, safe to show;
// clients translate the code and may show the message as detail.

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
 * What a later change put in the way of an undo or redo. Clients say it in their language
 * (times as "HH:MM", dates as "YYYY-MM-DD", as the board holds them); `undoObstacleText` (undo.ts)
 * is the server's English sentence for it.
 */
export type UndoObstacle =
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

export interface CommandError {
  code: ErrorCode;
  message: string;
  /** An undo or redo refused as a `conflict`: what stands in the way, for clients to say in their language. */
  obstacle?: UndoObstacle;
  /** The payload's field that is wrong, where one is (an `invalid` commandId, say). */
  field?: string;
}

export function commandError(code: ErrorCode, message: string): CommandError {
  return { code, message };
}

/** For switches over unions: a new member that is not handled fails type-checking here. */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
