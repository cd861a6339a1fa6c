// An event's frame from what its maker wrote (shared/event-frame.ts): rooms and slots read from
// text, each refusal's exact sentence, the limits at their boundaries, what is trimmed where,
// which slots share a day, and the days, rooms and slots built from them.
import { describe, expect, it } from 'vitest';
import { isValidDate } from '../../shared/fields.ts';
import { LIMITS } from '../../shared/limits.ts';
import {
  buildFrame,
  checkedRooms,
  checkedSlots,
  FrameSpecError,
  isValidTimezone,
  parseRoom,
  parseRooms,
  parseSlot,
  parseSlots,
  todayIn,
  type SlotSpec,
} from '../../shared/event-frame.ts';
import { countingIds } from '../fixtures/board.ts';

const session = (start: string, end: string, more: Partial<SlotSpec> = {}): SlotSpec => ({ start, end, kind: 'session', label: '', ...more });
/** `count` session slots of 10 minutes from 08:00, one after the other. */
const sessions = (count: number, more: Partial<SlotSpec> = {}) =>
  Array.from({ length: count }, (_, i) => {
    const at = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return session(at(480 + i * 10), at(480 + i * 10 + 10), more);
  });

describe('dates and time zones', () => {
  it('knows a date only in YYYY-MM-DD that exists, and a time zone Intl knows', () => {
    expect(['2026-05-09', '2028-02-29'].map(isValidDate)).toEqual([true, true]);
    expect(['9.5.2026', '2026-5-9', '2027-02-29', ''].map(isValidDate)).toEqual([false, false, false, false]);
    expect(isValidTimezone('Europe/Berlin')).toBe(true);
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
  });
});

describe('parseRooms', () => {
  it('reads names with optional capacities', () => {
    expect(parseRooms('A:40, Großer Saal : 80 ,Werkstatt')).toEqual([
      { name: 'A', capacity: 40 },
      { name: 'Großer Saal', capacity: 80 },
      { name: 'Werkstatt', capacity: null },
    ]);
  });
  it('needs at least one room', () => {
    expect(() => parseRooms(' , ')).toThrow(FrameSpecError);
  });
});

describe('one room or slot per line (the home page)', () => {
  it('keeps commas and colons in a room name; only a last ":NUMBER" is the capacity', () => {
    expect(parseRoom('Bibliothek, Lesesaal:30')).toEqual({ name: 'Bibliothek, Lesesaal', capacity: 30 });
    expect(parseRoom(' Raum 1: Nord ')).toEqual({ name: 'Raum 1: Nord', capacity: null });
    expect(parseRoom('Raum 1: Nord:12')).toEqual({ name: 'Raum 1: Nord', capacity: 12 });
    expect(() => parseRoom('  ')).toThrow(FrameSpecError);
    expect(parseSlot('9:00-9:45')).toEqual({ start: '09:00', end: '09:45', kind: 'session', label: '' });
    expect(parseSlot('Lunch 12:00-13:00', 'Mittagspause')).toEqual({ start: '12:00', end: '13:00', kind: 'break', label: 'Mittagspause' });
    expect(parseSlot('Kaffee, Kuchen 15:00-15:30')).toMatchObject({ kind: 'break', label: 'Kaffee, Kuchen' });
  });

  /** The refusal a line meets, as the home page says it. */
  const refusalOf = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      if (error instanceof FrameSpecError) return error.refusal;
      throw error;
    }
    throw new Error('not refused');
  };

  it('refuses a capacity that is not a number instead of making it part of the name, naming the line', () => {
    for (const line of ['Raum B:abc', 'Raum C:-5', 'Raum D: 2.5', 'Raum E:', 'Raum F:20 Plätze']) {
      expect(refusalOf(() => parseRoom(line))).toEqual({
        code: 'invalid',
        reason: 'room_capacity',
        message: `"${line}": after the colon comes the number of seats, 1 to ${LIMITS.capacity}.`,
        field: 'rooms',
        line,
        limit: LIMITS.capacity,
      });
    }
    expect(refusalOf(() => parseRoom(':12'))).toMatchObject({ reason: 'room_line', line: ':12' });
  });

  it('names the slot line that does not parse, and why', () => {
    expect(refusalOf(() => parseSlot('Vormittag'))).toMatchObject({ reason: 'slot_line', field: 'slots', line: 'Vormittag' });
    expect(refusalOf(() => parseSlots('10:00-10:45,10:30-11:15'))).toMatchObject({
      reason: 'overlap',
      line: '10:00-10:45',
      obstacle: { kind: 'overlap', start: '10:30', end: '11:15' },
    });
    expect(refusalOf(() => parseSlots('11:00-10:00'))).toMatchObject({ reason: 'slot_backwards', line: '11:00-10:00' });
    expect(refusalOf(() => parseSlots('25:00-26:00'))).toMatchObject({ reason: 'slot_time', line: '25:00-26:00' });
    expect(refusalOf(() => parseSlots('lunch 12:00-13:00'))).toMatchObject({ reason: 'needs_session_slot' });
  });
});

