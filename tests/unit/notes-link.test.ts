// Notes links (shared/notes-link.ts, issue 34): the rule for a link, the template filled in, the
// facilitator's commands through the real writer (schema, refusals, who may), apply keeping every
// session's `notesUrl`, and undo.
import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { changedSince, printedPlan } from '../../client/lib/printed.ts';
import { conferenceSchedule } from '../../shared/conference-schedule.ts';
import { calendarRows } from '../../shared/plan-rows.ts';
import { calendarEntry, calendarText, fingerprint, scheduleXml } from '../../server/plan-files.ts';
import { eventUuid } from '../../server/ids.ts';
import { child, childrenNamed, jsonScheduleProblems, parseXml, xmlScheduleProblems } from '../helpers/conference-schedules.ts';
import { apply, applyAll } from '../../shared/apply.ts';
import { decide } from '../../shared/decide.ts';
import type { Ack } from '../../shared/protocol.ts';
import { LIMITS } from '../../shared/limits.ts';
import { notesLinkFault } from '../../shared/fields.ts';
import { notesUrlOf } from '../../shared/notes-link.ts';
import { withoutScheme } from '../../shared/links.ts';
import { invert } from '../../shared/undo.ts';
import type { CommandWriter, Principal } from '../../server/writer.ts';
import { campBoard, countingIds, sampleBoard, session } from '../fixtures/board.ts';
import { eventInMemory } from '../helpers/in-memory.ts';

const TEMPLATE = 'https://pad.example.org/p/{slug}-{session}?title={title}';

describe('the rule for a notes link', () => {
  it('takes http and https links, with placeholders, and "" for none', () => {
    for (const link of ['', 'https://pad.example.org/x', 'http://wiki.local/camp/{slug}/{session}', TEMPLATE, 'https://p.example/ä?q={title}#{session}']) {
      expect(notesLinkFault(link), link).toBeUndefined();
    }
  });

  it('refuses other schemes, addresses that are not links, spaces and links that are too long', () => {
    for (const link of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'ftp://files.example.org/notes',
      'data:text/html,hi',
      'pad.example.org/x',
      'https://',
      'https:// pad.example.org',
      'https://pad.example.org/a\nb',
      'mailto:a@b.c',
    ]) {
      expect(notesLinkFault(link)?.reason, link).toBe('not_a_link');
    }
    const long = `https://pad.example.org/${'a'.repeat(LIMITS.notesLink)}`;
    expect(notesLinkFault(long)).toMatchObject({ reason: 'too_long', limit: LIMITS.notesLink });
    expect(notesLinkFault(long.slice(0, LIMITS.notesLink))).toBeUndefined();
  });

  it('fills each placeholder URL-encoded, every time it appears, and leaves the rest of the template as typed', () => {
    const event = { slug: 'camp-2026', notesLink: 'https://p.example/{slug}/{session}/{title}?again={title}&%20' };
    expect(notesUrlOf(event, { id: 's_1', title: 'Ä & B/C? #1', notesLink: '' })).toBe(
      'https://p.example/camp-2026/s_1/%C3%84%20%26%20B%2FC%3F%20%231?again=%C3%84%20%26%20B%2FC%3F%20%231&%20',
    );
  });

  it('resolves a session’s own link before the event’s template, and "" when there is neither', () => {
    const event = { slug: 'camp', notesLink: TEMPLATE };
    expect(notesUrlOf(event, { id: 's1', title: 'Open Data', notesLink: '' })).toBe('https://pad.example.org/p/camp-s1?title=Open%20Data');
    expect(notesUrlOf(event, { id: 's1', title: 'Open Data', notesLink: 'https://own.example/{session}' })).toBe('https://own.example/s1');
    expect(notesUrlOf({ slug: 'camp', notesLink: '' }, { id: 's1', title: 'Open Data', notesLink: '' })).toBe('');
  });
});

