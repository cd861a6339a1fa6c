import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../client/lib/routes.ts';
import { attendeePageLink, eventPaths, isLoopbackHost, shareBase, subscribeUrl } from '../../shared/links.ts';

describe('the address phones can reach', () => {
  const lan = { publicUrl: null, lanUrls: ['http://192.168.1.20:3000', 'http://10.0.0.5:3000'] };

  it('uses PUBLIC_URL whenever it is set', () => {
    expect(shareBase('http://localhost:3000', { publicUrl: 'https://camp.example.org/', lanUrls: lan.lanUrls })).toEqual({
      base: 'https://camp.example.org',
      local: false,
    });
    expect(shareBase('http://192.168.1.20:3000', { publicUrl: 'https://camp.example.org', lanUrls: [] }).base).toBe('https://camp.example.org');
  });
  it('keeps the address the page was opened by when others can reach it', () => {
    expect(shareBase('http://192.168.1.20:3000', lan)).toEqual({ base: 'http://192.168.1.20:3000', local: false });
    expect(shareBase('https://pitch.example.org', undefined)).toEqual({ base: 'https://pitch.example.org', local: false });
  });
  it('never hands out localhost while the server has a LAN address', () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      expect(shareBase(origin, lan)).toEqual({ base: 'http://192.168.1.20:3000', local: false });
    }
  });
  it('takes PUBLIC_URL without its trailing slashes, also one written without a scheme', () => {
    expect(shareBase('http://localhost:3000', { publicUrl: 'https://camp.example.org//', lanUrls: [] }).base).toBe('https://camp.example.org');
    expect(shareBase('http://localhost:3000', { publicUrl: 'camp.example.org/', lanUrls: [] })).toEqual({ base: 'camp.example.org', local: false });
  });
  it('says so when only a loopback address is known', () => {
    expect(shareBase('http://localhost:3000', undefined)).toEqual({ base: 'http://localhost:3000', local: true });
    expect(shareBase('http://localhost:3000', { publicUrl: null, lanUrls: [] })).toEqual({ base: 'http://localhost:3000', local: true });
    expect(shareBase('http://localhost:3000', { publicUrl: 'http://127.0.0.1:3000', lanUrls: [] }).local).toBe(true);
  });
  it('knows loopback names', () => {
    expect(['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '0.0.0.0'].every(isLoopbackHost)).toBe(true);
    expect(['192.168.1.20', '10.127.0.1', 'camp.example.org', 'fd00::2', 'localhost.example.org'].some(isLoopbackHost)).toBe(false);
  });
  it('prints the attendee link without the scheme', () => {
    expect(attendeePageLink('http://192.168.1.20:3000', 'ruhr 26')).toEqual({
      url: 'http://192.168.1.20:3000/e/ruhr%2026',
      short: '192.168.1.20:3000/e/ruhr%2026',
    });
  });
});

describe("an event's paths", () => {
  const slug = 'barcamp-ruhr';
  it('read back as the page they name (the client routes by them), with the key and a giver link only in the fragment', () => {
    const at = (path: string) => new URL(path, 'http://camp.example');
    expect(parseRoute(at(eventPaths.attendee(slug)).pathname)).toEqual({ view: 'attendee', slug });
    expect(parseRoute(at(eventPaths.beamer(slug)).pathname)).toEqual({ view: 'beamer', slug });
    expect(parseRoute(at(`${eventPaths.attendee(slug)}/embed`).pathname)).toEqual({ view: 'embed', slug });
    expect(parseRoute('/e/barcamp-ruhr/embed/more')).toEqual({ view: 'not-found' });
    expect(parseRoute(at(eventPaths.pitch(slug, 's=1&t=x')).pathname)).toEqual({ view: 'pitch', slug });
    expect(at(eventPaths.pitch(slug, 's=1&t=x')).hash).toBe('#s=1&t=x');
    const board = at(eventPaths.board(slug, 'k/ey+=?'));
    expect(parseRoute(board.pathname)).toEqual({ view: 'board', slug });
    expect(board.search).toBe('');
    expect(decodeURIComponent(board.hash.slice('#key='.length))).toBe('k/ey+=?');
    expect(parseRoute(at(eventPaths.room(slug, 'r 1/ü')).pathname)).toEqual({ view: 'room', slug, roomId: 'r 1/ü' });
  });
  it('name the data of the event beside its pages', () => {
    expect(eventPaths.boardData(slug)).toBe('/api/events/barcamp-ruhr/board');
    expect(eventPaths.exportData(slug)).toBe('/api/events/barcamp-ruhr/export.json');
    expect(eventPaths.planCalendar(slug)).toBe('/api/events/barcamp-ruhr/plan.ics');
    expect(eventPaths.planCalendar(slug, ['s 1', 's2'])).toBe('/api/events/barcamp-ruhr/plan.ics?sessions=s%201,s2');
    expect(eventPaths.roomCalendar(slug, 'r/1')).toBe('/api/events/barcamp-ruhr/rooms/r%2F1.ics');
    expect(eventPaths.sessionsCsv(slug)).toBe('/api/events/barcamp-ruhr/sessions.csv');
    expect(eventPaths.sessionsCsv(slug, 'en')).toBe('/api/events/barcamp-ruhr/sessions.csv?lang=en');
    expect(eventPaths.sessionsXlsx(slug)).toBe('/api/events/barcamp-ruhr/sessions.xlsx');
    expect(eventPaths.sessionsXlsx(slug, 'de')).toBe('/api/events/barcamp-ruhr/sessions.xlsx?lang=de');
  });
  it('name the printed pages and a session on the plan; without a key or giver link, no fragment', () => {
    expect(eventPaths.print(slug)).toBe('/e/barcamp-ruhr/print');
    expect(eventPaths.printDoors(slug)).toBe('/e/barcamp-ruhr/print/doors');
    expect(eventPaths.session(slug, 's 1')).toBe('/e/barcamp-ruhr#session=s%201');
    expect(eventPaths.board(slug)).toBe('/e/barcamp-ruhr/board');
    expect(eventPaths.pitch(slug)).toBe('/e/barcamp-ruhr/pitch');
  });
  it('subscribe a calendar app to a feed by webcal:', () => {
    expect(subscribeUrl('https://camp.example/api/events/x/plan.ics')).toBe('webcal://camp.example/api/events/x/plan.ics');
    expect(subscribeUrl('http://192.168.1.20:3000/x.ics')).toBe('webcal://192.168.1.20:3000/x.ics');
  });
});