describe('rooms', () => {
  it('skips empty parts of a list, and reads a room on its own with the spaces around its parts gone', () => {
    expect(parseRooms('A:40,,B, ,C')).toEqual([
      { name: 'A', capacity: 40 },
      { name: 'B', capacity: null },
      { name: 'C', capacity: null },
    ]);
    expect(parseRoom('Saal : 80')).toEqual({ name: 'Saal', capacity: 80 });
    expect(parseRoom('Saal:80 ')).toEqual({ name: 'Saal', capacity: 80 });
    expect(() => parseRoom('   ')).toThrow('"   " is not a room: write NAME or NAME:CAPACITY.');
  });

  it('refuses a room without a name, a name too long, a capacity out of bounds and too many rooms, each with its sentence', () => {
    expect(() => checkedRooms([{ name: '  ', capacity: null }])).toThrow('Every room needs a name.');
    const longest = 'R'.repeat(LIMITS.roomName);
    expect(checkedRooms([{ name: ` ${longest} `, capacity: null }])).toEqual([{ name: longest, capacity: null }]);
    expect(() => checkedRooms([{ name: `${longest}x`, capacity: null }])).toThrow(
      `A room name must have 1 to ${LIMITS.roomName} characters: "${'R'.repeat(20)}…".`,
    );
    for (const capacity of [1, LIMITS.capacity, null]) expect(checkedRooms([{ name: 'A', capacity }])[0]!.capacity).toBe(capacity);
    for (const capacity of [0, -1, 1.5, LIMITS.capacity + 1]) {
      expect(() => checkedRooms([{ name: 'A', capacity }])).toThrow(`"A": a room holds 1 to ${LIMITS.capacity} people.`);
    }
    const rooms = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `Raum ${i}`, capacity: null }));
    expect(checkedRooms(rooms(LIMITS.rooms))).toHaveLength(LIMITS.rooms);
    expect(() => checkedRooms(rooms(LIMITS.rooms + 1))).toThrow(`At most ${LIMITS.rooms} rooms.`);
  });
});

describe('parseSlots', () => {
  it('reads session slots and labelled breaks, sorted by time', () => {
    expect(parseSlots('13:00-13:45, lunch 12:00-13:00, 9:00-9:45', 'Mittagspause')).toEqual([
      { start: '09:00', end: '09:45', kind: 'session', label: '' },
      { start: '12:00', end: '13:00', kind: 'break', label: 'Mittagspause' },
      { start: '13:00', end: '13:45', kind: 'session', label: '' },
    ]);
    expect(parseSlots('Kaffee 10:45-11:00,10:00-10:45')[1]).toEqual({ start: '10:45', end: '11:00', kind: 'break', label: 'Kaffee' });
  });
  it('refuses overlaps, backwards slots, impossible times and garbage', () => {
    expect(() => parseSlots('10:00-11:00,10:30-11:30')).toThrow(/overlaps/);
    expect(() => parseSlots('11:00-10:00')).toThrow(/ends before/);
    expect(() => parseSlots('25:00-26:00')).toThrow(FrameSpecError);
    expect(() => parseSlots('morning')).toThrow(FrameSpecError);
    expect(() => parseSlots('lunch 12:00-13:00')).toThrow(/session slot/);
  });
});