describe('apply keeps every session’s notesUrl', () => {
  it('a new template moves every session’s link; a new title moves its own; clearing takes them away', () => {
    let board = apply(sampleBoard(), { type: 'event.updated', changes: { notesLink: 'https://p.example/{slug}/{title}' } });
    expect(board.event.notesLink).toBe('https://p.example/{slug}/{title}');
    expect(board.sessions.map((s) => s.notesUrl)).toEqual(board.sessions.map((s) => `https://p.example/test/${encodeURIComponent(s.title)}`));
    board = apply(board, { type: 'session.updated', sessionId: 's1', changes: { title: 'Neu & besser' }, revision: 2 });
    expect(board.sessions[0]!.notesUrl).toBe('https://p.example/test/Neu%20%26%20besser');
    board = apply(board, { type: 'session.updated', sessionId: 's2', changes: { notesLink: 'https://own.example/x' }, revision: 2 });
    expect(board.sessions[1]!.notesUrl).toBe('https://own.example/x');
    board = apply(board, { type: 'event.updated', changes: { notesLink: '' } });
    expect(board.sessions.map((s) => s.notesUrl)).toEqual(['', 'https://own.example/x', '', '']);
  });

  it('a session submitted under a template has its link at once', () => {
    const board = apply(sampleBoard(), { type: 'event.updated', changes: { notesLink: 'https://p.example/{session}' } });
    const decision = decide(board, { type: 'session:submit', payload: { title: 'Neu', host: 'Ana' } }, { role: 'public' }, countingIds(undefined, 9));
    if (!decision.ok) throw new Error(decision.error.message);
    const after = applyAll(board, decision.events);
    expect(after.sessions.at(-1)).toMatchObject({ id: 's9', notesLink: '', notesUrl: 'https://p.example/s9' });
  });

  it('undo takes a template and a session’s link back, and the links with them', () => {
    const before = sampleBoard();
    const events = [
      { type: 'event.updated', changes: { notesLink: TEMPLATE } },
      { type: 'session.updated', sessionId: 's1', changes: { notesLink: 'https://own.example/1' }, revision: 2 },
    ] as const;
    const after = applyAll(before, [...events]);
    const undone = applyAll(after, invert(before, [...events]));
    expect(undone.event.notesLink).toBe('');
    expect(undone.sessions.map((s) => [s.notesLink, s.notesUrl])).toEqual(before.sessions.map(() => ['', '']));
  });
});

