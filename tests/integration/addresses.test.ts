// GET /api/addresses: how phones reach this server, for the QR codes on the projector and doors.
import { afterEach, describe, expect, it } from 'vitest';
import { lanUrls } from '../../server/links.ts';
import { eventPaths } from '../../shared/links.ts';
import { connectClient, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const addresses = async (url: string) => (await fetch(`${url}/api/addresses`)).json();

describe('GET /api/addresses', () => {
  it('has no LAN address to offer for a server bound to loopback', async () => {
    server = await startTestServer();
    expect(await addresses(server.url)).toEqual({ publicUrl: null, lanUrls: [] });
  });
  it('offers PUBLIC_URL when it is set', async () => {
    server = await startTestServer({ publicUrl: 'https://camp.example.org/' });
    expect(await addresses(server.url)).toEqual({ publicUrl: 'https://camp.example.org', lanUrls: [] });
  });
  it('takes PUBLIC_URL from the environment when not told, and an empty one as none', async () => {
    const before = process.env.PUBLIC_URL;
    try {
      process.env.PUBLIC_URL = 'https://env.example.org';
      server = await startTestServer();
      expect(await addresses(server.url)).toEqual({ publicUrl: 'https://env.example.org', lanUrls: [] });
      await server.close();
      process.env.PUBLIC_URL = '';
      server = await startTestServer();
      expect(await addresses(server.url)).toEqual({ publicUrl: null, lanUrls: [] });
      const created = await (
        await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Camp' }) })
      ).json();
      expect(created.attendeeUrl).toBe(`${server.url}/e/${created.slug}`);
    } finally {
      if (before === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = before;
    }
  });
  it('puts PUBLIC_URL into a new event’s links and the calendar’s entries, else the address asked', async () => {
    for (const [publicUrl, base] of [
      ['https://camp.example.org//', 'https://camp.example.org'],
      [undefined, undefined],
    ] as const) {
      server = await startTestServer({ publicUrl });
      const expected = base ?? server.url;
      const created = await (
        await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Camp' }) })
      ).json();
      expect(created.attendeeUrl).toBe(`${expected}/e/${created.slug}`);
      expect(created.facilitatorUrl).toBe(`${expected}/e/${created.slug}/board#key=${created.key}`);
      const boss = await connectClient(server.url, { event: server.slug, key: server.key });
      const { sessions, rooms, slots } = boss.snapshot.board;
      await boss.send('session:place', { sessionId: sessions[0]!.id, roomId: rooms[0]!.id, slotId: slots[0]!.id });
      boss.close();
      const calendar = await (await fetch(`${server.url}/api/events/${server.slug}/plan.ics`)).text();
      // Long lines are folded (RFC 5545, 3.1): unfolded before looking.
      expect(calendar.replace(/\r\n /g, '')).toContain(`URL;VALUE=URI:${expected}${eventPaths.session(server.slug, sessions[0]!.id)}`);
      await server.close();
      server = undefined;
    }
  });
  it('offers every LAN address when listening on all interfaces', async () => {
    server = await startTestServer({ host: '0.0.0.0' });
    const port = Number(new URL(server.url).port);
    const answer = await addresses(server.url);
    expect(answer.lanUrls).toEqual(lanUrls(port));
    expect(answer.lanUrls.every((url: string) => !/localhost|127\.0\.0\.1/.test(url))).toBe(true);
  });
});
