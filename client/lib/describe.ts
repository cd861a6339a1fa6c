// Plain-language descriptions of board places, shared by the views.
import { findSession, type Board, type Cell, type SessionWishes } from '../../shared/board.ts';
import type { Obstacle } from '../../shared/errors.ts';
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

/** What a session's giver asked for, each wish in a few words of the screen's language. */
export function wishWords(wishes: SessionWishes): string[] {
  const words: string[] = [];
  if (wishes.timing !== 'any') words.push(t(`wish.${wishes.timing}`));
  if (wishes.leaveBy) words.push(t('wish.leaveBy', { time: i18n.clock(wishes.leaveBy) }));
  if (wishes.needsProjector) words.push(t('wish.projector'));
  return words;
}

/** A warning about the plan in the screen's language: what clashes, and which sessions. */
export function warningText(board: Board, warning: Warning): string {
  const titles = warning.sessionIds.map((id) => findSession(board, id)?.title ?? '?').join(' · ');
  return t(`warning.${warning.kind}`, { titles, subject: warning.subject ?? '' });
}

/** What stands in the way, as the screen writes its parts: times and dates in its language, names as they are. */
export function obstacleWords(obstacle: Obstacle | undefined): Record<string, string> {
  if (!obstacle) return {};
  const { kind: _kind, ...fields } = obstacle;
  const said = Object.entries(fields).map(([name, value]: [string, string]) => {
    if (name === 'date') return [name, i18n.shortDate(value)];
    return [name, name === 'time' || name === 'start' || name === 'end' ? i18n.clock(value) : value];
  });
  return Object.fromEntries(said);
}

/** What stands in the way of an undo or redo, in the screen's language. */
export function obstacleText(obstacle: Obstacle): string {
  return t(`undo.obstacle.${obstacle.kind}`, obstacleWords(obstacle));
}
