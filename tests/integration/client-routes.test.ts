// How the server serves a client build (server/routes/client.ts, the security headers of
// server/app.ts): which address is a page, which a file, which a JSON 404, and what each is sent
// with. A small fake build is served here; static.test.ts serves the real one.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { rmSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBuild, FAKE_SCRIPT } from '../helpers/fake-build.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { startTestServer } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';

// One build for the file; no test changes it. (The mutation run builds the app for each test:
// see server-per-file.ts.)
const build = fakeBuild();
afterAll(() => build.remove());
const file = serverPerFile({ clientDir: build.client });
let server: EventOnServer;
beforeEach(() => {
  server = file.server;
});

const raw = (method: string, urlPath: string, headers: Record<string, string> = {}) => rawRequest(method, `${server.url}${urlPath}`, headers);
/** The page's kind: the attendee page rendered with its plan, or the client's plain shell. */
const kindOf = (html: string) => (html.includes('data-rendered="attendee"') ? 'rendered' : html.includes('<div id="app"></div>') ? 'shell' : 'other');
const jsonNotFound = { error: { code: 'not_found', reason: 'no_such', message: 'Not found.' } };

describe('the files of a build', () => {
  it('go out as the build compressed them, by Accept-Encoding; hashed ones cached for good', async () => {
    const br = await raw('GET', FAKE_SCRIPT.path, { 'accept-encoding': 'gzip, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The build's own copy, not one packed on the fly.
    expect(br.body.equals(build.read(`${FAKE_SCRIPT.path}.br`))).toBe(true);
    expect(brotliDecompressSync(br.body).toString()).toBe(FAKE_SCRIPT.text);
    const gzip = await raw('GET', FAKE_SCRIPT.path, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.equals(build.read(`${FAKE_SCRIPT.path}.gz`))).toBe(true);
    expect(gunzipSync(gzip.body).toString()).toBe(FAKE_SCRIPT.text);
    expect((await raw('GET', FAKE_SCRIPT.path)).body.toString()).toBe(FAKE_SCRIPT.text);
  });

  it('that are not hashed are looked at again each time', async () => {
    const robots = await raw('GET', '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers['cache-control']).toBe('no-cache');
    expect(robots.body.toString()).toContain('Disallow: /e/');
  });
});

describe('the pages', () => {
  it('are the shell at every address a person opens, the event’s own address rendered with its plan', async () => {
    const pages: Array<[string, string]> = [
      ['/', 'shell'],
      ['/about/anything', 'shell'],
      [`/e/${server.slug}`, 'rendered'],
      [`/e/${server.slug}/`, 'rendered'],
      [`/e/${server.slug}?from=qr`, 'rendered'],
      [`/e/${encodeURIComponent(server.slug).replace('t', '%74')}`, 'rendered'],
      [`/e/${server.slug}/board`, 'shell'],
      [`/e/${server.slug}/beamer`, 'shell'],
      [`/e/${server.slug}boards`, 'shell'],
    ];
    for (const [page, kind] of pages) {
      const answer = await raw('GET', page, { 'accept-language': 'en' });
      const expectedStatus = page.endsWith('boards') ? 404 : 200;
      expect({ page, status: answer.status, kind: kindOf(answer.body.toString()) }).toEqual({ page, status: expectedStatus, kind });
      expect(answer.headers['cache-control'], page).toBe('no-cache');
      expect(answer.headers['content-type'], page).toMatch(/^text\/html/);
    }
    const rendered = (await raw('GET', `/e/${server.slug}`, { 'accept-language': 'en' })).body.toString();
    expect(rendered).toContain('<html lang="en">');
    expect(rendered).toContain('<title>Testcamp $&</title>');
  });

  it('answer HEAD like GET, with no body', async () => {
    for (const page of ['/', `/e/${server.slug}`, `/e/${server.slug}/board`, '/e/no-such-camp']) {
      const [get, head] = [await raw('GET', page), await raw('HEAD', page)];
      expect({ page, status: head.status, type: head.headers['content-type'], bytes: head.body.length }).toEqual({
        page,
        status: get.status,
        type: get.headers['content-type'],
        bytes: 0,
      });
    }
  });

  it('of an unknown event are still the shell (it explains itself), with a 404', async () => {
    for (const page of ['/e/no-such-camp', '/e/no-such-camp/board']) {
      const answer = await raw('GET', page);
      expect({ page, status: answer.status, kind: kindOf(answer.body.toString()) }).toEqual({ page, status: 404, kind: 'shell' });
    }
  });

  it('are not what an address with a broken %-escape gets: a JSON refusal, as any address the router cannot read', async () => {
    for (const page of ['/e/%E0%A4%A', '/e/%E0%A4%A/board', '/%zz']) {
      const answer = await raw('GET', page);
      expect({ page, status: answer.status }).toEqual({ page, status: 400 });
      expect(JSON.parse(answer.body.toString()), page).toMatchObject({ error: { code: 'invalid' } });
    }
  });

  it('isolate the screens with a key or token from openers, but not the public plan', async () => {
    const attendee = await raw('GET', `/e/${server.slug}`);
    expect(attendee.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(attendee.headers['origin-agent-cluster']).toBeUndefined();
    for (const page of ['/', `/e/${server.slug}/board`, `/e/${server.slug}/give/s1`]) {
      const answer = await raw('GET', page);
      expect(answer.headers['cross-origin-opener-policy'], page).toBe('same-origin');
      expect(answer.headers['origin-agent-cluster'], page).toBe('?1');
    }
  });

  it('all carry a content security policy that lets in the server’s own scripts, styles, images and socket only, and no HSTS', async () => {
    for (const page of ['/', `/e/${server.slug}`, '/api/config']) {
      const answer = await raw('GET', page);
      const policy = Object.fromEntries(
        String(answer.headers['content-security-policy'])
          .split(';')
          .map((directive) => directive.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values.join(' ')]),
      );
      expect(policy, page).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self' 'unsafe-inline'",
        'img-src': "'self' data:",
        'connect-src': "'self'",
      });
      expect(policy, page).not.toHaveProperty('upgrade-insecure-requests');
      expect(answer.headers['strict-transport-security'], page).toBeUndefined();
      expect(answer.headers['x-frame-options'], page).toBe('SAMEORIGIN');
    }
  });
});

describe('what is not a page', () => {
  it('is a JSON 404: an unknown API address or file, and anything but GET and HEAD', async () => {
    for (const [method, address] of [
      ['GET', '/api/nothing-here'],
      ['HEAD', '/api/nothing-here'],
      ['GET', '/assets/missing-123.js'],
      ['POST', `/e/${server.slug}/board`],
      ['PUT', '/'],
      ['DELETE', `/e/${server.slug}`],
    ] as const) {
      const answer = await raw(method, address);
      expect({ method, address, status: answer.status }).toEqual({ method, address, status: 404 });
      if (method !== 'HEAD') expect(JSON.parse(answer.body.toString()), `${method} ${address}`).toEqual(jsonNotFound);
    }
  });
});

describe('without a build', () => {
  it('says how to build it: 503 for a page, 404 for the page of an unknown event', async () => {
    const bare = await startTestServer();
    for (const [page, status] of [
      ['/', 503],
      [`/e/${bare.slug}`, 503],
      [`/e/${bare.slug}/board`, 503],
      ['/e/no-such-camp', 404],
    ] as const) {
      const answer = await rawRequest('GET', `${bare.url}${page}`);
      expect({ page, status: answer.status }).toEqual({ page, status });
      expect(answer.headers['content-type'], page).toMatch(/^text\/html/);
      expect(answer.body.toString(), page).toContain('Run <code>npm run build</code>');
    }
    expect((await rawRequest('GET', `${bare.url}/api/nothing-here`)).status).toBe(404);
    await bare.close();
  });

  it('is a folder without the shell in it too', async () => {
    const partial = fakeBuild();
    rmSync(`${partial.client}/index.html`);
    const served = await startTestServer({ clientDir: partial.client });
    const answer = await rawRequest('GET', `${served.url}/`);
    expect(answer.status).toBe(503);
    expect(answer.body.toString()).toContain('Run <code>npm run build</code>');
    await served.close();
    partial.remove();
  });
});
