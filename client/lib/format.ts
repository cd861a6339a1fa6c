// Times of the plan as people read them, in the language of the page.
import type { Board, Slot } from '../../shared/board.ts';
import { i18n, t } from './i18n/i18n.svelte.ts';

export function slotStart(slot: Slot): string {
  return i18n.clock(slot.start);
}

export function slotEnd(slot: Slot): string {
  return i18n.clock(slot.end);
}

/** "10:00–10:45" (or "10:00 AM–10:45 AM" in English). */
export function slotRange(slot: Slot): string {
  return t('plan.time', { start: slotStart(slot), end: slotEnd(slot) });
}

/** The time a session runs: "10:00–11:45" for a double session over two slots. */
export function slotsRange(slots: readonly Slot[]): string {
  const first = slots[0];
  const last = slots.at(-1);
  if (!first || !last) return '';
  return t('plan.time', { start: slotStart(first), end: slotEnd(last) });
}

/** When a session runs, as lists show it: "10:00–11:45", with the day in front when the event has several. */
export function whenText(board: Board, slots: readonly Slot[]): string {
  const range = slotsRange(slots);
  const first = slots[0];
  if (!first || board.days.length < 2) return range;
  const day = board.days.find((d) => d.id === first.dayId);
  return day ? `${day.label || i18n.shortDate(day.date)} · ${range}` : range;
}
