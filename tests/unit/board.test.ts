// The board's shared readings: the grid of a day, and what lies in a room, a slot or a day.
import { describe, expect, it } from 'vitest';
import {
  bookableCells,
  cellIn,
  dayGrid,
  nearestFreeCells,
  nextSlotOf,
  placementsIn,
  sortableOrder,
  timerRemaining,
  unplacedSessions,
  type Board,
} from '../../shared/board.ts';
import { NOW, sampleBoard } from '../fixtures/board.ts';

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

describe('the smaller readings (found by a mutation run)', () => {
  /** Three rooms, three session slots on the first day and one on a second day. */
  function roomy(): Board {
    const board = sampleBoard();
    const slot = (id: string, dayId: string, start: string, end: string) => ({ id, dayId, start, end, kind: 'session' as const, label: '' });
    return {
      ...board,
      days: [board.days[0]!, { id: 'd2', date: '2026-05-10', label: '' }],
      rooms: [...board.rooms, { id: 'rC', name: 'Room C', capacity: null, projector: false, position: 2 }],
      slots: [slot('t3', 'd1', '15:00', '15:45'), slot('t1', 'd1', '10:00', '10:45'), slot('t2', 'd1', '11:00', '11:45'), slot('u1', 'd2', '09:00', '09:45')],
      placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }],
      blocked: [{ roomId: 'rC', slotId: 't3' }],
    };
  }

  it('orders text by its code points', () => {
    expect([sortableOrder('a', 'b'), sortableOrder('b', 'a'), sortableOrder('a', 'a'), sortableOrder('Z', 'a')]).toEqual([-1, 1, 0, -1]);
  });

  it('finds the session slot right after another, not across a break or past the end of the day', () => {
    const board = roomy();
    expect(nextSlotOf(board, 't1')?.id).toBe('t2');
    expect(nextSlotOf(board, 't2')?.id).toBe('t3');
    expect(nextSlotOf(board, 't3')).toBeUndefined();
    expect(nextSlotOf(board, 'gone')).toBeUndefined();
    // In the sample board a lunch break follows 10:00; after the break comes 13:00.
    expect(nextSlotOf(sampleBoard(), 't1')).toBeUndefined();
    expect(nextSlotOf(sampleBoard(), 'tL')?.id).toBe('t2');
  });

  it('keeps withdrawn sessions out of the tray', () => {
    expect(unplacedSessions(sampleBoard()).map((s) => s.id)).toEqual(['s1', 's2', 's3']);
  });

  it('counts a countdown down only while it runs', () => {
    const timer = { durationMs: 30_000, remainingMs: 12_000, runningSince: null };
    expect(timerRemaining(timer, NOW)).toBe(12_000);
    expect(timerRemaining({ ...timer, runningSince: NOW - 2_000 }, NOW)).toBe(10_000);
    expect(timerRemaining({ ...timer, runningSince: NOW - 20_000 }, NOW)).toBe(0);
  });

  it('offers the free cells nearest to a lost one: the same slot by room distance, then the next slots, the other day last', () => {
    const board = roomy();
    const near = nearestFreeCells(board, { roomId: 'rA', slotId: 't2' }, 20).map((c) => `${c.roomId}@${c.slotId}`);
    expect(near).toEqual(['rB@t2', 'rC@t2', 'rA@t3', 'rB@t1', 'rB@t3', 'rC@t1', 'rA@u1', 'rB@u1', 'rC@u1']);
    expect(nearestFreeCells(board, { roomId: 'rC', slotId: 't1' }).map((c) => `${c.roomId}@${c.slotId}`)).toEqual(['rB@t1', 'rC@t2', 'rB@t2']);
  });
});
