// What runs when, in the details the mutation run found untested: an event of several days kept
// out of date order, the minute a slot starts or ends, a day that is over before its first slot's
// time, and a room's door on such days.
import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { nowAndNext, roomDay, timeOrder, zoneOffsets } from '../../shared/schedule.ts';
import { sampleBoard } from '../fixtures/board.ts';

/**
 * Three days, listed out of date order: Sunday first, then Saturday, then Monday. Saturday has
 * 10:00, lunch, 13:00; Sunday starts with an arrival break before its first session; Monday has
 * one slot. Room A: free at 10:00 on Saturday, s3 at 13:00; room B: s1 at 10:00 and a withdrawn
 * session left at 13:00.
 */
function threeDays(): Board {
  const board = sampleBoard();
  return {
    ...board,
    days: [
      { id: 'd2', date: '2026-05-10', label: '' },
      { id: 'd1', date: '2026-05-09', label: '' },
      { id: 'd3', date: '2026-05-11', label: '' },
    ],
    slots: [
      ...board.slots,
      { id: 'u0', dayId: 'd2', start: '09:00', end: '09:30', kind: 'break', label: 'Ankommen' },
      { id: 'u1', dayId: 'd2', start: '09:30', end: '10:15', kind: 'session', label: '' },
      { id: 'v1', dayId: 'd3', start: '11:00', end: '11:45', kind: 'session', label: '' },
    ],
    placements: [
      { sessionId: 's3', roomId: 'rA', slotId: 't2' },
      { sessionId: 's1', roomId: 'rB', slotId: 't1' },
      { sessionId: 'sW', roomId: 'rB', slotId: 't2' },
      { sessionId: 's2', roomId: 'rA', slotId: 'u1' },
    ],
  };
}

const at = (date: string, time: string) => nowAndNext(threeDays(), { date, time });
const summary = ({ phase, dayId, now, next }: ReturnType<typeof nowAndNext>) => [phase, dayId, now?.id, next?.id];

describe('nowAndNext over several days', () => {
  it('shows the first day by date before the event, and a day of its own when it is today', () => {
    expect(summary(at('2026-05-08', '12:00'))).toEqual(['before', 'd1', undefined, 't1']);
    // Sunday begins with a break: the next thing is its first session slot.
    expect(summary(at('2026-05-10', '08:00'))).toEqual(['before', 'd2', undefined, 'u1']);
    expect(summary(at('2026-05-09', '20:00'))).toEqual(['after', 'd1', undefined, undefined]);
  });

  it('shows the last day by date as over once the event is, whatever the time', () => {
    expect(summary(at('2026-05-12', '08:00'))).toEqual(['after', 'd3', undefined, undefined]);
    expect(summary(at('2026-05-12', '11:15'))).toEqual(['after', 'd3', undefined, undefined]);
  });

  it('has a slot start at its first minute and end at its last, and the day end with its last slot', () => {
    expect(summary(at('2026-05-09', '10:00'))).toEqual(['during', 'd1', 't1', 't2']);
    expect(summary(at('2026-05-09', '10:45'))).toEqual(['during', 'd1', undefined, 't2']);
    expect(summary(at('2026-05-09', '13:30'))).toEqual(['during', 'd1', 't2', undefined]);
    expect(summary(at('2026-05-09', '13:45'))).toEqual(['after', 'd1', undefined, undefined]);
  });
});

describe("a room's door over several days", () => {
  const door = (roomId: string, date: string, time: string) => {
    const { now, next, later } = roomDay(threeDays(), roomId, { date, time });
    const entry = (e: typeof now) => e && `${e.slot.id}:${e.session?.id ?? 'free'}`;
    return { now: entry(now), next: entry(next), later: later.map(entry) };
  };

  it('lists the whole first day before the event, whatever the time, free slots too', () => {
    expect(door('rA', '2026-05-08', '10:15')).toEqual({ now: undefined, next: 't1:free', later: ['t2:s3'] });
    expect(door('rA', '2026-05-08', '14:00')).toEqual({ now: undefined, next: 't1:free', later: ['t2:s3'] });
  });

  it('shows a withdrawn session left on the plan as a free slot', () => {
    expect(door('rB', '2026-05-09', '08:00')).toEqual({ now: undefined, next: 't1:s1', later: ['t2:free'] });
  });

  it('has the session run from its first minute until before its last, and nothing next that started already', () => {
    expect(door('rA', '2026-05-09', '13:00')).toEqual({ now: 't2:s3', next: undefined, later: [] });
    expect(door('rB', '2026-05-09', '10:00')).toEqual({ now: 't1:s1', next: 't2:free', later: [] });
    expect(door('rB', '2026-05-09', '10:45')).toEqual({ now: undefined, next: 't2:free', later: [] });
  });

  it('is empty once the event is over, even at a time before the last day’s slots', () => {
    expect(door('rA', '2026-05-12', '08:00')).toEqual({ now: undefined, next: undefined, later: [] });
  });
});

describe('timeOrder and zone offsets', () => {
  it("sorts by the date of the session's own day", () => {
    const board = threeDays();
    expect(timeOrder(board, 's1')).toBe('2026-05-09|10:00');
    expect(timeOrder(board, 's2')).toBe('2026-05-10|09:30');
  });

  it('covers the time asked for, to the minute', () => {
    const from = Date.parse('2026-05-09T00:00:00Z');
    const offsets = zoneOffsets('Europe/Berlin', from, from + 3 * 3_600_000 + 30_000);
    expect(offsets).toEqual({ timezone: 'Europe/Berlin', stretches: [{ from, offsetMinutes: 120 }], until: from + 3 * 3_600_000 + 60_000 });
  });
});
