// What a calendar entry says, in short (its fingerprint, kept per entry in the database so that
// SEQUENCE rises when it changes), and the calendar's own name for its maker.
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

describe('the calendar', () => {
  it('names Pitchboard as its maker, in German, and asks to be looked at again every 15 minutes', () => {
    const text = calendarText('Barcamp Ruhr', [{ ...entry, sequence: 2 }]);
    expect(text).toContain('PRODID:-//Pitchboard//Pitchboard//DE\r\n');
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT15M');
    expect(text).toContain('SEQUENCE:2');
  });
});
