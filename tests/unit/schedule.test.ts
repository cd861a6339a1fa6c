// What runs when (shared/schedule.ts): the wall clock and zone offsets of the event's time zone,
// now and next over one day and several (kept out of date order), a room's door, double sessions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { entriesOf, learnZoneOffsets, nowAndNext, roomDay, timeOrder, wallClock, zonedDateTimeText, zonedInstant, zoneOffsets } from '../../shared/schedule.ts';
import { sampleBoard } from '../fixtures/board.ts';

function planned(): Board {
  return {
    ...sampleBoard(),
    placements: [
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 't1' },
      { sessionId: 's3', roomId: 'rA', slotId: 't2' },
    ],
  };
}

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

describe('wall clock', () => {
  it('reads date and time in the event time zone', () => {
    expect(wallClock('Europe/Berlin', Date.parse('2026-05-09T08:30:00Z'))).toEqual({ date: '2026-05-09', time: '10:30' });
    expect(wallClock('America/New_York', Date.parse('2026-05-09T03:30:00Z'))).toEqual({ date: '2026-05-08', time: '23:30' });
  });

  it('finds the instant of a wall-clock time (zonedInstant), also around clock changes', () => {
    expect(new Date(zonedInstant('Europe/Berlin', '2026-05-09', '10:00')).toISOString()).toBe('2026-05-09T08:00:00.000Z');
    expect(new Date(zonedInstant('Europe/Berlin', '2026-01-10', '10:00')).toISOString()).toBe('2026-01-10T09:00:00.000Z');
    expect(new Date(zonedInstant('America/New_York', '2026-05-08', '23:30')).toISOString()).toBe('2026-05-09T03:30:00.000Z');
    // 02:30 does not exist on 29 March in Berlin (02:00 → 03:00): an hour on; on 25 October it exists twice: the first.
    expect(new Date(zonedInstant('Europe/Berlin', '2026-03-29', '02:30')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(zonedInstant('Europe/Berlin', '2026-10-25', '02:30')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // The inverse of wallClock for every time that exists.
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / 60_000, max: Date.parse('2027-12-31T00:00:00Z') / 60_000 }), (minute) => {
        for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
          const { date, time } = wallClock(zone, minute * 60_000);
          expect(wallClock(zone, zonedInstant(zone, date, time))).toEqual({ date, time });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('zone offsets sent with a page', () => {
  const DAY = 86_400_000;
  /** Intl's own answer: a zone nobody has sent offsets for. */
  const intl = (timezone: string, at: number) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
  };

  it('finds each change of a year to the minute', () => {
    const year = zoneOffsets('Europe/Berlin', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'));
    expect(year.stretches).toEqual([
      { from: Date.parse('2026-01-01T00:00:00Z'), offsetMinutes: 60 },
      { from: Date.parse('2026-03-29T01:00:00Z'), offsetMinutes: 120 },
      { from: Date.parse('2026-10-25T01:00:00Z'), offsetMinutes: 60 },
    ]);
    expect(year.until).toBe(Date.parse('2027-01-01T00:00:00Z'));
    // Half-hour summer time (Lord Howe Island) and a quarter-hour zone.
    expect(
      zoneOffsets('Australia/Lord_Howe', Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-05-01T00:00:00Z')).stretches.map((s) => s.offsetMinutes),
    ).toEqual([660, 630]);
    const spring = Date.parse('2026-03-01T00:00:00Z');
    expect(zoneOffsets('Asia/Kathmandu', spring, spring + 3 * DAY).stretches).toEqual([{ from: spring, offsetMinutes: 345 }]);
  });

  it('tells the same time as Intl at any instant they cover, and Intl beyond them', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham'];
    const from = Date.parse('2026-02-01T00:00:00Z');
    const until = Date.parse('2027-06-01T00:00:00Z');
    for (const zone of zones) learnZoneOffsets(zoneOffsets(zone, from, until));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: from - 30 * DAY, max: until + 30 * DAY }), (zone, at) => {
        expect(wallClock(zone, at)).toEqual(intl(zone, at));
      }),
      { numRuns: 3000 },
    );
  });

  it('uses the offsets it was sent rather than Intl', () => {
    // Offsets for a made-up zone name: only arithmetic can answer.
    learnZoneOffsets({
      timezone: 'Test/Sent',
      stretches: [
        { from: 0, offsetMinutes: 90 },
        { from: DAY, offsetMinutes: -30 },
      ],
      until: 2 * DAY,
    });
    expect(wallClock('Test/Sent', DAY - 1)).toEqual({ date: '1970-01-02', time: '01:29' });
    expect(wallClock('Test/Sent', DAY)).toEqual({ date: '1970-01-01', time: '23:30' });
    expect(() => wallClock('Test/Sent', 2 * DAY)).toThrow(RangeError);
    expect(() => wallClock('Test/Sent', -1)).toThrow(RangeError);
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

describe('nowAndNext', () => {
  it('before the day: the first session slot is next', () => {
    expect(nowAndNext(planned(), { date: '2026-05-09', time: '08:00' })).toMatchObject({ phase: 'before', now: undefined, next: { id: 't1' } });
    expect(nowAndNext(planned(), { date: '2026-05-01', time: '12:00' })).toMatchObject({ phase: 'before', next: { id: 't1' } });
  });
  it('during a slot: now is that slot, next the following session slot', () => {
    expect(nowAndNext(planned(), { date: '2026-05-09', time: '10:15' })).toMatchObject({ phase: 'during', now: { id: 't1' }, next: { id: 't2' } });
  });
  it('during lunch: now is the break', () => {
    expect(nowAndNext(planned(), { date: '2026-05-09', time: '12:30' })).toMatchObject({ now: { id: 'tL', kind: 'break' }, next: { id: 't2' } });
  });
  it('between slots: nothing now, the next one next', () => {
    expect(nowAndNext(planned(), { date: '2026-05-09', time: '11:00' })).toMatchObject({ now: undefined, next: { id: 't2' } });
  });
  it('after the last slot: the day is over', () => {
    expect(nowAndNext(planned(), { date: '2026-05-09', time: '18:00' })).toMatchObject({ phase: 'after', now: undefined, next: undefined });
  });
});

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

describe('entriesOf and roomDay', () => {
  it('lists the sessions of a slot by room order, without withdrawn ones', () => {
    const board = planned();
    const t1 = board.slots[0]!;
    expect(entriesOf(board, t1).map((e) => `${e.room.id}:${e.session.id}`)).toEqual(['rA:s1', 'rB:s2']);
    const withdrawn = { ...board, sessions: board.sessions.map((s) => (s.id === 's2' ? { ...s, status: 'withdrawn' as const } : s)) };
    expect(entriesOf(withdrawn, t1).map((e) => e.session.id)).toEqual(['s1']);
  });
  it("gives a room's now, next and later", () => {
    const day = roomDay(planned(), 'rA', { date: '2026-05-09', time: '10:10' });
    expect(day.now).toMatchObject({ slot: { id: 't1' }, session: { id: 's1' } });
    expect(day.next).toMatchObject({ slot: { id: 't2' }, session: { id: 's3' } });
    expect(day.later).toEqual([]);
    const early = roomDay(planned(), 'rB', { date: '2026-05-09', time: '07:00' });
    expect(early.now).toBeUndefined();
    expect(early.next).toMatchObject({ slot: { id: 't1' }, session: { id: 's2' } });
    expect(early.later).toMatchObject([{ slot: { id: 't2' }, slots: [{ id: 't2' }], session: undefined }]);
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

/** Room A holds s1 as a double session over 10:00 and 11:00; s3 follows after lunch. */
function withDouble(): Board {
  const board = sampleBoard();
  return {
    ...board,
    slots: [...board.slots, { id: 't1b', dayId: 'd1', start: '11:00', end: '11:45', kind: 'session', label: '' }],
    placements: [
      { sessionId: 's1', roomId: 'rA', slotId: 't1b' },
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 't1b' },
      { sessionId: 's3', roomId: 'rA', slotId: 't2' },
    ],
  };
}

describe('double sessions in lists', () => {
  it('entriesOf gives both slots and marks the second one as continued', () => {
    const board = withDouble();
    const [first] = entriesOf(
      board,
      board.slots.find((s) => s.id === 't1')!,
    );
    expect(first).toMatchObject({ session: { id: 's1' }, continued: false, slots: [{ id: 't1' }, { id: 't1b' }] });
    const second = entriesOf(
      board,
      board.slots.find((s) => s.id === 't1b')!,
    );
    expect(second.map((e) => [e.session.id, e.continued])).toEqual([
      ['s1', true],
      ['s2', false],
    ]);
  });
  it('roomDay shows a double session once, running through both slots', () => {
    const early = roomDay(withDouble(), 'rA', { date: '2026-05-09', time: '08:00' });
    expect(early.next).toMatchObject({ session: { id: 's1' }, slots: [{ id: 't1' }, { id: 't1b' }] });
    expect(early.later.map((e) => e.session?.id)).toEqual(['s3']);
    const inSecondHalf = roomDay(withDouble(), 'rA', { date: '2026-05-09', time: '11:20' });
    expect(inSecondHalf.now).toMatchObject({ session: { id: 's1' } });
    expect(inSecondHalf.next).toMatchObject({ session: { id: 's3' } });
  });
  it('timeOrder sorts by day and start, unplaced last', () => {
    const board = withDouble();
    const order = ['s3', 'sW', 's2', 's1'].sort((a, b) => timeOrder(board, a).localeCompare(timeOrder(board, b)));
    expect(order).toEqual(['s1', 's2', 's3', 'sW']);
  });
});

describe('a wall-clock time with its offset', () => {
  it('is an RFC 3339 date-time with the zone’s offset on that day, east and west of UTC, in half hours too', () => {
    expect(zonedDateTimeText('Europe/Berlin', '2026-05-09', '10:00')).toBe('2026-05-09T10:00:00+02:00');
    expect(zonedDateTimeText('Europe/Berlin', '2026-11-28', '10:00')).toBe('2026-11-28T10:00:00+01:00');
    expect(zonedDateTimeText('America/New_York', '2026-05-09', '09:30')).toBe('2026-05-09T09:30:00-04:00');
    expect(zonedDateTimeText('Asia/Kolkata', '2026-05-09', '23:59')).toBe('2026-05-09T23:59:00+05:30');
    expect(zonedDateTimeText('UTC', '2026-05-09', '00:00')).toBe('2026-05-09T00:00:00+00:00');
    // The instant it names is the one the zone's wall clock shows.
    const text = zonedDateTimeText('America/New_York', '2026-11-01', '12:15');
    expect(wallClock('America/New_York', Date.parse(text))).toEqual({ date: '2026-11-01', time: '12:15' });
  });
});