describe('slots of one day only', () => {
  it('puts a dated slot on its day alone, undated ones on every day, and refuses a date that is not the event’s', () => {
    const slots = checkedSlots([
      { start: '10:00', end: '10:45', kind: 'session', label: '' },
      { date: '2026-05-10', start: '15:00', end: '15:45', kind: 'session', label: '' },
      { start: '12:00', end: '13:00', kind: 'break', label: '' },
    ]);
    expect(slots.find((s) => s.kind === 'break')!.label).toBe('Mittagspause');
    const frame = buildFrame(['2026-05-09', '2026-05-10'], [{ name: 'A', capacity: null }], slots, countingIds().newId);
    const [saturday, sunday] = frame.days;
    expect(frame.slots.filter((s) => s.dayId === saturday!.id).map((s) => s.start)).toEqual(['10:00', '12:00']);
    expect(frame.slots.filter((s) => s.dayId === sunday!.id).map((s) => s.start)).toEqual(['10:00', '12:00', '15:00']);
    expect(() => buildFrame(['2026-05-09'], [{ name: 'A', capacity: null }], slots, countingIds().newId)).toThrow(/not one of the event's days/);
    expect(() => checkedSlots([...slots, { date: '2026-05-10', start: '15:30', end: '16:00', kind: 'session', label: '' }])).toThrow(/overlaps/);
  });
});

describe('slots', () => {
  it('reads the whole text as one slot: nothing before the first time or after the last, spaces around the dash', () => {
    expect(() => parseSlot('x10:00-10:45')).toThrow('"x10:00-10:45" is not a slot: write HH:MM-HH:MM, or "lunch HH:MM-HH:MM".');
    expect(() => parseSlot('10:00-10:45x')).toThrow(/is not a slot/);
    expect(parseSlot(' 10:00 – 10:45 ')).toEqual(session('10:00', '10:45'));
    expect(parseSlot('Kaffee   10:45-11:00')).toEqual({ start: '10:45', end: '11:00', kind: 'break', label: 'Kaffee' });
    expect(() => parseSlots('10:00-10:45, morning ')).toThrow('"morning" is not a slot');
    expect(parseSlots('10:00-10:45,,11:00-11:45')).toHaveLength(2);
  });

  it('knows the lunch by its whole word only', () => {
    expect(parseSlot('Mittag 12:00-13:00', 'Mittagspause').label).toBe('Mittagspause');
    expect(parseSlot('Mittagessen 12:00-13:00', 'Mittagspause').label).toBe('Mittagessen');
    expect(parseSlot('Vorlunch 12:00-13:00', 'Lunch').label).toBe('Vorlunch');
  });

  it('refuses a day that does not exist, a time that does not, a slot of no length, each with its sentence', () => {
    expect(() => checkedSlots([session('10:00', '10:45', { date: '2026-02-30' })])).toThrow(
      'The date "2026-02-30" must be a day of the calendar, written YYYY-MM-DD.',
    );
    expect(() => checkedSlots([session('10:00', '24:00')])).toThrow('"10:00-24:00" has a time that does not exist.');
    expect(() => checkedSlots([session('9:00', '10:00')])).toThrow('"9:00-10:00" has a time that does not exist.');
    expect(() => checkedSlots([session('10:00', '10:00')])).toThrow('"10:00-10:00" ends before it starts.');
  });

  it('trims labels, names a break without one after the lunch and leaves a session slot without one', () => {
    expect(
      checkedSlots([session('10:00', '10:45', { label: '  Einstieg ' }), session('11:00', '11:45'), { ...session('12:00', '13:00'), kind: 'break' }], 'Lunch'),
    ).toEqual([session('10:00', '10:45', { label: 'Einstieg' }), session('11:00', '11:45'), { start: '12:00', end: '13:00', kind: 'break', label: 'Lunch' }]);
    const longest = 'L'.repeat(LIMITS.label);
    expect(checkedSlots([session('10:00', '10:45', { label: longest })])[0]!.label).toBe(longest);
    expect(() => checkedSlots([session('10:00', '10:45', { label: `${longest}x` })])).toThrow(
      `A slot's name must have at most ${LIMITS.label} characters: "${'L'.repeat(20)}…".`,
    );
    expect(() => checkedSlots([session('10:00', '10:45'), { ...session('12:00', '13:00', { label: `${longest}x` }), kind: 'break' }])).toThrow(
      /^A break's name must have at most/,
    );
  });

  it('counts and compares the slots of each day: the undated ones with each day’s own', () => {
    expect(checkedSlots(sessions(LIMITS.slotsPerDay))).toHaveLength(LIMITS.slotsPerDay);
    expect(() => checkedSlots(sessions(LIMITS.slotsPerDay + 1))).toThrow(`At most ${LIMITS.slotsPerDay} slots a day.`);
    // Two days of 40 each are allowed: the day's own count, not the event's.
    expect(checkedSlots([...sessions(LIMITS.slotsPerDay, { date: '2026-05-09' }), ...sessions(LIMITS.slotsPerDay, { date: '2026-05-10' })])).toHaveLength(
      2 * LIMITS.slotsPerDay,
    );
    expect(() =>
      checkedSlots([...sessions(LIMITS.slotsPerDay - 1), session('20:00', '20:30', { date: '2026-05-09' }), session('21:00', '21:30', { date: '2026-05-09' })]),
    ).toThrow(/At most/);
    // The same hour on two days does not overlap; an undated slot meets a dated one of any day.
    expect(checkedSlots([session('10:00', '10:45', { date: '2026-05-09' }), session('10:00', '10:45', { date: '2026-05-10' })])).toHaveLength(2);
    expect(() => checkedSlots([session('10:00', '11:00'), session('10:30', '11:15', { date: '2026-05-10' })])).toThrow('10:00-11:00 overlaps 10:30-11:15.');
  });
});

describe('buildFrame', () => {
  it('gives every day the same slots', () => {
    const frame = buildFrame(['2026-05-09', '2026-05-10'], parseRooms('A,B'), parseSlots('10:00-11:00'), countingIds().newId);
    expect(frame.days.map((d) => d.date)).toEqual(['2026-05-09', '2026-05-10']);
    expect(frame.slots.map((s) => s.dayId)).toEqual(frame.days.map((d) => d.id));
    expect(frame.rooms.map((r) => r.position)).toEqual([0, 1]);
  });
  it('refuses dates that do not exist', () => {
    expect(isValidDate('2026-02-30')).toBe(false);
    expect(() => buildFrame(['2026-13-01'], parseRooms('A'), parseSlots('10:00-11:00'), countingIds().newId)).toThrow(FrameSpecError);
  });
  it('knows today in a time zone', () => {
    expect(todayIn('Europe/Berlin', new Date('2026-05-09T23:30:00Z'))).toBe('2026-05-10');
  });

  it('makes days, rooms and slots with ids of their own kind', () => {
    const frame = buildFrame(
      ['2026-05-09'],
      [
        { name: 'A', capacity: 40 },
        { name: 'B', capacity: null, projector: true },
      ],
      [session('10:00', '10:45')],
      countingIds().newId,
    );
    expect(frame).toEqual({
      days: [{ id: 'd1', date: '2026-05-09', label: '' }],
      rooms: [
        { id: 'r2', name: 'A', capacity: 40, projector: false, position: 0 },
        { id: 'r3', name: 'B', capacity: null, projector: true, position: 1 },
      ],
      slots: [{ id: 't4', dayId: 'd1', start: '10:00', end: '10:45', kind: 'session', label: '' }],
    });
  });

  it('takes up to the most days, each date once', () => {
    const dates = (count: number) => Array.from({ length: count }, (_, i) => `2026-06-${String(i + 1).padStart(2, '0')}`);
    const rooms = [{ name: 'A', capacity: null }];
    expect(buildFrame(dates(LIMITS.days), rooms, [session('10:00', '10:45')], countingIds().newId).days).toHaveLength(LIMITS.days);
    expect(() => buildFrame(dates(LIMITS.days + 1), rooms, [session('10:00', '10:45')], countingIds().newId)).toThrow(`At most ${LIMITS.days} days.`);
    expect(() => buildFrame(['2026-06-01', '2026-06-01'], rooms, [session('10:00', '10:45')], countingIds().newId)).toThrow(/given twice/);
    expect(() => buildFrame(['2026-06-31'], rooms, [session('10:00', '10:45')], countingIds().newId)).toThrow(
      'The date "2026-06-31" must be a day of the calendar, written YYYY-MM-DD.',
    );
  });
});
