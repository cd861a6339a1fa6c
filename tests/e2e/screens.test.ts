// The read-only screens: the attendee's phone, the projector and the door sign, in Chromium.
import { bookableCells } from '../../shared/board.ts';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { createEvent } from '../../server/create-event.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests, type PageOptions, type WatchedPage } from '../helpers/e2e.ts';
import { connectClient, type TestClient, type TestServer } from '../helpers/server.ts';

const e2e = setUpBrowserTests();
let server: TestServer;
beforeEach(() => {
  server = e2e.server;
});

/** 10:10 in Bochum on the test event's day: the first slot is running. */
const DURING_FIRST_SLOT = new Date('2026-05-09T08:10:00Z');

async function open(pathAndHash: string, options: PageOptions & { at?: Date } = {}): Promise<WatchedPage> {
  const context = await e2e.newContext(options);
  const page = (await context.newPage()) as WatchedPage;
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  if (options.at) await page.clock.setFixedTime(options.at);
  await page.goto(`${server.url}${pathAndHash}`);
  await expect.poll(() => page.locator('[data-connection="live"], [data-beamer-live]').count()).toBeGreaterThan(0);
  return page;
}

async function facilitator(slug = server.slug, key = server.key): Promise<TestClient> {
  return connectClient(server.url, { event: slug, key });
}

function cellOf(board: Board, roomName: string, start: string) {
  return { roomId: board.rooms.find((r) => r.name === roomName)!.id, slotId: board.slots.find((s) => s.start === start)!.id };
}

function cutConnections() {
  for (const socket of server.app.io.sockets.sockets.values()) if (!socket.data.isFacilitator) socket.conn.close();
}

