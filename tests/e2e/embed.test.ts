// The compact live plan another site frames (/e/:slug/embed): framed by a page of another origin
// in Chromium, live, in German and English, nothing of the facilitator's; the attendee page itself
// still refuses to be framed elsewhere.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedBigCamp } from '../fixtures/big-camp.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests } from '../helpers/e2e.ts';
import { connectClient } from '../helpers/server.ts';
import { bookableCells, placementAt } from '../../shared/board.ts';

const e2e = setUpBrowserTests();
let camp: { slug: string; key: string };
/** Another origin: a camp's website with the plan in an iframe (and, for contrast, the attendee page). */
let site: http.Server;
let siteUrl: string;

beforeEach(async () => {
  camp = await seedBigCamp(e2e.server.store, e2e.slug('ruhr'));
  site = http.createServer((request, response) => {
    const language = new URL(request.url ?? '/', 'http://site').searchParams.get('lang') ?? 'de';
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(
      `<!doctype html><html lang="${language}"><title>Barcamp Ruhr – Website</title><h1>Unser Barcamp</h1>` +
        `<iframe id="plan" title="Plan" style="width:100%;height:700px;border:0" src="${e2e.server.url}/e/${camp.slug}/embed?lang=${language}"></iframe>` +
        `<iframe id="attendee" title="Attendee page" style="width:100%;height:200px" src="${e2e.server.url}/e/${camp.slug}"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => site.listen(0, 'localhost', resolve));
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((resolve) => site.close(() => resolve())));

describe('the embedded plan', () => {
  it('shows in another site’s iframe, live, with a link to the whole plan; the attendee page is not framed there', async () => {
    const context = await e2e.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${siteUrl}/?lang=de`);
    const plan = page.locator('#plan').contentFrame();
    await expect.poll(() => plan.locator('[data-embed] .slot').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const board = (await fetch(`${e2e.server.url}/api/events/${camp.slug}/board`).then((r) => r.json())).board;
    const placed = board.sessions.find((session: { id: string }) => board.placements.some((p: { sessionId: string }) => p.sessionId === session.id));
    await expect.poll(() => plan.locator('[data-embed]').textContent()).toContain(placed.title);
    const whole = plan.getByRole('link', { name: /Ganzen Plan öffnen/ });
    expect(await whole.getAttribute('href')).toBe(`/e/${camp.slug}`);
    expect(await whole.getAttribute('target')).toBe('_blank');
    // Nothing of the facilitator's: no board, no key, no commands on the page.
    expect(await plan.locator('button').count()).toBe(0);
    expect(await plan.locator('html').innerHTML()).not.toContain(camp.key);

    // Live: a session the facilitator places now shows in the frame.
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    const { board: now } = boss.snapshot;
    const cell = bookableCells(now).find((candidate) => !placementAt(now, candidate))!;
    expect(await boss.send('session:submit', { title: 'Eingebettet und live', host: 'Kim' })).toMatchObject({ ok: true });
    const submitted = await boss.send<{ sessionId: string }>('session:submit', { title: 'Noch eine eingebettete Session', host: 'Kim' });
    expect(submitted.ok).toBe(true);
    if (submitted.ok) expect(await boss.send('session:place', { sessionId: submitted.data!.sessionId, ...cell })).toMatchObject({ ok: true });
    await expect.poll(() => plan.locator('[data-embed]').textContent()).toContain('Noch eine eingebettete Session');
    boss.close();

    // The attendee page keeps refusing to be framed by another origin (frame-ancestors 'self').
    const attendee = page.locator('#attendee').contentFrame();
    await expect
      .poll(
        async () =>
          (await attendee
            .locator('body')
            .textContent()
            .catch(() => '')) ?? '',
      )
      .not.toContain(board.event.title);
    expect(await attendee.locator('[data-view], main.embed').count()).toBe(0);
    await screenshot(page, 'embed-framed-1366x768');
  });

  for (const [language, viewport] of [
    ['de', { width: 390, height: 844 }],
    ['en', { width: 1366, height: 768 }],
  ] as const) {
    it(`reads well and finds no axe-core violations in ${language} at ${viewport.width}×${viewport.height}`, async () => {
      const page = await e2e.open(`/e/${camp.slug}/embed?lang=${language}`, { viewport });
      await expect.poll(() => page.locator('[data-embed] .slot').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      await expect.poll(() => page.getByRole('link', { name: language === 'de' ? /Ganzen Plan öffnen/ : /Open the whole plan/ }).count()).toBe(1);
      // Nothing runs off the side.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, `embed-${language}-${viewport.width}x${viewport.height}`);
      expect(describeViolations(await axeViolations(page))).toBe('');
      expect(page.errors).toEqual([]);
    });
  }
});
