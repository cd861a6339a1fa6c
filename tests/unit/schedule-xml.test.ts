// The frab XML of a schedule (server/plan-files.ts), read back by a real XML parser
// (fast-xml-parser) and checked against the rules of frab's XSD (tests/helpers/conference-schedules.ts).
import { describe, expect, it } from 'vitest';
import { conferenceSchedule, type ConferenceSchedule } from '../../shared/conference-schedule.ts';
import { scheduleXml, xmlText } from '../../server/plan-files.ts';
import { eventUuid } from '../../server/ids.ts';
import { campBoard, session } from '../fixtures/board.ts';
import { child, childrenNamed, parseXml, xmlScheduleProblems, type XmlElement } from '../helpers/conference-schedules.ts';

function schedule(): ConferenceSchedule {
  const board = campBoard([
    session('s1', { title: 'Tom & Jerry <live> "im" Saal', host: 'Ada & Ben', description: 'Zeile eins\nZeile zwei \u0007 mit Glocke', tags: ['Spiele'] }),
    session('s2', { title: 'Zweite', host: '' }),
  ]);
  board.rooms[0]!.name = 'Raum Übersee (Erdgeschoss, hinter der Drehtür)';
  board.placements = [
    { sessionId: 's1', roomId: 'r0', slotId: 't10' },
    { sessionId: 's1', roomId: 'r0', slotId: 't11' },
    { sessionId: 's2', roomId: 'r3', slotId: 't13' },
  ];
  return conferenceSchedule(board, { version: 5, base: 'https://camp.example', uuid: eventUuid(3) });
}

const events = (root: XmlElement) => childrenNamed(root, 'day').flatMap((day) => day.children.flatMap((room) => room.children));
const field = (element: XmlElement, name: string) => child(element, name)?.text;

describe('the frab schedule', () => {
  it('meets every rule of frab’s XSD', () => {
    const xml = scheduleXml(schedule());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<schedule>')).toBe(true);
    expect(xmlScheduleProblems(xml)).toEqual([]);
    // The rules catch what they must: an event without its slug, a start that is no time of day.
    const broken = xml.replace(/<slug>[^<]*<\/slug>/, '').replace('<start>10:00</start>', '<start>10 Uhr</start>');
    expect(xmlScheduleProblems(broken)).toEqual([expect.stringMatching(/lacks <slug>/), expect.stringMatching(/<start>10 Uhr/)]);
  });

  it('says what the c3voc schedule says: conference, days, rooms with their guids, events with guid and id', () => {
    const json = schedule();
    const root = parseXml(scheduleXml(json));
    expect(field(root, 'version')).toBe('5');
    const conference = child(root, 'conference')!;
    expect(Object.fromEntries(conference.children.map((c) => [c.name, c.text]))).toEqual({
      acronym: 'camp',
      title: 'Camp',
      start: '2026-05-09',
      end: '2026-05-09',
      days: '1',
      timeslot_duration: '00:15',
      base_url: 'https://camp.example/',
      time_zone_name: 'Europe/Berlin',
    });
    const [day] = childrenNamed(root, 'day');
    expect(day!.attributes).toEqual({ index: '1', date: '2026-05-09', start: '2026-05-09T10:00:00+02:00', end: '2026-05-09T14:45:00+02:00' });
    expect(day!.children.map((room) => room.attributes)).toEqual(json.schedule.conference.rooms.map(({ name, guid }) => ({ name, guid })));
    const jsonEvents = json.schedule.conference.days[0]!.rooms;
    const [first, second] = events(root);
    const expected = jsonEvents['Raum Übersee (Erdgeschoss, hinter der Drehtür)']![0]!;
    expect(first!.attributes).toEqual({ guid: expected.guid, id: String(expected.id) });
    for (const name of ['date', 'start', 'duration', 'room', 'slug', 'url', 'title', 'subtitle', 'type', 'language', 'track'] as const) {
      expect(field(first!, name)).toBe(String(expected[name]));
    }
    expect(field(first!, 'duration')).toBe('01:45');
    expect(childrenNamed(child(first!, 'persons')!, 'person').map((person) => person.text)).toEqual(['Ada & Ben']);
    expect(child(first!, 'links')!.children).toEqual([]);
    // No host: no person; no tag: an empty track.
    expect(child(second!, 'persons')!.children).toEqual([]);
    expect(field(second!, 'track')).toBe('');
  });

  it('writes markup characters as references, and leaves out what XML cannot hold', () => {
    const root = parseXml(scheduleXml(schedule()));
    const [first] = events(root);
    expect(field(first!, 'title')).toBe('Tom & Jerry <live> "im" Saal');
    expect(field(first!, 'abstract')).toBe('Zeile eins\nZeile zwei  mit Glocke');
    expect(xmlText('a & b < c > d " e \' f')).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    expect(xmlText('\u0000\u0008\u000B\u001F\uFFFE\uD800 ok \uD83D\uDE00')).toBe(' ok \uD83D\uDE00');
    expect(xmlText(null)).toBe('');
  });
});
