// The plan as rows for calendars and the CSV (shared/plan-rows.ts).
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import type { Board } from '../../shared/board.ts';
import { calendarRows, planRows, sessionNotices } from '../../shared/plan-rows.ts';
import { sampleBoard, session } from '../fixtures/board.ts';

/** The sample board with a second day (its own slot) and a few sessions placed out of order. */
function twoDays(): Board {
  const board = sampleBoard();
  board.days.push({ id: 'd2', date: '2026-05-10', label: '' });
  board.slots.push({ id: 'u1', dayId: 'd2', start: '09:00', end: '09:45', kind: 'session', label: '' });
  board.sessions.push(session('s4'));
  return applyAll(board, [
    { type: 'session.placed', sessionId: 's4', roomId: 'rA', slotId: 'u1' },
    { type: 'session.placed', sessionId: 's3', roomId: 'rB', slotId: 't1' },
    { type: 'session.placed', sessionId: 's2', roomId: 'rA', slotId: 't2' },
    { type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' },
    // Withdrawn while still in a cell: not in any calendar.
    { type: 'session.placed', sessionId: 'sW', roomId: 'rB', slotId: 't2' },
  ]);
}

describe('plan rows', () => {
  it('lists the placed sessions by day, time and room order, then the others as they came in', () => {
    const rows = planRows(twoDays());
    expect(
      rows.map((r) => `${r.session.id} ${r.status} ${r.place ? `${r.place.date} ${r.place.start}-${r.place.end} ${r.place.room.id}` : ''}`.trim()),
    ).toEqual([
      's1 placed 2026-05-09 10:00-10:45 rA',
      's3 placed 2026-05-09 10:00-10:45 rB',
      's2 placed 2026-05-09 13:00-13:45 rA',
      's4 placed 2026-05-10 09:00-09:45 rA',
      'sW withdrawn',
    ]);
    const unplaced = planRows(sampleBoard());
    expect(unplaced.map((r) => `${r.session.id} ${r.status}`)).toEqual(['s1 unplaced', 's2 unplaced', 's3 unplaced', 'sW withdrawn']);
  });

  it('runs a double session from its first start to its second end, in UTC instants of the event’s zone', () => {
    const board = applyAll(twoDays(), [
      { type: 'session.unplaced', sessionId: 's2' },
      { type: 'session.extended', sessionId: 's1', roomId: 'rA', slotId: 't2' },
    ]);
    const [first] = planRows(board);
    expect(first!.place).toMatchObject({ start: '10:00', end: '13:45' });
    expect(new Date(first!.place!.startsAt).toISOString()).toBe('2026-05-09T08:00:00.000Z');
    expect(new Date(first!.place!.endsAt).toISOString()).toBe('2026-05-09T11:45:00.000Z');
  });

  it('gives a calendar the placed sessions of a room, or of the ids given (unknown ones left out)', () => {
    const board = twoDays();
    expect(calendarRows(board).map((r) => r.session.id)).toEqual(['s1', 's3', 's2', 's4']);
    expect(calendarRows(board, { roomId: 'rB' }).map((r) => r.session.id)).toEqual(['s3']);
    expect(calendarRows(board, { sessionIds: ['s4', 'nobody', 'sW', 's1'] }).map((r) => r.session.id)).toEqual(['s1', 's4']);
    expect(calendarRows(board, { sessionIds: [] })).toEqual([]);
  });

  it('orders rooms by their position as a number: the 11th after the 3rd', () => {
    const board = sampleBoard();
    const rooms = Array.from({ length: 12 }, (_, position) => ({ id: `r${position}`, name: `Raum ${position}`, capacity: null, projector: false, position }));
    const placed = applyAll({ ...board, rooms }, [
      { type: 'session.placed', sessionId: 's1', roomId: 'r10', slotId: 't1' },
      { type: 'session.placed', sessionId: 's2', roomId: 'r2', slotId: 't1' },
    ]);
    expect(calendarRows(placed).map((r) => r.place.room.id)).toEqual(['r2', 'r10']);
  });
});

describe('session notices (what a phone that starred a session hears)', () => {
  const placed = (board: Board, sessionId: string, roomId: string, slotId: string) => applyAll(board, [{ type: 'session.placed', sessionId, roomId, slotId }]);
  const changesOf = (before: Board, after: Board, ids = ['s1']) => sessionNotices(before, after, ids).map((notice) => [notice.row.session.id, notice.changes]);

  it('says a session placed, moved to another room, retimed, retitled, taken off and withdrawn; each change once', () => {
    const board = sampleBoard();
    const inA = placed(board, 's1', 'rA', 't1');
    expect(changesOf(board, inA)).toEqual([['s1', ['placed']]]);
    expect(changesOf(inA, placed(inA, 's1', 'rB', 't1'))).toEqual([['s1', ['moved']]]);
    expect(changesOf(inA, placed(inA, 's1', 'rB', 't2'))).toEqual([['s1', ['moved', 'retimed']]]);
    expect(changesOf(inA, applyAll(inA, [{ type: 'room.updated', roomId: 'rA', changes: { name: 'Saal' } }]))).toEqual([['s1', ['moved']]]);
    const retitled = applyAll(inA, [{ type: 'session.updated', sessionId: 's1', changes: { title: 'Neu' }, revision: 2 }]);
    expect(changesOf(inA, retitled)).toEqual([['s1', ['retitled']]]);
    expect(changesOf(inA, applyAll(inA, [{ type: 'session.unplaced', sessionId: 's1' }]))).toEqual([['s1', ['unplaced']]]);
    expect(
      changesOf(
        inA,
        applyAll(inA, [
          { type: 'session.unplaced', sessionId: 's1' },
          { type: 'session.withdrawn', sessionId: 's1' },
        ]),
      ),
    ).toEqual([['s1', ['withdrawn']]]);
  });

  it('says nothing for a change the phone need not hear, for a session not starred, or twice for one starred twice', () => {
    const inA = placed(sampleBoard(), 's1', 'rA', 't1');
    expect(changesOf(inA, applyAll(inA, [{ type: 'session.interest_set', sessionId: 's1', interest: 30 }]))).toEqual([]);
    expect(changesOf(inA, placed(inA, 's2', 'rB', 't1'))).toEqual([]);
    expect(changesOf(inA, placed(inA, 's1', 'rB', 't1'), ['s1', 's1', 'nope'])).toEqual([['s1', ['moved']]]);
    expect(changesOf(inA, inA)).toEqual([]);
  });
});
