// The built client as phones get it: compressed at build time, cached by hash, HEAD like GET.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../server/app.ts';
import type { Board } from '../../shared/board.ts';
import type { EmbeddedPlan } from '../../shared/embedded-plan.ts';
import { seedBigCamp } from '../fixtures/big-camp.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ withClient: true });
});
afterAll(() => server.close());

const raw = (method: string, urlPath: string, headers: Record<string, string> = {}) => rawRequest(method, `${server.url}${urlPath}`, headers);

/** The biggest script of the build (the entries themselves are small): the one compression matters for. */
const biggestScript = () =>
  `/assets/${
    readdirSync(path.join(DEFAULT_CLIENT_DIR, 'assets'))
      .filter((name) => name.endsWith('.js'))
      .sort((a, b) => statSync(path.join(DEFAULT_CLIENT_DIR, 'assets', b)).size - statSync(path.join(DEFAULT_CLIENT_DIR, 'assets', a)).size)[0]!
  }`;

describe('the built client over HTTP', () => {
  it('sends hashed files brotli- or gzip-compressed by Accept-Encoding, cached for good', async () => {
    const file = biggestScript();
    const original = readFileSync(path.join(DEFAULT_CLIENT_DIR, file));
    const br = await raw('GET', file, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    expect(br.body.length).toBeLessThan(original.length / 2);

    const gzip = await raw('GET', file, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);

    const plain = await raw('GET', file);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('answers every page compressed, never cached stale, and HEAD like GET', async () => {
    for (const page of ['/', `/e/${server.slug}`, `/e/${server.slug}/beamer`, `/e/${server.slug}/board`]) {
      const get = await raw('GET', page, { 'accept-encoding': 'br' });
      expect(get.status, page).toBe(200);
      expect(get.headers['content-encoding'], page).toBe('br');
      expect(get.headers['cache-control'], page).toBe('no-cache');
      expect(brotliDecompressSync(get.body).toString()).toMatch(/<meta\s+name="description"/);
      const head = await raw('HEAD', page, { 'accept-encoding': 'br' });
      expect(head.status, page).toBe(200);
      expect(head.headers['content-type'], page).toBe(get.headers['content-type']);
      expect(head.body.length, page).toBe(0);
    }
    expect((await raw('HEAD', '/e/no-such-camp')).status).toBe(404);
    expect((await raw('GET', '/e/no-such-camp')).status).toBe(404);
  });

  it('isolates the pages with a key or token from openers, but not the public plan (no process swap on a slow phone)', async () => {
    const attendee = await raw('GET', `/e/${server.slug}`);
    expect(attendee.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(attendee.headers['origin-agent-cluster']).toBeUndefined();
    // Everything else of the security headers stays on the public page.
    expect(attendee.headers['content-security-policy']).toMatch(/script-src 'self'/);
    // The socket reaches its own server and nothing else.
    expect(attendee.headers['content-security-policy']).toMatch(/connect-src 'self'(;|$)/);
    expect(attendee.headers['x-frame-options']).toBe('SAMEORIGIN');
    for (const page of ['/', `/e/${server.slug}/board`, `/e/${server.slug}/pitch`, `/e/${server.slug}/beamer`]) {
      const answer = await raw('GET', page);
      expect(answer.headers['cross-origin-opener-policy'], page).toBe('same-origin');
      expect(answer.headers['origin-agent-cluster'], page).toBe('?1');
    }
  });

  it('lets any site frame the embedded plan, and no other page: the attendee page, the board and the rest keep to their own origin', async () => {
    const embed = await raw('GET', `/e/${server.slug}/embed?lang=en`);
    expect(embed.status).toBe(200);
    expect(embed.headers['content-security-policy']).toMatch(/frame-ancestors \*(;|$)/);
    expect(embed.headers['x-frame-options']).toBeUndefined();
    // The rest of the policy holds there too.
    expect(embed.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(embed.headers['content-security-policy']).toMatch(/connect-src 'self'(;|$)/);
    expect(embed.body.toString()).not.toContain(server.key);
    for (const page of [`/e/${server.slug}`, `/e/${server.slug}/board`, `/e/${server.slug}/beamer`, `/e/${server.slug}/embed/x`, '/']) {
      const answer = await raw('GET', page);
      expect(answer.headers['content-security-policy'], page).toMatch(/frame-ancestors 'self'/);
      expect(answer.headers['x-frame-options'], page).toBe('SAMEORIGIN');
    }
  });

  it('compresses the board as JSON on the fly for a big camp', async () => {
    const { slug } = await seedBigCamp(server.store, 'ruhr-json');
    const answer = await raw('GET', `/api/events/${slug}/board`, { 'accept-encoding': 'gzip, br' });
    expect(answer.headers['content-encoding']).toBe('br');
    const json = brotliDecompressSync(answer.body).toString();
    expect(JSON.parse(json).board.sessions).toHaveLength(150);
    expect(answer.body.length).toBeLessThan(json.length / 4);
  });

  it('renders the attendee page with its plan in the HTML and the snapshot it shows embedded, no secret in it', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const camp = await seedBigCamp(server.store, 'ruhr-rendered', [day(1), day(2)]);
    const eventId = (await server.store.findEvent(camp.slug))!.id;
    // A title that tries to end the embedded script and run its own.
    const { CommandWriter } = await import('../../server/writer.ts');
    const hostile = '</script><script>alert(1)</script><!--';
    await new CommandWriter(server.store).execute({ eventId, isFacilitator: true }, 'session:update', { sessionId: 's1', revision: 1, title: hostile });

    const answer = await raw('GET', `/e/${camp.slug}`, { 'accept-encoding': 'br', 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' });
    expect(answer.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(answer.body).toString();
    const board = ((await (await fetch(`${server.url}/api/events/${camp.slug}/board`)).json()) as { board: Board }).board;
    // The camp starts tomorrow: the page opens on the first slot, its 12 sessions in the markup.
    const firstSlot = board.placements.filter((p) => p.slotId === 'd1t1');
    expect(firstSlot).toHaveLength(12);
    for (const placement of firstSlot) expect(html).toContain(`data-entry="${placement.sessionId}"`);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<title>${board.event.title} – Plan</title>`);
    expect(html).toContain('data-rendered="attendee"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain(camp.key);

    const embedded = /<script type="application\/json" id="first-plan">([^<]*)<\/script>/.exec(html)![1]!;
    const { snapshot, zone } = JSON.parse(embedded) as EmbeddedPlan;
    expect(snapshot.board).toEqual(board);
    // The zone's offsets cover the camp's days, so the phone needs no Intl to tell its time.
    expect(zone.timezone).toBe(board.event.timezone);
    expect(zone.stretches[0]!.from).toBeLessThanOrEqual(Date.now());
    expect(zone.until).toBeGreaterThan(Date.parse(`${day(2)}T23:59:00Z`) + 86_400_000);
    expect(snapshot.board.sessions.find((s) => s.id === 's1')!.title).toBe(hostile);
    // German by default, and the styles inline rather than a round trip away.
    const german = brotliDecompressSync((await raw('GET', `/e/${camp.slug}`, { 'accept-encoding': 'br' })).body).toString();
    expect(german).toContain('<html lang="de">');
    expect(german).not.toMatch(/<link rel="(stylesheet|modulepreload)"/);
    expect(german).toMatch(/<style>[^<]*\.entry[^<]*<\/style>/);
    // Other screens stay the plain shell.
    const boardPage = brotliDecompressSync((await raw('GET', `/e/${camp.slug}/board`, { 'accept-encoding': 'br' })).body).toString();
    expect(boardPage).toContain('<div id="app"></div>');
    expect(boardPage).not.toContain('id="first-plan"');
  });

  it('serves robots.txt as text', async () => {
    const robots = await raw('GET', '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toMatch(/^text\/plain/);
    expect(robots.body.toString()).toContain('Disallow: /e/');
  });
});
