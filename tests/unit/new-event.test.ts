// The home page's forms (client/lib/new-event.svelte.ts) without a browser: the next day a new
// date proposes, the refusals said in the page's language before and after the server is asked,
// and the links of the new event as phones can open them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../client/lib/i18n/messages-more.ts';
import { i18n } from '../../client/lib/i18n/i18n.svelte.ts';
import { dayAfter, NewEventForm, nextFreeDate } from '../../client/lib/new-event.svelte.ts';
import type { CreatedEventBody } from '../../shared/protocol.ts';

describe('the next day a new date proposes', () => {
  it('is the day after the latest one filled in, over month and year ends and clock changes', () => {
    expect(dayAfter('2027-02-28')).toBe('2027-03-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2027-03-27')).toBe('2027-03-28');
    expect(nextFreeDate(['2027-05-08', '2027-05-10', '2027-05-09'], '2026-12-04')).toBe('2027-05-11');
  });

  it('skips dates taken, and is today when no date is filled in', () => {
    expect(nextFreeDate(['2027-05-09', '', '2027-05-08'], '2026-12-04')).toBe('2027-05-10');
    expect(nextFreeDate(['', ''], '2026-12-04')).toBe('2026-12-04');
  });
});

describe('the new-event form', () => {
  let sent: Array<{ url: string; body: unknown }>;
  let answer: (url: string) => Response;

  beforeEach(() => {
    sent = [];
    i18n.language = 'de';
    vi.stubGlobal('location', { origin: 'http://localhost:3000' });
    vi.stubGlobal('fetch', async (url: string, init?: { body?: string }) => {
      sent.push({ url, body: init?.body === undefined ? undefined : JSON.parse(init.body) });
      return answer(url);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('proposes the next free date for another day, so that the form can be sent as it is', () => {
    answer = () => json(200, { createNeedsToken: false });
    const form = new NewEventForm('de', 'Europe/Berlin');
    form.dates = ['2027-05-08'];
    form.addDate();
    form.addDate();
    expect(form.dates).toEqual(['2027-05-08', '2027-05-09', '2027-05-10']);
    form.removeDate(1);
    form.addDate();
    expect(form.dates).toEqual(['2027-05-08', '2027-05-10', '2027-05-11']);
  });

  it('says a room line that does not parse in German, naming the line, and sends nothing', async () => {
    answer = () => json(200, { createNeedsToken: false });
    const form = new NewEventForm('de', 'Europe/Berlin');
    form.title = 'Barcamp Ruhr';
    form.rooms = 'Raum A:30\nRaum B:abc';
    expect(await form.create()).toBe(false);
    expect(form.message).toMatch(/^Räume: „Raum B:abc“: Nach dem Doppelpunkt kommt die Zahl der Plätze/);
    expect(sent.filter((request) => request.url === '/api/events')).toEqual([]);
  });

  it('says the server’s refusal in the page’s language: a short address that is taken', async () => {
    answer = (url) =>
      url === '/api/events'
        ? json(400, { error: { code: 'invalid', reason: 'slug_taken', message: 'An event with the slug "ruhr" exists already.', field: 'slug', line: 'ruhr' } })
        : json(200, { createNeedsToken: false });
    const form = new NewEventForm('de', 'Europe/Berlin');
    form.title = 'Barcamp Ruhr';
    form.slug = 'Ruhr';
    expect(await form.create()).toBe(false);
    expect(form.message).toBe('Kurzadresse: „ruhr“ ist schon vergeben. Bitte eine andere wählen.');
    expect(sent.find((request) => request.url === '/api/events')?.body).toMatchObject({ title: 'Barcamp Ruhr', slug: 'ruhr', locale: 'de' });
  });

  it('shows the new event’s links with the address phones can reach, not localhost', async () => {
    const created: CreatedEventBody = {
      slug: 'ruhr',
      key: 'k3y',
      facilitatorUrl: 'http://localhost:3000/e/ruhr/board#key=k3y',
      attendeeUrl: 'http://localhost:3000/e/ruhr',
    };
    answer = (url) => {
      if (url === '/api/events') return json(201, created);
      if (url === '/api/addresses') return json(200, { publicUrl: null, lanUrls: ['http://192.168.1.20:3000'] });
      return json(200, { createNeedsToken: false });
    };
    const form = new NewEventForm('de', 'Europe/Berlin');
    form.title = 'Barcamp Ruhr';
    expect(await form.create()).toBe(true);
    await vi.waitFor(() => expect(form.attendeeUrl).toBe('http://192.168.1.20:3000/e/ruhr'));
    expect(form.facilitatorUrl).toBe('http://192.168.1.20:3000/e/ruhr/board#key=k3y');
    form.another();
    expect([form.created, form.attendeeUrl]).toEqual([null, '']);
  });
});
