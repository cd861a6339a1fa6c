// Suggestions and the lunch break in the details the mutation run found untested: the order of
// the cells suggested, a session's own cell and hosts, full rooms, each reason, ties, and which
// break is the lunch.
import { describe, expect, it } from 'vitest';
import { NO_WISHES, type Board, type Slot } from '../../shared/board.ts';
import { autofill, suggestCells } from '../../shared/suggest.ts';
import { lunchOf } from '../../shared/wishes.ts';
import { campBoard, session } from '../fixtures/board.ts';

const cells = (board: Board, sessionId: string, limit = 3) => suggestCells(board, sessionId, limit).map((s) => `${s.roomId}@${s.slotId}`);

describe('which cells come first', () => {
  it('the earliest time, in it the smallest room that seats everyone, then the room order among equals', () => {
    const board = campBoard([session('a', { interest: 5 })], [60, 10, 25]);
    expect(cells(board, 'a', 4)).toEqual(['r1@t10', 'r2@t10', 'r0@t10', 'r1@t11']);
    const equal = campBoard([session('a', { interest: 5 })], [25, 25]);
    expect(cells(equal, 'a', 3)).toEqual(['r0@t10', 'r1@t10', 'r0@t11']);
  });

  it('a room as big as the hands raised fits', () => {
    expect(cells(campBoard([session('a', { interest: 10 })], [10, 25]), 'a', 1)).toEqual(['r0@t10']);
    expect(cells(campBoard([session('a', { interest: 11 })], [10, 25]), 'a', 1)).toEqual(['r1@t10']);
  });
});

describe('a session already on the plan', () => {
  it('may stay in its own cell, and does not clash with itself or with a withdrawn session left on the board', () => {
    let board = campBoard([session('a', { host: 'Anna', tags: ['KI'] }), session('w', { host: 'Anna', tags: ['KI'], status: 'withdrawn' })], [25, 10]);
    board = {
      ...board,
      placements: [
        { sessionId: 'a', roomId: 'r0', slotId: 't10' },
        { sessionId: 'w', roomId: 'r0', slotId: 't11' },
      ],
    };
    expect(cells(board, 'a', 4)).toEqual(['r1@t10', 'r0@t10', 'r1@t11', 'r1@t13']);
  });
});

describe('the reasons given', () => {
  it('names each wish kept and a tag nobody shares', () => {
    const wishes = { ...NO_WISHES, timing: 'before_lunch' as const, leaveBy: '12:00' };
    const board = campBoard([session('a', { tags: ['KI'], wishes })], [25]);
    expect(suggestCells(board, 'a', 1)).toEqual([{ roomId: 'r0', slotId: 't10', reasons: ['seats_fit', 'before_lunch', 'leaves_in_time', 'no_shared_tag'] }]);
  });
});

describe('auto-fill among equals', () => {
  it('gives the best cell to the session pitched first when as many hands were raised', () => {
    const board = campBoard([session('b', { host: 'Ben', interest: 5 }), session('a', { host: 'Anna', interest: 5 })], [10, 25]);
    expect(autofill(board)).toEqual([
      { sessionId: 'b', roomId: 'r0', slotId: 't10' },
      { sessionId: 'a', roomId: 'r1', slotId: 't10' },
    ]);
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