describe('the attendee phone', () => {
  it('opens on now and next and updates live when the facilitator places a session', async () => {
    const phone = await open(`/e/${server.slug}`, { viewport: { width: 390, height: 844 }, at: DURING_FIRST_SLOT });
    const now = phone.getByRole('region', { name: /Jetzt/ }).first();
    await expect.poll(() => now.textContent()).toContain('10:00–10:45');
    await expect.poll(() => now.textContent()).toContain('Noch nichts geplant.');
    await expect.poll(() => phone.getByRole('region', { name: /Als Nächstes/ }).textContent()).toContain('11:00–11:45');

    const boss = await facilitator();
    const board = boss.snapshot.board;
    await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...cellOf(board, 'Raum A', '10:00') });
    await boss.send('session:place', { sessionId: board.sessions[1]!.id, ...cellOf(board, 'Raum B', '11:00') });
    await expect.poll(() => now.textContent(), { timeout: 2000 }).toContain('Erste Session');
    await expect.poll(() => phone.getByRole('region', { name: /Als Nächstes/ }).textContent()).toContain('Zweite Session');
    // The change stays visible for a moment.
    expect(await phone.locator(`[data-entry="${board.sessions[0]!.id}"]`).getAttribute('class')).toContain('flash');
    await screenshot(phone, 'attendee-now-390x844');
    boss.close();
    expect(phone.errors).toEqual([]);
  });

  it('keeps the plan through a drop-out, catches up, and opens again while offline', async () => {
    const boss = await facilitator();
    const board = boss.snapshot.board;
    await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...cellOf(board, 'Raum A', '10:00') });
    const phone = await open(`/e/${server.slug}`, { viewport: { width: 390, height: 844 }, at: DURING_FIRST_SLOT });
    await expect.poll(() => phone.getByText('Erste Session').count()).toBe(1);
    // The service worker holds the page and its files before the wifi goes.
    await expect.poll(() => phone.evaluate(async () => (await caches.match('/__shell')) !== undefined), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => phone.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await phone.context().setOffline(true);
    cutConnections();
    await expect.poll(() => phone.locator('[data-offline-note]').textContent()).toMatch(/Offline seit \d{1,2}:\d\d/);
    expect(await phone.getByText('Erste Session').count()).toBe(1);
    await screenshot(phone, 'attendee-offline-390x844');

    await boss.send('session:place', { sessionId: board.sessions[1]!.id, ...cellOf(board, 'Raum B', '10:00') });
    await phone.context().setOffline(false);
    await expect.poll(() => phone.getByText('Zweite Session').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => phone.locator('[data-offline-note]').count()).toBe(0);

    await phone.context().setOffline(true);
    cutConnections();
    await phone.reload();
    await expect.poll(() => phone.getByText('Zweite Session').count()).toBe(1);
    await expect.poll(() => phone.locator('[data-offline-note]').count()).toBe(1);
    await screenshot(phone, 'attendee-reopened-offline-390x844');
    boss.close();
  });

  it('switches language, stars sessions, flags a starred one that moved, searches and filters by tag', async () => {
    const boss = await facilitator();
    const board = boss.snapshot.board;
    const [first, second] = board.sessions;
    await boss.send('session:update', { sessionId: first!.id, revision: 1, tags: ['Daten'] });
    await boss.send('session:update', { sessionId: second!.id, revision: 1, tags: ['Kultur'] });
    await boss.send('session:place', { sessionId: first!.id, ...cellOf(board, 'Raum A', '10:00') });
    await boss.send('session:place', { sessionId: second!.id, ...cellOf(board, 'Raum B', '13:00') });

    const phone = await open(`/e/${server.slug}`, { viewport: { width: 390, height: 844 }, at: DURING_FIRST_SLOT });
    await phone.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => phone.getByRole('button', { name: 'Now & next' }).count()).toBe(1);
    await phone.reload();
    await expect.poll(() => phone.getByRole('button', { name: 'Whole plan', exact: true }).count()).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('en');
    // Times follow the language, formatted with Intl in the event's time zone.
    await expect.poll(() => phone.getByRole('region', { name: /Now/ }).first().textContent()).toContain('10:00 AM');

    await phone.getByRole('button', { name: 'Whole plan', exact: true }).click();
    await phone.getByRole('button', { name: 'Star “Erste Session”' }).click();
    await phone.getByRole('button', { name: 'My plan (1)' }).click();
    const mine = phone.locator('[data-view="mine"]');
    await expect.poll(() => mine.textContent()).toContain('Erste Session');

    await boss.send('session:place', { sessionId: first!.id, ...cellOf(board, 'Raum C', '11:00') });
    await expect.poll(() => mine.getByText('Moved').count()).toBe(1);
    await expect.poll(() => mine.textContent()).toContain('11:00 AM–11:45 AM · Raum C');
    await screenshot(phone, 'attendee-my-plan-390x844');
    await mine.getByRole('button', { name: 'Got it' }).click();
    await expect.poll(() => mine.getByText('Moved').count()).toBe(0);
    await phone.reload();
    await phone.getByRole('button', { name: 'My plan (1)' }).click();
    await expect.poll(() => phone.locator('[data-view="mine"]').textContent()).toContain('Erste Session');

    await phone.getByRole('button', { name: 'Whole plan', exact: true }).click();
    await phone.getByRole('button', { name: '#Kultur' }).click();
    await expect.poll(() => phone.locator('[data-entry]').count()).toBe(1);
    expect(await phone.locator('[data-entry]').textContent()).toContain('Zweite Session');
    await phone.getByRole('button', { name: 'All', exact: true }).click();
    await phone.getByLabel('Search sessions').fill('erste');
    await expect.poll(() => phone.locator('[data-entry]').count()).toBe(1);
    expect(await phone.locator('[data-entry]').textContent()).toContain('Erste Session');
    boss.close();
  });
});

/** A typical big barcamp: 8 rooms × 6 session slots around lunch, most cells with long titles. */
async function bigEvent(): Promise<{ slug: string; key: string }> {
  const created = createEvent(server.store, {
    title: 'Barcamp Rhein-Ruhr 2026 – Verwaltung digital gestalten',
    slug: 'gross',
    dates: ['2026-05-09'],
    rooms: 'Großer Saal:120,Raum Ruhr:40,Raum Emscher:30,Raum Lippe:30,Werkstatt:20,Bibliothek:15,Foyer:25,Dachterrasse:12',
    slots: '09:30-10:15,10:30-11:15,11:30-12:15,lunch 12:15-13:15,13:15-14:00,14:15-15:00,15:15-16:00',
  });
  const boss = await facilitator(created.slug, created.key);
  const board = boss.snapshot.board;
  const cells = bookableCells(board);
  for (let i = 0; i < 40; i++) {
    const ack = await boss.send<{ sessionId: string }>('session:submit', {
      title: `Session ${i + 1}: Wie wir Verwaltungsprozesse gemeinsam neu denken und digital umsetzen`,
      host: `Person ${i + 1} und Team`,
    });
    if (ack.ok) await boss.send('session:place', { sessionId: ack.data!.sessionId, ...cells[(i * 7) % cells.length]! });
  }
  boss.close();
  return created;
}

