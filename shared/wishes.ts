// Where a placement goes against what the session giver asked for. Shown to the facilitator as
// a warning on the card; never enforced: the facilitator decides.
import { findSession, placementOf, slotsOfDay, type Board, type Slot } from './board.ts';

export type WishConflict = 'wants_before_lunch' | 'wants_after_lunch' | 'leaves_before_end';

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The lunch break of a day: its longest break slot (the first of equals). */
export function lunchOf(board: Board, dayId: string): Slot | undefined {
  return slotsOfDay(board, dayId)
    .filter((slot) => slot.kind === 'break')
    .reduce<Slot | undefined>((best, slot) => {
      const length = minutes(slot.end) - minutes(slot.start);
      return !best || length > minutes(best.end) - minutes(best.start) ? slot : best;
    }, undefined);
}

export function wishConflicts(board: Board, sessionId: string): WishConflict[] {
  const session = findSession(board, sessionId);
  const placement = placementOf(board, sessionId);
  const slot = placement && board.slots.find((s) => s.id === placement.slotId);
  if (!session || !slot) return [];
  const conflicts: WishConflict[] = [];
  const lunch = lunchOf(board, slot.dayId);
  if (lunch && session.wishes.timing === 'before_lunch' && slot.start >= lunch.end) conflicts.push('wants_before_lunch');
  if (lunch && session.wishes.timing === 'after_lunch' && slot.end <= lunch.start) conflicts.push('wants_after_lunch');
  if (session.wishes.leaveBy && session.wishes.leaveBy < slot.end) conflicts.push('leaves_before_end');
  return conflicts;
}
