// GET /api/addresses: how phones reach this server, for the QR codes on the projector and doors.
import { afterEach, describe, expect, it } from 'vitest';
import { lanUrls } from '../../server/links.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

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
  it('offers every LAN address when listening on all interfaces', async () => {
    server = await startTestServer({ host: '0.0.0.0' });
    const port = Number(new URL(server.url).port);
    const answer = await addresses(server.url);
    expect(answer.lanUrls).toEqual(lanUrls(port));
    expect(answer.lanUrls.every((url: string) => !/localhost|127\.0\.0\.1/.test(url))).toBe(true);
  });
});