/** Whether the grid's last row reaches below the screen (hidden, since the projector never scrolls). */
function lastRowCut(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const rows = document.querySelectorAll('tbody tr');
    return rows[rows.length - 1]!.getBoundingClientRect().bottom > window.innerHeight + 0.5;
  });
}

/** Reads the QR code from a screenshot of the area around it (the whole screen holds other shapes). */
async function decodeQr(page: Page): Promise<string | undefined> {
  const box = (await page.locator('svg.qr').boundingBox())!;
  const viewport = page.viewportSize()!;
  const margin = 40;
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  const clip = {
    x,
    y,
    width: Math.min(viewport.width - x, box.width + 2 * margin),
    height: Math.min(viewport.height - y, box.height + 2 * margin),
  };
  const png = PNG.sync.read(await page.screenshot({ clip }));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('the projector', () => {
  it('fills 1920×1080 and 1280×720 without scrollbars; its QR code opens the attendee page', async () => {
    const { slug, key } = await bigEvent();
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ] as const) {
      const beamer = await open(`/e/${slug}/beamer`, { viewport: { width, height } });
      await expect.poll(() => beamer.locator('tbody td .title').count()).toBe(40);
      const overflow = await beamer.evaluate(() => ({
        x: document.documentElement.scrollWidth - window.innerWidth,
        y: document.documentElement.scrollHeight - window.innerHeight,
      }));
      expect(overflow, `${width}x${height}`).toEqual({ x: 0, y: 0 });
      expect(await lastRowCut(beamer), `${width}x${height}: the last slot is cut off`).toBe(false);
      expect(await decodeQr(beamer)).toBe(`${server.url}/e/${slug}`);
      expect(await beamer.locator('[data-short-url]').textContent()).toBe(`${new URL(server.url).host}/e/${slug}`);
      await screenshot(beamer, `beamer-${width}x${height}`);
    }

    // During the pitch: the current pitch and its countdown, large; still no scrollbars.
    const boss = await facilitator(slug, key);
    // The 40 placed sessions were pitched already; the next at the microphone is a new one.
    const late = await boss.send<{ sessionId: string }>('session:submit', { title: 'Open Data im Rathaus', host: 'Lena Berger' });
    await boss.send('pitch:reorder', { sessionId: late.ok ? late.data!.sessionId : '', toIndex: 0 });
    await boss.send('pitch:start', {});
    boss.close();
    const beamer = await open(`/e/${slug}/beamer`, { viewport: { width: 1920, height: 1080 } });
    await expect.poll(() => beamer.locator('[data-beamer-pitch]').textContent()).toBe('Open Data im Rathaus');
    const timer = beamer.getByRole('timer');
    expect(await timer.textContent()).toMatch(/^0:(2\d|30)$/);
    const size = await timer.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(64);
    expect(
      await beamer.evaluate(() => ({
        x: document.documentElement.scrollWidth - window.innerWidth,
        y: document.documentElement.scrollHeight - window.innerHeight,
        qrInView: document.querySelector('svg.qr')!.getBoundingClientRect().right <= window.innerWidth,
      })),
    ).toEqual({ x: 0, y: 0, qrInView: true });
    expect(await lastRowCut(beamer)).toBe(false);
    expect(await decodeQr(beamer)).toBe(`${server.url}/e/${slug}`);
    await screenshot(beamer, 'beamer-pitch-1920x1080');
  });

  it('highlights a change for a few seconds', async () => {
    const beamer = await open(`/e/${server.slug}/beamer`, { viewport: { width: 1280, height: 720 } });
    const boss = await facilitator();
    const board = boss.snapshot.board;
    await boss.send('session:place', { sessionId: board.sessions[2]!.id, ...cellOf(board, 'Raum C', '13:00') });
    boss.close();
    await expect.poll(() => beamer.locator('td.flash').count()).toBe(1);
    expect(await beamer.locator('td.flash').textContent()).toContain('Dritte Session');
  });
});

