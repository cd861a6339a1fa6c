// What a calendar entry says, in short (its fingerprint, kept per entry in the database so that
// SEQUENCE rises when it changes), and the calendar's own name for its maker.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendarText, fingerprint, type CalendarEntry } from '../../server/plan-files.ts';

const entry: CalendarEntry = {
  id: 's1@camp.pitchboard',
  start: new Date('2026-11-29T09:00:00Z'),
  end: new Date('2026-11-29T09:45:00Z'),
  summary: 'Barrierefreiheit im Alltag',
  location: 'Seminarraum Emscher (1. OG)',
  description: 'Von: Ada',
  url: 'https://camp.example/e/camp/s/s1',
  categories: [{ name: 'a11y' }],
};

describe('an entry’s fingerprint', () => {
  it('is 22 characters (132 bits) and changes with anything the entry says', () => {
    const print = fingerprint(entry);
    expect(print).toMatch(/^[\w-]{22}$/);
    expect(fingerprint({ ...entry })).toBe(print);
    const changes: Partial<CalendarEntry>[] = [
      { summary: 'Barrierefreiheit im Beruf' },
      { location: 'Foyer' },
      { start: new Date('2026-11-29T10:00:00Z') },
      { end: new Date('2026-11-29T10:45:00Z') },
      { description: '' },
      { url: 'https://camp.example/e/camp/s/s2' },
      { categories: [] },
    ];
    for (const change of changes) expect(fingerprint({ ...entry, ...change })).not.toBe(print);
  });
});

const BERLIN_2026 = { timezone: 'Europe/Berlin', dates: ['2026-11-29'] };

describe('the calendar', () => {
  it('names Pitchboard as its maker, in German, and asks to be looked at again every 15 minutes', () => {
    const text = calendarText('Barcamp Ruhr', [{ ...entry, sequence: 2 }], BERLIN_2026);
    expect(text).toContain('PRODID:-//Pitchboard//Pitchboard//DE\r\n');
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT15M');
    expect(text).toContain('SEQUENCE:2');
  });
});

/** A calendar read back by ical.js, as a calendar app reads it. */
const parsed = (text: string) => new ICAL.Component(ICAL.parse(text));

describe('the calendar’s time zone', () => {
  it('is a VTIMEZONE of the event’s zone before the entries, which a calendar reads back with its changes to the minute', () => {
    const text = calendarText('Barcamp Ruhr', [{ ...entry, sequence: 0 }], BERLIN_2026);
    expect(text.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    const vtimezone = parsed(text).getFirstSubcomponent('vtimezone')!;
    expect(vtimezone.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    // From the start of the year: winter time, then summer time on 29 March, winter again on 25 October.
    expect(
      vtimezone
        .getAllSubcomponents()
        .map((c) => [
          c.name,
          String(c.getFirstPropertyValue('dtstart')),
          c.getFirstProperty('tzoffsetfrom')!.toICALString(),
          c.getFirstProperty('tzoffsetto')!.toICALString(),
        ]),
    ).toEqual([
      ['standard', '2026-01-01T01:00:00', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0100'],
      ['daylight', '2026-03-29T02:00:00', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200'],
      ['standard', '2026-10-25T03:00:00', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100'],
    ]);
    // ical.js converts with it as Node's zone data does.
    const zone = new ICAL.Timezone(vtimezone);
    for (const [local, utc] of [
      ['2026-03-29T01:59:00', '2026-03-29T00:59:00Z'],
      ['2026-03-29T03:00:00', '2026-03-29T01:00:00Z'],
      ['2026-07-01T12:00:00', '2026-07-01T10:00:00Z'],
      ['2026-12-24T18:00:00', '2026-12-24T17:00:00Z'],
    ]) {
      const time = ICAL.Time.fromDateTimeString(local!);
      time.zone = zone;
      expect(time.toJSDate().toISOString().replace('.000', '')).toBe(utc);
    }
  });

  it('has one observance in a zone without changes, and covers every year of the event', () => {
    const tokyo = parsed(calendarText('Tokyo', [], { timezone: 'Asia/Tokyo', dates: ['2026-05-09'] })).getFirstSubcomponent('vtimezone')!;
    expect(tokyo.getAllSubcomponents().map((c) => [c.name, c.getFirstProperty('tzoffsetto')!.toICALString()])).toEqual([['standard', 'TZOFFSETTO:+0900']]);
    const newYear = parsed(calendarText('Silvester', [], { timezone: 'Europe/Berlin', dates: ['2026-12-31', '2027-01-01'] })).getFirstSubcomponent(
      'vtimezone',
    )!;
    expect(newYear.getAllSubcomponents().map((c) => String(c.getFirstPropertyValue('dtstart')).slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-03-29',
      '2026-10-25',
      '2027-03-28',
      '2027-10-31',
    ]);
    // Half-hour offsets and zones west of Greenwich are written as iCal writes them.
    expect(calendarText('Adelaide', [], { timezone: 'Australia/Adelaide', dates: ['2026-05-09'] })).toMatch(/TZOFFSETTO:\+0930\r\n/);
    expect(calendarText('New York', [], { timezone: 'America/New_York', dates: ['2026-05-09'] })).toMatch(/TZOFFSETTO:-0400\r\n/);
  });

  it('makes a calendar with no entry a valid one: a VCALENDAR with its VTIMEZONE, lines ending in CRLF', () => {
    const text = calendarText('Leer', [], BERLIN_2026);
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VTIMEZONE\r\nEND:VCALENDAR\r\n')).toBe(true);
    expect(
      text
        .split('\r\n')
        .slice(0, -1)
        .every((line) => !line.includes('\n') && line.length <= 75),
    ).toBe(true);
    const calendar = parsed(text);
    expect(calendar.getAllSubcomponents().map((c) => c.name)).toEqual(['vtimezone']);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Pitchboard//Pitchboard//DE');
  });
});

describe('the calendar’s name', () => {
  // ical.js knows neither property: NAME is TEXT (RFC 7986 5.1), and X-WR-CALNAME is written like it.
  for (const name of ['name', 'x-wr-calname']) ICAL.design.defaultSet.property[name] = { defaultType: 'text' };

  it('keeps commas, semicolons and backslashes, escaped as RFC 5545 says, so that a second parser reads it whole', () => {
    const names = ['Raum Übersee (Erdgeschoss, hinter der Drehtür)', 'Barcamp; Ruhr', 'C:\\Räume\\A, B', 'Zwei\nZeilen'];
    for (const name of names) {
      const text = calendarText(name, [{ ...entry, sequence: 0 }], BERLIN_2026);
      // Raw, each of these would cut the name or split it into several values.
      const written = text.split('\r\n').find((line) => line.startsWith('X-WR-CALNAME:'))!;
      expect(written).not.toMatch(/(?<!\\)[,;]/);
      const calendar = parsed(text);
      expect(calendar.getFirstPropertyValue('name')).toBe(name);
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(name);
    }
  });
});