describe('the commands, through the writer', () => {
  let writer: CommandWriter;
  let facilitator: Principal;
  let attendee: Principal;
  const run = async (principal: Principal, name: string, payload: unknown): Promise<Ack> => (await writer.execute(principal, name, payload)).ack;
  const board = async () => (await writer.snapshot(facilitator.eventId)).board;

  beforeEach(async () => {
    ({ writer, facilitator, attendee } = await eventInMemory());
  });

  it('event:update { notesLink } sets the template, "" clears it; every session carries its link', async () => {
    const { sessionId } = await submitted();
    expect((await run(facilitator, 'event:update', { notesLink: TEMPLATE })).ok).toBe(true);
    const set = await board();
    expect(set.event.notesLink).toBe(TEMPLATE);
    expect(set.sessions.find((s) => s.id === sessionId)!.notesUrl).toBe(
      `https://pad.example.org/p/${set.event.slug}-${sessionId}?title=Offene%20Daten%20%26%20mehr`,
    );
    expect((await run(facilitator, 'event:update', { notesLink: '' })).ok).toBe(true);
    expect((await board()).sessions.every((s) => s.notesUrl === '')).toBe(true);
  });

  it('refuses javascript:, ftp: and too long links, naming the field, and changes nothing', async () => {
    const before = await board();
    for (const [name, extra] of [
      ['event:update', {}],
      ['session:update', { sessionId: (await submitted()).sessionId, revision: 1 }],
    ] as const) {
      for (const [link, reason] of [
        ['javascript:alert(document.cookie)', 'not_a_link'],
        ['ftp://files.example.org/notes', 'not_a_link'],
        [`https://pad.example.org/${'x'.repeat(LIMITS.notesLink)}`, 'too_long'],
      ]) {
        const ack = await run(facilitator, name, { ...extra, notesLink: link });
        expect(ack.ok, `${name} ${link}`).toBe(false);
        if (!ack.ok) {
          expect(ack.error).toMatchObject({ code: 'invalid', reason, field: 'notesLink' });
          expect(ack.error.message).toContain('notesLink');
        }
      }
    }
    const after = await board();
    expect(after.event.notesLink).toBe(before.event.notesLink);
    expect(after.sessions.every((s) => s.notesLink === '' && s.notesUrl === '')).toBe(true);
  });

  it('session:update { notesLink } overrides the template for one session; "" goes back to it; a giver may not set it', async () => {
    const { sessionId, token } = await submitted();
    await run(facilitator, 'event:update', { notesLink: 'https://pad.example.org/{session}' });
    const ack = await run(facilitator, 'session:update', { sessionId, revision: 1, notesLink: 'https://meet.example.org/room-7' });
    expect(ack.ok).toBe(true);
    let session = (await board()).sessions.find((s) => s.id === sessionId)!;
    expect(session).toMatchObject({ notesLink: 'https://meet.example.org/room-7', notesUrl: 'https://meet.example.org/room-7', revision: 2 });
    const giver = await run(attendee, 'session:update', { sessionId, revision: 2, token, notesLink: 'https://evil.example.org/' });
    expect(giver.ok).toBe(false);
    if (!giver.ok) expect(giver.error).toMatchObject({ code: 'forbidden', reason: 'facilitator_only', field: 'notesLink' });
    expect((await run(facilitator, 'session:update', { sessionId, revision: 2, notesLink: '' })).ok).toBe(true);
    session = (await board()).sessions.find((s) => s.id === sessionId)!;
    expect(session).toMatchObject({ notesLink: '', notesUrl: `https://pad.example.org/${sessionId}` });
    // Undo brings the session's own link back.
    expect((await run(facilitator, 'board:undo', {})).ok).toBe(true);
    expect((await board()).sessions.find((s) => s.id === sessionId)!.notesUrl).toBe('https://meet.example.org/room-7');
  });

  async function submitted(): Promise<{ sessionId: string; token: string }> {
    const ack = await run(attendee, 'session:submit', { title: 'Offene Daten & mehr', host: 'Gül' });
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data as { sessionId: string; token: string };
  }
});