describe('the door sign', () => {
  it('shows the room, the session now, the next one and later today, live, with a QR code', async () => {
    const boss = await facilitator();
    const board = boss.snapshot.board;
    const roomA = board.rooms.find((r) => r.name === 'Raum A')!;
    await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...cellOf(board, 'Raum A', '10:00') });
    const door = await open(`/e/${server.slug}/room/${roomA.id}`, { viewport: { width: 1024, height: 768 }, at: DURING_FIRST_SLOT });
    await expect.poll(() => door.getByRole('heading', { level: 1 }).textContent()).toBe('Raum A');
    await expect.poll(() => door.locator('[data-door-now]').textContent()).toBe('Erste Session');
    expect(await door.locator('[data-door-next]').textContent()).toBe('Frei');
    await boss.send('session:place', { sessionId: board.sessions[1]!.id, ...cellOf(board, 'Raum A', '11:00') });
    await expect.poll(() => door.locator('[data-door-next]').textContent()).toBe('Zweite Session');
    expect(await door.getByRole('region', { name: 'Später heute' }).textContent()).toContain('13:00–13:45');
    expect(await decodeQr(door)).toBe(`${server.url}/e/${server.slug}`);
    await screenshot(door, 'door-1024x768');
    const portrait = await open(`/e/${server.slug}/room/${roomA.id}`, { viewport: { width: 768, height: 1024 }, at: DURING_FIRST_SLOT });
    await expect.poll(() => portrait.locator('[data-door-now]').textContent()).toBe('Erste Session');
    await screenshot(portrait, 'door-768x1024');
    // On a phone the sign still fits: the address under the QR code wraps.
    const phone = await open(`/e/${server.slug}/room/${roomA.id}`, { viewport: { width: 390, height: 844 }, at: DURING_FIRST_SLOT });
    await expect.poll(() => phone.locator('[data-door-now]').textContent()).toBe('Erste Session');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await screenshot(phone, 'door-390x844');
    boss.close();
  });
});

describe('accessibility of every screen', () => {
  it('finds no WCAG 2.1 AA violations, in German and English', async () => {
    const boss = await facilitator();
    const board = boss.snapshot.board;
    await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...cellOf(board, 'Raum A', '10:00') });
    await boss.send('pitch:start', {});
    boss.close();
    const roomA = board.rooms[0]!.id;
    for (const locale of ['de-DE', 'en-US']) {
      for (const [path, viewport] of [
        [`/e/${server.slug}`, { width: 390, height: 844 }],
        [`/e/${server.slug}/beamer`, { width: 1920, height: 1080 }],
        [`/e/${server.slug}/room/${roomA}`, { width: 1024, height: 768 }],
      ] as const) {
        const page = await open(path, { viewport, locale, at: DURING_FIRST_SLOT });
        await expect.poll(() => page.getByText('Erste Session').count()).toBeGreaterThan(0);
        expect(describeViolations(await axeViolations(page)), `${path} ${locale}`).toBe('');
      }
      const phone = await open(`/e/${server.slug}`, { viewport: { width: 390, height: 844 }, locale, at: DURING_FIRST_SLOT });
      for (const view of locale === 'de-DE' ? ['Ganzer Plan', 'Nach Raum', 'Mein Plan'] : ['Whole plan', 'By room', 'My plan']) {
        await phone.getByRole('button', { name: view, exact: true }).click();
        expect(describeViolations(await axeViolations(phone)), `${view} ${locale}`).toBe('');
      }
      for (const path of ['/', '/e/no-such-camp']) {
        const context = await e2e.newContext({ locale });
        const page = await context.newPage();
        await page.goto(`${server.url}${path}`);
        await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
        expect(describeViolations(await axeViolations(page)), `${path} ${locale}`).toBe('');
        await screenshot(page, `${path === '/' ? 'home' : 'not-found'}-${locale}-1366x768`);
      }
    }
  });
});
