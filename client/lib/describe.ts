// Plain-language descriptions of board places, shared by the views.
import { findSession, type Board, type Cell } from '../../shared/board.ts';
import type { UndoObstacle } from '../../shared/undo.ts';
import type { Warning } from '../../shared/warnings.ts';
import { i18n, t } from './i18n/i18n.svelte.ts';
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

/** What stands in the way of an undo or redo, in the screen's language: times and dates as it writes them. */
export function obstacleText(obstacle: UndoObstacle): string {
  const { kind, ...fields } = obstacle;
  const said = Object.entries(fields).map(([name, value]: [string, string]) => {
    if (name === 'date') return [name, i18n.shortDate(value)];
    return [name, name === 'time' || name === 'start' || name === 'end' ? i18n.clock(value) : value];
  });
  return t(`undo.obstacle.${kind}`, Object.fromEntries(said));
}
