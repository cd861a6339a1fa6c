// Plain-language descriptions of board places, shared by the views.
import type { Board, Cell } from '../../shared/board.ts';
import { slotEnd, slotStart } from './format.ts';

// A type alias, not an interface: it fills {placeholders} of t() directly.
export type CellText = { room: string; start: string; end: string };

export function cellText(board: Board, cell: Cell): CellText {
  const room = board.rooms.find((r) => r.id === cell.roomId);
  const slot = board.slots.find((s) => s.id === cell.slotId);
  return { room: room?.name ?? '', start: slot ? slotStart(slot) : '', end: slot ? slotEnd(slot) : '' };
}
