import { describe, expect, it } from 'vitest';
import type { Board, SessionWishes } from '../../shared/board.ts';
import { lunchOf, wishConflicts } from '../../shared/wishes.ts';
import { sampleBoard } from '../fixtures/board.ts';

function placedWith(wishes: Partial<SessionWishes>, slotId: string): Board {
  const board = sampleBoard();
  return {
    ...board,
    sessions: board.sessions.map((s) => (s.id === 's1' ? { ...s, wishes: { ...s.wishes, ...wishes } } : s)),
    placements: [{ sessionId: 's1', roomId: 'rA', slotId }],
  };
}

describe('wishConflicts', () => {
  it('finds the lunch break of a day', () => {
    expect(lunchOf(sampleBoard(), 'd1')?.id).toBe('tL');
  });

  it('flags a session placed on the wrong side of lunch', () => {
    expect(wishConflicts(placedWith({ timing: 'before_lunch' }, 't2'), 's1')).toEqual(['wants_before_lunch']);
    expect(wishConflicts(placedWith({ timing: 'before_lunch' }, 't1'), 's1')).toEqual([]);
    expect(wishConflicts(placedWith({ timing: 'after_lunch' }, 't1'), 's1')).toEqual(['wants_after_lunch']);
    expect(wishConflicts(placedWith({ timing: 'after_lunch' }, 't2'), 's1')).toEqual([]);
  });

  it('flags a slot that ends after the giver has to leave', () => {
    expect(wishConflicts(placedWith({ leaveBy: '13:30' }, 't2'), 's1')).toEqual(['leaves_before_end']);
    expect(wishConflicts(placedWith({ leaveBy: '13:45' }, 't2'), 's1')).toEqual([]);
  });

  it('says nothing about unplaced sessions', () => {
    expect(wishConflicts(sampleBoard(), 's1')).toEqual([]);
  });
});
