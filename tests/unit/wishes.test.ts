import { describe, expect, it } from 'vitest';
import type { Board, SessionWishes, Slot } from '../../shared/board.ts';
import { lunchOf, wishConflicts } from '../../shared/wishes.ts';
import { campBoard, sampleBoard } from '../fixtures/board.ts';

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

describe('the lunch break', () => {
  type Slots = Array<[start: string, end: string, kind: Slot['kind']]>;
  const lunchAmong = (slots: Slots) =>
    lunchOf({ ...campBoard([]), slots: slots.map(([start, end, kind], i) => ({ id: `s${i}`, dayId: 'd1', start, end, kind, label: '' })) }, 'd1')?.id;

  it.each<[string, Slots, string | undefined]>([
    [
      'the longest break, not a longer session slot',
      [
        ['10:15', '10:45', 'break'],
        ['12:00', '13:00', 'break'],
        ['14:00', '15:30', 'session'],
      ],
      's1',
    ],
    [
      'counted to the minute',
      [
        ['10:05', '10:55', 'break'],
        ['12:30', '13:00', 'break'],
      ],
      's0',
    ],
    [
      'the first of equals',
      [
        ['11:00', '11:30', 'break'],
        ['15:00', '15:30', 'break'],
      ],
      's0',
    ],
    ['none without a break', [['10:00', '10:45', 'session']], undefined],
  ])('is %s', (_what, slots, lunch) => {
    expect(lunchAmong(slots)).toBe(lunch);
  });
});
