// Times of the plan as people read them: formatted with Intl in the event's time zone.
import type { Board, Slot } from '../../shared/board.ts';
import { i18n, t } from './i18n/i18n.svelte.ts';

function dayDate(board: Board, slot: Slot): string {
  return board.days.find((d) => d.id === slot.dayId)?.date ?? '1970-01-01';
}

export function slotStart(board: Board, slot: Slot): string {
  return i18n.clock(dayDate(board, slot), slot.start, board.event.timezone);
}

export function slotEnd(board: Board, slot: Slot): string {
  return i18n.clock(dayDate(board, slot), slot.end, board.event.timezone);
}

/** "10:00–10:45" (or "10:00 AM–10:45 AM" in English). */
export function slotRange(board: Board, slot: Slot): string {
  return t('plan.time', { start: slotStart(board, slot), end: slotEnd(board, slot) });
}
