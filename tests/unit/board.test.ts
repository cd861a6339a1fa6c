// The board's shared readings: the grid of a day, and what lies in a room, a slot or a day.
import { describe, expect, it } from 'vitest';
import { bookableCells, cellIn, dayGrid, placementsIn, type Board } from '../../shared/board.ts';
import { sampleBoard } from '../fixtures/board.ts';

/** The sample board with a second day and its rooms in the other order. */
function twoDays(): Board {
  const board = sampleBoard();
  return {
    ...board,
    days: [...board.days, { id: 'd2', date: '2026-05-10', label: '' }],
    rooms: [
      { ...board.rooms[0]!, position: 1 },
      { ...board.rooms[1]!, position: 0 },
    ],
    slots: [...board.slots, { id: 'u1', dayId: 'd2', start: '09:00', end: '09:45', kind: 'session', label: '' }],
    placements: [
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 't2' },
      { sessionId: 's3', roomId: 'rA', slotId: 'u1' },
    ],
  };
}

describe('the grid of a day', () => {
  it('has a row per session slot in time order (no breaks) and a cell per room in display order', () => {
    expect(dayGrid(twoDays(), 'd1')).toEqual([
      [
        { roomId: 'rB', slotId: 't1' },
        { roomId: 'rA', slotId: 't1' },
      ],
      [
        { roomId: 'rB', slotId: 't2' },
        { roomId: 'rA', slotId: 't2' },
      ],
    ]);
    expect(dayGrid(twoDays(), 'd2')).toEqual([
      [
        { roomId: 'rB', slotId: 'u1' },
        { roomId: 'rA', slotId: 'u1' },
      ],
    ]);
    expect(dayGrid(twoDays(), 'nowhere')).toEqual([]);
  });

  it('gives every bookable cell, day by day', () => {
    expect(bookableCells(twoDays())).toEqual([...dayGrid(twoDays(), 'd1').flat(), ...dayGrid(twoDays(), 'd2').flat()]);
  });
});

describe('what lies in a room, a slot or a day', () => {
  it('finds the placements of each', () => {
    const board = twoDays();
    const sessions = (part: Parameters<typeof placementsIn>[1]) => placementsIn(board, part).map((p) => p.sessionId);
    expect(sessions({ roomId: 'rA' })).toEqual(['s1', 's3']);
    expect(sessions({ slotId: 't2' })).toEqual(['s2']);
    expect(sessions({ dayId: 'd1' })).toEqual(['s1', 's2']);
    expect(sessions({ dayId: 'd2' })).toEqual(['s3']);
    expect(cellIn(board, { dayId: 'd2' })({ roomId: 'rB', slotId: 't1' })).toBe(false);
  });
});
