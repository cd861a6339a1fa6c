// The c3voc schedule made from a board: each field the issue lists, checked against the rules of
// the format (tests/helpers/conference-schedules.ts) and against the board it was made from.
import { describe, expect, it } from 'vitest';
import type { Board, Session } from '../../shared/board.ts';
import { conferenceSchedule, scheduleAcronym, scheduleEventId, type ConferenceSchedule, type ScheduleEvent } from '../../shared/conference-schedule.ts';
import { eventUuid } from '../../server/ids.ts';
import { campBoard, session } from '../fixtures/board.ts';
import { ACRONYM, DATE_TIME_WITH_OFFSET, DURATION, EVENT_SLUG, jsonScheduleProblems, START, UUID } from '../helpers/conference-schedules.ts';

const BASE = 'https://camp.example';

/** A camp of four rooms (listed out of their order), three sessions placed (one of them double), one not, one withdrawn. */
function camp(): Board {
  const board = campBoard([
    session('s1', { title: 'Barrierefreiheit & Alltag', host: 'Ada Lovelace', description: 'Wie <wir> es "machen".', tags: ['a11y', 'Alltag'] }),
    session('s2', { title: 'Größe zählt?', host: '', tags: [] }),
    session('s3', { title: '!!!', host: 'Ben' }),
    session('s4', { title: 'Noch nicht im Plan' }),
    session('s5', { title: 'Zurückgezogen', status: 'withdrawn' }),
  ]);
  board.event = { ...board.event, slug: 'barcamp-ruhr', title: 'Barcamp Ruhr, Sommer' };
  board.rooms.reverse();
  board.placements = [
    { sessionId: 's1', roomId: 'r2', slotId: 't10' },
    { sessionId: 's1', roomId: 'r2', slotId: 't11' },
    { sessionId: 's2', roomId: 'r0', slotId: 't13' },
    { sessionId: 's3', roomId: 'r3', slotId: 't14' },
    { sessionId: 's5', roomId: 'r1', slotId: 't14' },
  ];
  return board;
}

const make = (board: Board, version = 12, eventId = 7): ConferenceSchedule => conferenceSchedule(board, { version, base: BASE, uuid: eventUuid(eventId) });
const eventsOf = (schedule: ConferenceSchedule): ScheduleEvent[] => schedule.schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat());
const eventOf = (schedule: ConferenceSchedule, title: string) => eventsOf(schedule).find((event) => event.title === title)!;

