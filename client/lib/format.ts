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

/** The time a session runs: "10:00–11:45" for a double session over two slots. */
export function slotsRange(board: Board, slots: readonly Slot[]): string {
  const first = slots[0];
  const last = slots.at(-1);
  if (!first || !last) return '';
  return t('plan.time', { start: slotStart(board, first), end: slotEnd(board, last) });
}

/** When a session runs, as lists show it: "10:00–11:45", with the day in front when the event has several. */
export function whenText(board: Board, slots: readonly Slot[]): string {
  const range = slotsRange(board, slots);
  const first = slots[0];
  if (!first || board.days.length < 2) return range;
  const day = board.days.find((d) => d.id === first.dayId);
  return day ? `${day.label || i18n.shortDate(day.date)} · ${range}` : range;
}