describe('where the notes link shows', () => {
  /** A camp with a template and one session with its own link: s1 follows the template, s2 has its own, both placed; s3 is not. */
  function camp() {
    let board = campBoard([session('s1', { title: 'Barrierefreiheit & Alltag' }), session('s2', { title: 'Eigenes Pad' }), session('s3', { title: 'Ohne' })]);
    board = { ...board, event: { ...board.event, slug: 'barcamp-ruhr' } };
    board = applyAll(board, [
      { type: 'event.updated', changes: { notesLink: 'https://pad.example.org/{slug}-{session}?t={title}' } },
      { type: 'session.updated', sessionId: 's2', changes: { notesLink: 'https://wiki.example.org/Eigenes&Pad' }, revision: 2 },
    ]);
    board.placements = [
      { sessionId: 's1', roomId: 'r0', slotId: 't10' },
      { sessionId: 's2', roomId: 'r1', slotId: 't10' },
    ];
    return board;
  }
  const S1 = 'https://pad.example.org/barcamp-ruhr-s1?t=Barrierefreiheit%20%26%20Alltag';
  const S2 = 'https://wiki.example.org/Eigenes&Pad';

  it('the c3voc schedule lists it in each event’s links, titled in the event’s language, and still meets the format', () => {
    const board = camp();
    const schedule = conferenceSchedule(board, { version: 3, base: 'https://camp.example', uuid: eventUuid(1) });
    const events = schedule.schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat());
    expect(Object.fromEntries(events.map((event) => [event.title, event.links]))).toEqual({
      'Barrierefreiheit & Alltag': [{ url: S1, title: 'Notizen' }],
      'Eigenes Pad': [{ url: S2, title: 'Notizen' }],
    });
    expect(jsonScheduleProblems(schedule)).toEqual([]);
    const english = conferenceSchedule({ ...board, event: { ...board.event, locale: 'en' } }, { version: 3, base: 'https://camp.example', uuid: eventUuid(1) });
    expect(english.schedule.conference.days[0]!.rooms['Raum 0']![0]!.links).toEqual([{ url: S1, title: 'Notes' }]);
    // Without any link, none.
    const none = applyAll(board, [
      { type: 'event.updated', changes: { notesLink: '' } },
      { type: 'session.updated', sessionId: 's2', changes: { notesLink: '' }, revision: 3 },
    ]);
    const bare = conferenceSchedule(none, { version: 4, base: 'https://camp.example', uuid: eventUuid(1) });
    expect(bare.schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat()).map((event) => event.links)).toEqual([[], []]);
  });

  it('the frab XML has it as <links><link href>, escaped, as an XML parser reads it back', () => {
    const xml = scheduleXml(conferenceSchedule(camp(), { version: 3, base: 'https://camp.example', uuid: eventUuid(1) }));
    expect(xmlScheduleProblems(xml)).toEqual([]);
    const root = parseXml(xml);
    const events = childrenNamed(root, 'day').flatMap((day) => day.children.flatMap((room) => room.children));
    const links = events.map((event) => child(event, 'links')!.children.map((link) => [link.name, link.attributes.href, link.text]));
    expect(links).toEqual([[['link', S1, 'Notizen']], [['link', S2, 'Notizen']]]);
    expect(xml).toContain('href="https://wiki.example.org/Eigenes&amp;Pad"');
  });

  it('the calendar entry says it as the description’s last paragraph, which a calendar app reads back', () => {
    const board = camp();
    const rows = calendarRows(board);
    const entries = rows.map((row) => ({ ...calendarEntry(board, row, 'https://camp.example'), sequence: 0 }));
    expect(entries.map((entry) => entry.description.split('\n\n').at(-1))).toEqual([`Notizen: ${S1}`, `Notizen: ${S2}`]);
    const text = calendarText('Camp', entries, { timezone: board.event.timezone, dates: board.days.map((d) => d.date) });
    const read = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((event) => event.getFirstPropertyValue('description'));
    expect(read).toEqual(entries.map((entry) => entry.description));
    // A new link is a new fingerprint: calendars take the entry again.
    const moved = applyAll(board, [{ type: 'event.updated', changes: { notesLink: 'https://other.example.org/{session}' } }]);
    expect(fingerprint(calendarEntry(moved, calendarRows(moved)[0]!, 'https://camp.example'))).not.toBe(fingerprint(entries[0]!));
  });

  it('the printed plan counts a changed notes link as a change of the sheet, and a plan without links as before', () => {
    const board = camp();
    const printed = printedPlan(board);
    expect(printed['s1']).toContain(JSON.stringify(S1));
    const changed = applyAll(board, [{ type: 'session.updated', sessionId: 's1', changes: { notesLink: 'https://x.example.org/' }, revision: 2 }]);
    expect([...changedSince(changed, printed).sessionIds]).toEqual(['s1']);
    // A print made before notes links (no link in its lines) still matches a plan without links.
    const bare = applyAll(board, [
      { type: 'event.updated', changes: { notesLink: '' } },
      { type: 'session.updated', sessionId: 's2', changes: { notesLink: '' }, revision: 3 },
    ]);
    expect(printedPlan(bare)['s1']).toBe(JSON.stringify(['r0', '2026-05-09', '10:00', '10:45', 'Barrierefreiheit & Alltag', 'Host s1']));
  });

  it('paper and door signs print the address without its scheme', () => {
    expect(withoutScheme(S1)).toBe('pad.example.org/barcamp-ruhr-s1?t=Barrierefreiheit%20%26%20Alltag');
    expect(withoutScheme('http://wiki.local/x')).toBe('wiki.local/x');
  });
});