describe('the c3voc schedule', () => {
  it('meets every rule of the format', () => {
    expect(jsonScheduleProblems(make(camp()))).toEqual([]);
    // The rules catch what they must: a time without its offset, an acronym with a dash.
    const broken = make(camp());
    broken.schedule.conference.days[0]!.day_start = '2026-05-09T10:00:00';
    broken.schedule.conference.acronym = 'barcamp-ruhr';
    expect(new Set(jsonScheduleProblems(broken).map((problem) => problem.split(' ')[0]))).toEqual(
      new Set(['/schedule/conference/acronym', '/schedule/conference/days/0/day_start']),
    );
  });

  it('names the conference: the board’s version, title, acronym, days, zone, grid and rooms in the board’s order', () => {
    const { schedule } = make(camp());
    expect(schedule.version).toBe('12');
    expect(schedule.base_url).toBe(`${BASE}/`);
    const { conference } = schedule;
    expect(conference).toMatchObject({
      title: 'Barcamp Ruhr, Sommer',
      acronym: 'barcamp_ruhr',
      start: '2026-05-09',
      end: '2026-05-09',
      daysCount: 1,
      // Slots start on the hour and last 45 or 60 minutes: a quarter of an hour is the grid.
      timeslot_duration: '00:15',
      time_zone_name: 'Europe/Berlin',
      url: `${BASE}/e/barcamp-ruhr`,
    });
    expect(conference.acronym).toMatch(new RegExp(ACRONYM));
    expect(conference.rooms.map((room) => room.name)).toEqual(['Raum 0', 'Raum 1', 'Raum 2', 'Raum 3']);
    expect(conference.rooms.map((room) => room.capacity)).toEqual([10, 25, 60, null]);
    for (const room of conference.rooms) expect(room.guid).toMatch(new RegExp(UUID));
    expect(new Set(conference.rooms.map((room) => room.guid)).size).toBe(4);
    // The first tag of each session in the plan is its track.
    expect(conference.tracks).toEqual([{ name: 'a11y' }]);
  });

  it('has each day from its first slot to its last, with the zone’s offset, and every room in order with its sessions', () => {
    const [day] = make(camp()).schedule.conference.days;
    expect(day).toMatchObject({ index: 1, date: '2026-05-09', day_start: '2026-05-09T10:00:00+02:00', day_end: '2026-05-09T14:45:00+02:00' });
    expect(Object.keys(day!.rooms)).toEqual(['Raum 0', 'Raum 1', 'Raum 2', 'Raum 3']);
    expect(Object.values(day!.rooms).map((events) => events.map((event) => event.title))).toEqual([
      ['Größe zählt?'],
      // A withdrawn session is in no schedule.
      [],
      ['Barrierefreiheit & Alltag'],
      ['!!!'],
    ]);
    // Days in date order, whatever the board's order; in winter the offset is +01:00.
    const board = camp();
    board.days = [{ id: 'd2', date: '2026-11-28', label: '' }, ...board.days];
    board.slots.push({ id: 'n1', dayId: 'd2', start: '09:30', end: '10:15', kind: 'session', label: '' });
    board.placements.push({ sessionId: 's4', roomId: 'r1', slotId: 'n1' });
    const days = make(board).schedule.conference.days;
    expect(days.map((d) => [d.index, d.date, d.day_start])).toEqual([
      [1, '2026-05-09', '2026-05-09T10:00:00+02:00'],
      [2, '2026-11-28', '2026-11-28T09:30:00+01:00'],
    ]);
    expect(days[1]!.rooms['Raum 1']!.map((event) => [event.date, event.start, event.duration])).toEqual([['2026-11-28T09:30:00+01:00', '09:30', '00:45']]);
    expect(make(board).schedule.conference).toMatchObject({ start: '2026-05-09', end: '2026-11-28', daysCount: 2 });
  });

  it('has every placed session once (a double session too) with every field the apps read', () => {
    const schedule = make(camp());
    const events = eventsOf(schedule);
    expect(events.map((event) => event.title).sort()).toEqual(['!!!', 'Barrierefreiheit & Alltag', 'Größe zählt?']);
    const double = eventOf(schedule, 'Barrierefreiheit & Alltag');
    expect(double).toEqual({
      id: double.id,
      guid: eventUuid(7)('session/s1'),
      date: '2026-05-09T10:00:00+02:00',
      start: '10:00',
      // 10:00 to 11:45 over both slots.
      duration: '01:45',
      room: 'Raum 2',
      slug: `barcamp-ruhr-${double.id}-barrierefreiheit-alltag`,
      url: `${BASE}/e/barcamp-ruhr#session=s1`,
      title: 'Barrierefreiheit & Alltag',
      subtitle: '',
      track: 'a11y',
      type: 'other',
      language: 'de',
      abstract: 'Wie <wir> es "machen".',
      persons: [{ name: 'Ada Lovelace' }],
      links: [],
    });
    // No tag: no track; no host: nobody; a title of no letters: the slug is the event's and the id.
    expect(eventOf(schedule, 'Größe zählt?')).toMatchObject({
      track: null,
      persons: [],
      slug: `barcamp-ruhr-${eventOf(schedule, 'Größe zählt?').id}-groesse-zaehlt`,
    });
    expect(eventOf(schedule, '!!!').slug).toBe(`barcamp-ruhr-${eventOf(schedule, '!!!').id}`);
    for (const event of events) {
      expect(event.id).toBeGreaterThanOrEqual(1);
      expect(event.id).toBeLessThanOrEqual(2 ** 31 - 1);
      expect(Number.isInteger(event.id)).toBe(true);
      expect(event.guid).toMatch(new RegExp(UUID));
      expect(event.date).toMatch(new RegExp(DATE_TIME_WITH_OFFSET));
      expect(event.start).toMatch(new RegExp(START));
      expect(event.duration).toMatch(new RegExp(DURATION));
      expect(event.slug).toMatch(new RegExp(EVENT_SLUG));
    }
    expect(new Set(events.map((event) => event.id)).size).toBe(3);
    expect(new Set(events.map((event) => event.slug)).size).toBe(3);
    // An English event's sessions are in English.
    const english = camp();
    english.event.locale = 'en';
    expect(eventsOf(make(english)).map((event) => event.language)).toEqual(['en', 'en', 'en']);
  });

  it('keeps each session’s guid and id when it moves, is retitled or the board changes, and gives other events other ones', () => {
    const before = eventOf(make(camp()), 'Barrierefreiheit & Alltag');
    const moved = camp();
    moved.placements = moved.placements.filter((p) => p.sessionId !== 's1').concat({ sessionId: 's1', roomId: 'r0', slotId: 't14' });
    moved.sessions = moved.sessions.map((s): Session => (s.id === 's1' ? { ...s, title: 'Barrierefreiheit im Beruf' } : s));
    const after = eventOf(make(moved, 13), 'Barrierefreiheit im Beruf');
    expect(after).toMatchObject({ room: 'Raum 0', start: '14:00', duration: '00:45' });
    expect([after.guid, after.id]).toEqual([before.guid, before.id]);
    expect(after.id).toBe(scheduleEventId(after.guid));
    // The rooms keep theirs too; the same session id in another event is another session.
    expect(make(moved, 13).schedule.conference.rooms).toEqual(make(camp()).schedule.conference.rooms);
    const elsewhere = eventOf(make(camp(), 12, 8), 'Barrierefreiheit & Alltag');
    expect(elsewhere.guid).not.toBe(before.guid);
    expect(elsewhere.id).not.toBe(before.id);
  });

  it('tells every board version apart', () => {
    const versions = [0, 1, 2, 41, 42].map((version) => make(camp(), version).schedule.version);
    expect(new Set(versions).size).toBe(5);
  });
});

describe('the acronym', () => {
  it('is the slug with "_" for "-", at least four characters long, as the format’s pattern wants', () => {
    expect(scheduleAcronym('barcamp-ruhr-2026')).toBe('barcamp_ruhr_2026');
    expect(scheduleAcronym('bc')).toBe('bc__');
    expect(scheduleAcronym('x-y')).toBe('x_y_');
    for (const slug of ['a', 'ab-c', 'demo', '9-9', 'barcamp-ruhr-sommer-zweitausendsechs-a1b2c3']) expect(scheduleAcronym(slug)).toMatch(new RegExp(ACRONYM));
  });
});
