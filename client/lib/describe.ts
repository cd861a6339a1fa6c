// Plain-language descriptions of board places, shared by the views.
import { findSession, type Board, type Cell } from '../../shared/board.ts';
import type { Warning } from '../../shared/warnings.ts';
import { t } from './i18n/i18n.svelte.ts';
import { slotEnd, slotStart } from './format.ts';

// A type alias, not an interface: it fills {placeholders} of t() directly.
export type CellText = { room: string; start: string; end: string };

export function cellText(board: Board, cell: Cell): CellText {
  const room = board.rooms.find((r) => r.id === cell.roomId);
  const slot = board.slots.find((s) => s.id === cell.slotId);
  return { room: room?.name ?? '', start: slot ? slotStart(slot) : '', end: slot ? slotEnd(slot) : '' };
}

/** A warning about the plan in the screen's language: what clashes, and which sessions. */
export function warningText(board: Board, warning: Warning): string {
  const titles = warning.sessionIds.map((id) => findSession(board, id)?.title ?? '?').join(' · ');
  return t(`warning.${warning.kind}`, { titles, subject: warning.subject ?? '' });
}
