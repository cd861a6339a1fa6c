import { describe, expect, it } from 'vitest';
import { buildFrame, checkedSlots, FrameSpecError, parseRoom, parseRooms, parseSlot, parseSlots, todayIn } from '../../shared/event-frame.ts';
import { isValidDate } from '../../shared/fields.ts';
import { countingIds } from '../fixtures/board.ts';

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
});
