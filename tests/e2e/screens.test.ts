// The read-only screens: the attendee's phone, the projector and the door sign, in Chromium.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { seedBigCamp } from '../fixtures/big-camp.ts';
import { seedNastyCamp } from '../fixtures/nasty-camp.ts';
import { decodeQr } from '../helpers/qr.ts';
import { setUpBrowserTests, type PageOptions, type WatchedPage } from '../helpers/e2e.ts';
import { connectClient, type TestClient } from '../helpers/server.ts';
import type { EventOnServer } from '../helpers/server-per-file.ts';

const e2e = setUpBrowserTests();
let server: EventOnServer;
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

  it('shows the plan before the socket is up: with the socket blocked, the plan comes over HTTP', async () => {
    const boss = await facilitator();
    const board = boss.snapshot.board;
    await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...cellOf(board, 'Raum A', '10:00') });
    boss.close();
    const context = await e2e.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    await phone.clock.setFixedTime(DURING_FIRST_SLOT);
    // Neither WebSocket nor long-polling gets through.
    await phone.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
    await phone.route(/\/socket\.io\//, (route) => route.abort());
    await phone.goto(`${server.url}/e/${server.slug}`);
    await expect.poll(() => phone.getByText('Erste Session').count()).toBe(1);
    expect(await phone.locator('[data-connection="live"]').count()).toBe(0);
    await screenshot(phone, 'attendee-plan-without-socket-390x844');
  });

  it('shows the plan from the HTML before any script runs, then goes live without asking for it again', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const camp = await seedBigCamp(server.store, e2e.slug('ruhr'), [day(1), day(2)]);
    const boss = await facilitator(camp.slug, camp.key);
    const firstSlot = boss.snapshot.board.placements.filter((p) => p.slotId === 'd1t1');

    // Without JavaScript: the next slot's sessions, in the page as the server rendered it.
    const still = await (await e2e.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: 'de-DE' })).newPage();
    await still.goto(`${server.url}/e/${camp.slug}`);
    expect(await still.locator('.slot:not([data-not-placed]) [data-entry]').count()).toBe(firstSlot.length);
    expect(await still.getByRole('heading', { level: 1 }).textContent()).toBe('Barcamp Ruhr 2026');
    await screenshot(still, 'attendee-rendered-without-js-390x844');
    await still.context().close();

    // With it: the browser takes the page over where it stands.
    const context = await e2e.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const warnings: string[] = [];
    const requests: string[] = [];
    const received: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
    });
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => received.push(String(frame.payload))));
    // Counts the page's uses of Intl: starting it alone costs a slow phone a quarter of a second.
    await page.addInitScript(() => {
      const uses: string[] = [];
      (window as { intlUses?: string[] }).intlUses = uses;
      for (const name of ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules'] as const) {
        const counted = new Proxy(Intl[name], {
          construct(target, args) {
            uses.push(name);
            return Reflect.construct(target, args) as object;
          },
        });
        Object.defineProperty(Intl, name, { value: counted });
      }
      const localeCompare = String.prototype.localeCompare;
      String.prototype.localeCompare = function (this: string, ...args: Parameters<typeof localeCompare>) {
        uses.push('localeCompare');
        return localeCompare.apply(this, args);
      };
    });
    // Keeps the first entry element as the HTML parser made it, to see whether it survives.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const entry = document.querySelector('[data-entry]');
        if (!entry) return;
        observer.disconnect();
        (window as { parsedEntry?: Element }).parsedEntry = entry;
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${server.url}/e/${camp.slug}`);
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    expect(await page.locator('.slot:not([data-not-placed]) [data-entry]').count()).toBe(firstSlot.length);
    // Taken over, not replaced: the parsed elements are the live ones, a star sticks, no complaints.
    expect(await page.evaluate(() => (window as { parsedEntry?: Element }).parsedEntry?.isConnected)).toBe(true);
    await page.locator('[data-entry] button.star').first().click();
    await expect.poll(() => page.locator('[data-entry] button.star[aria-pressed="true"]').count()).toBe(1);
    expect(warnings).toEqual([]);
    // Its own script, not the whole app's; the event's time told and the plan sorted without Intl.
    expect(requests.filter((path) => /\/assets\/(index|main|App)-/.test(path))).toEqual([]);
    expect(await page.evaluate(() => (window as { intlUses?: string[] }).intlUses)).toEqual([]);
    // The plan came with the page: no HTTP request for it, no snapshot over the socket.
    expect(requests.filter((path) => path.startsWith('/api/'))).toEqual([]);
    expect(received.filter((frame) => frame.includes('board:snapshot'))).toEqual([]);
    // And a change made now reaches it live.
    await boss.send('session:update', { sessionId: firstSlot[0]!.sessionId, revision: 1, title: 'Ganz neuer Titel' });
    await expect.poll(() => page.getByText('Ganz neuer Titel').count()).toBe(1);

    // The offline cache may serve this rendered page for another address: the app starts there.
    const rendered = await (await fetch(`${server.url}/e/${camp.slug}`)).text();
    const projector = await context.newPage();
    await projector.route(`${server.url}/e/${camp.slug}/beamer`, (route) => route.fulfill({ contentType: 'text/html', body: rendered }));
    await projector.goto(`${server.url}/e/${camp.slug}/beamer`);
    await expect.poll(() => projector.locator('.beamer[data-beamer-live]').count()).toBe(1);
    await expect.poll(() => projector.getByText('Ganz neuer Titel').count()).toBe(1);
    boss.close();
  });

  it('notices a change that never arrived and fetches the whole plan instead of skipping it', async () => {
    const boss = await facilitator();
    const board = boss.snapshot.board;
    const context = await e2e.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    await phone.clock.setFixedTime(DURING_FIRST_SLOT);
    // Between the phone and the server: the broadcast of version 2 is lost on the way.
    let lost = 0;
    await phone.routeWebSocket(/socket\.io/, (ws) => {
      const upstream = ws.connectToServer();
      upstream.onMessage((message) => {
        if (typeof message === 'string' && message.startsWith('42["board:events"') && message.includes('"version":2,')) {
          lost++;
          return;
        }
        ws.send(message);
      });
      ws.onMessage((message) => upstream.send(message));
    });
    await phone.goto(`${server.url}/e/${server.slug}`);
    await expect.poll(() => phone.locator('[data-connection="live"]').count()).toBe(1);
    for (const [index, room] of ['Raum A', 'Raum B', 'Raum C'].entries()) {
      expect(await boss.send('session:place', { sessionId: board.sessions[index]!.id, ...cellOf(board, room, '10:00') })).toMatchObject({ ok: true });
    }
    await expect.poll(() => phone.locator('[data-entry]').count()).toBe(3);
    expect(lost).toBe(1);
    // The one that was lost is there, not only the ones around it.
    expect(await phone.locator(`[data-entry="${board.sessions[1]!.id}"]`).count()).toBe(1);
    await context.close();
    boss.close();
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

  it('keeps no facilitator key and no giver token in the offline cache', async () => {
    const giver = await connectClient(server.url, { event: server.slug });
    const submitted = await giver.send<{ sessionId: string; token: string }>('session:submit', { title: 'Geheimer Link', host: 'Gabi' });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    const { sessionId, token } = submitted.data!;
    const phone = await open(`/e/${server.slug}`, { viewport: { width: 390, height: 844 } });
    await expect.poll(() => phone.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 }).toBe(true);
    // With the worker in control, the personal link and the facilitator's link are opened too.
    await phone.goto(`${server.url}/e/${server.slug}/pitch#${new URLSearchParams({ session: sessionId, token })}`);
    await expect.poll(() => phone.getByText('Geheimer Link').count()).toBeGreaterThan(0);
    await phone.goto(`${server.url}/e/${server.slug}/board#key=${server.key}`);
    await expect.poll(() => phone.locator('[data-connection="live"]').count()).toBe(1);
    const cached = await phone.evaluate(async () => {
      const entries: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) entries.push(`${request.url}\n${await (await cache.match(request))!.text()}`);
      }
      return entries;
    });
    expect(cached.length).toBeGreaterThan(1);
    for (const entry of cached) {
      expect(entry).not.toContain(server.key);
      expect(entry).not.toContain(token);
    }
    giver.close();
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

  it('subscribes a calendar to my plan, a room or the whole plan, and opens the plan at a session a calendar links to', async () => {
    const boss = await facilitator();
    const board = boss.snapshot.board;
    const [first, second, third] = board.sessions;
    await boss.send('session:place', { sessionId: first!.id, ...cellOf(board, 'Raum A', '10:00') });
    await boss.send('session:place', { sessionId: second!.id, ...cellOf(board, 'Raum B', '13:00') });
    await boss.send('session:place', { sessionId: third!.id, ...cellOf(board, 'Raum A', '13:00') });
    const phone = await open(`/e/${server.slug}`, { viewport: { width: 390, height: 844 }, at: DURING_FIRST_SLOT });
    const origin = new URL(server.url);

    await phone.getByRole('button', { name: 'Ganzer Plan', exact: true }).click();
    const whole = phone.getByRole('link', { name: 'Im Kalender abonnieren: Testcamp' });
    expect(await whole.getAttribute('href')).toBe(`webcal://${origin.host}/api/events/${server.slug}/plan.ics`);
    // Beside it, the schedules for conference apps: the address an app is given, and what it reads there.
    for (const [name, format, type] of [
      ['Fahrplan (XML)', 'xml', 'application/xml; charset=utf-8'],
      ['Fahrplan (JSON)', 'json', 'application/json; charset=utf-8'],
    ] as const) {
      const href = await phone.getByRole('link', { name, exact: true }).getAttribute('href');
      expect(href).toBe(`/api/events/${server.slug}/schedule.${format}`);
      const answer = await fetch(new URL(href!, server.url));
      expect([answer.status, answer.headers.get('content-type')]).toEqual([200, type]);
      expect(await answer.text()).toContain('Erste Session');
    }
    expect(await phone.getByText('Für Fahrplan-Apps (Giggity, EventFahrplan, ConfClerk):').count()).toBe(1);
    await phone.getByRole('button', { name: `„${first!.title}“ merken` }).click();
    await phone.getByRole('button', { name: `„${second!.title}“ merken` }).click();
    await phone.getByRole('button', { name: 'Mein Plan (2)' }).click();
    const mine = phone.locator('[data-view="mine"]');
    const subscribe = mine.getByRole('link', { name: 'Im Kalender abonnieren: Mein Plan' });
    const mineFeed = new URL((await subscribe.getAttribute('href'))!.replace(/^webcal:/, 'http:'));
    // The phone's own feed: its id, not its stars, is in the address; the phone tells the server its stars.
    expect(mineFeed.pathname).toMatch(new RegExp(`^/api/events/${server.slug}/my/[A-Za-z0-9_-]{24}\\.ics$`));
    expect(mineFeed.search).toBe('');
    // The download is the same feed, fetched by the page's own address: what a calendar gets.
    const download = await mine.getByRole('link', { name: '.ics herunterladen: Mein Plan' }).getAttribute('href');
    expect(new URL(download!, server.url).pathname).toBe(mineFeed.pathname);
    const feedText = async () => (await fetch(new URL(download!, server.url))).text();
    await expect.poll(async () => (await feedText()).match(/BEGIN:VEVENT/g)?.length ?? 0).toBe(2);
    const text = await feedText();
    expect(text).toContain('SUMMARY:Erste Session');
    expect(text).not.toContain('SUMMARY:Dritte Session');
    expect(await mine.getByText('Folgt deinen Sternen').count()).toBe(1);
    // Starred later: the same subscription holds it, with nothing subscribed again.
    await phone.getByRole('button', { name: 'Ganzer Plan', exact: true }).click();
    await phone.getByRole('button', { name: `„${third!.title}“ merken` }).click();
    await expect.poll(async () => (await feedText()).match(/BEGIN:VEVENT/g)?.length ?? 0).toBe(3);
    await phone.getByRole('button', { name: 'Mein Plan (3)' }).click();
    expect(await mine.getByRole('link', { name: 'Im Kalender abonnieren: Mein Plan' }).getAttribute('href')).toBe(
      `webcal://${origin.host}${mineFeed.pathname}`,
    );
    await screenshot(phone, 'attendee-my-plan-calendar-390x844');

    await phone.getByRole('button', { name: 'Nach Raum' }).click();
    const roomLink = phone.getByRole('link', { name: 'Im Kalender abonnieren: Raum A' });
    expect(await roomLink.getAttribute('href')).toBe(`webcal://${origin.host}/api/events/${server.slug}/rooms/${cellOf(board, 'Raum A', '10:00').roomId}.ics`);

    // A calendar entry's link: the whole plan, scrolled to the session.
    const linked = await open(`/e/${server.slug}#session=${third!.id}`, { viewport: { width: 390, height: 500 }, at: DURING_FIRST_SLOT });
    await expect.poll(() => linked.getByRole('button', { name: 'Ganzer Plan', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() =>
        linked.locator(`[data-entry="${third!.id}"]`).evaluate((entry) => {
          const box = entry.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    expect(phone.errors).toEqual([]);
    expect(linked.errors).toEqual([]);
    boss.close();
  });
});

describe('the projector', () => {
  it('highlights a change for a few seconds', async () => {
    const beamer = await open(`/e/${server.slug}/beamer`, { viewport: { width: 1280, height: 720 } });
    const boss = await facilitator();
    const board = boss.snapshot.board;
    await boss.send('session:place', { sessionId: board.sessions[2]!.id, ...cellOf(board, 'Raum C', '13:00') });
    boss.close();
    // Polled as one: the highlighted cell is the one the session went to, and it shows the session.
    await expect.poll(() => beamer.locator('td.flash').allTextContents()).toEqual([expect.stringContaining('Dritte Session')]);
  });

  it('says when a pitch’s time is up, to the eye and to a screen reader', async () => {
    const boss = await facilitator();
    await boss.send('event:update', { pitchSeconds: 5 });
    await boss.send('pitch:start', {});
    boss.close();
    const beamer = await open(`/e/${server.slug}/beamer`, { viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
    const timer = beamer.getByRole('timer');
    await expect.poll(() => timer.getAttribute('aria-label')).toMatch(/^0:0\d left$/);
    await expect.poll(() => timer.getAttribute('aria-label'), { timeout: 15_000 }).toBe('Time is up');
    expect(await beamer.locator('.countdown').textContent()).toContain('Time is up');
    // In letters the back row reads, not a footnote under the red 0:00.
    expect(await beamer.locator('.countdown .state').evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(20);
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
    // Offline, the badge's sentence is long: the language switch beside it stays whole on the screen.
    await phone.context().setOffline(true);
    cutConnections();
    await expect.poll(() => phone.locator('[data-connection]').textContent()).toMatch(/Offline seit/);
    for (const language of ['Deutsch', 'English']) {
      const box = (await phone.getByRole('button', { name: language, exact: true }).boundingBox())!;
      expect(box.x + box.width, language).toBeLessThanOrEqual(390);
    }
    await screenshot(phone, 'door-offline-390x844');
    boss.close();
  });
});

describe('the notes link (issue 34)', () => {
  it('shows on the phone’s plan and on the door sign (with its QR code), live, with the big camp', async () => {
    const camp = await seedBigCamp(server.store, 'notes-camp');
    const boss = await facilitator(camp.slug, camp.key);
    expect((await boss.send('event:update', { notesLink: 'https://pad.example.org/p/{slug}-{session}' })).ok).toBe(true);
    const board = boss.snapshot.board;
    // The first session slot of the first day and a session placed in it: 10 minutes in, it runs.
    const day = [...board.days].sort((a, b) => a.date.localeCompare(b.date))[0]!;
    const slot = board.slots.filter((s) => s.dayId === day.id && s.kind === 'session').sort((a, b) => a.start.localeCompare(b.start))[0]!;
    const placed = board.placements.find((p) => p.slotId === slot.id)!;
    const running = board.sessions.find((s) => s.id === placed.sessionId)!;
    const at = new Date(Date.parse(`${day.date}T${slot.start}:00+02:00`) + 10 * 60_000);
    const expected = `https://pad.example.org/p/${camp.slug}-${running.id}`;

    const phone = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at });
    const link = phone.locator(`[data-entry="${running.id}"] a[href^="https://"]`).first();
    await expect.poll(() => link.getAttribute('href')).toBe(expected);
    expect(await link.textContent()).toBe('Notizen öffnen');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await screenshot(phone, 'notes-phone-390x844');

    const door = await open(`/e/${camp.slug}/room/${placed.roomId}`, { viewport: { width: 1366, height: 768 }, at });
    await expect.poll(() => door.locator('[data-door-notes] a').getAttribute('href')).toBe(expected);
    expect(await door.locator('[data-door-notes] a').textContent()).toBe(expected.replace('https://', ''));
    expect(await decodeQr(door, '[data-door-notes] svg.qr')).toBe(expected);
    await screenshot(door, 'notes-door-1366x768');
    const small = await open(`/e/${camp.slug}/room/${placed.roomId}`, { viewport: { width: 390, height: 844 }, at });
    await expect.poll(() => small.locator('[data-door-notes] a').getAttribute('href')).toBe(expected);
    expect(await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await screenshot(small, 'notes-door-390x844');

    // The facilitator's own link for the session replaces the template's, on both screens at once.
    const own = 'https://meet.example.org/raum-7';
    expect((await boss.send('session:update', { sessionId: running.id, revision: running.revision, notesLink: own })).ok).toBe(true);
    await expect.poll(() => link.getAttribute('href')).toBe(own);
    await expect.poll(() => door.locator('[data-door-notes] a').getAttribute('href')).toBe(own);
    // Cleared: gone from both.
    expect((await boss.send('session:update', { sessionId: running.id, revision: running.revision + 1, notesLink: '' })).ok).toBe(true);
    expect((await boss.send('event:update', { notesLink: '' })).ok).toBe(true);
    await expect.poll(() => phone.locator('[data-entry] a[href^="https://"]').count()).toBe(0);
    await expect.poll(() => door.locator('[data-door-notes]').count()).toBe(0);
    boss.close();
  });
});

describe('the nastiest accepted texts (issue 30)', () => {
  it('every screen shows an event of them, printed sheets and the facilitator’s board included, without an error', async () => {
    const camp = await seedNastyCamp(server.store);
    // 10:10 in Berlin on the event's first day, 2000-01-01: its first session is running.
    const at = new Date('2000-01-01T09:10:00Z');
    const shown = (page: WatchedPage) => page.evaluate(() => document.body.innerText.replace(/\u00AD/g, ''));
    for (const [path, ready, viewport] of [
      [`/e/${camp.slug}`, '[data-connection="live"]', { width: 390, height: 844 }],
      [`/e/${camp.slug}/beamer`, '[data-beamer-live]', { width: 1920, height: 1080 }],
      [`/e/${camp.slug}/room/r1`, '[data-connection="live"]', { width: 1024, height: 768 }],
      [`/e/${camp.slug}/board#key=${camp.key}`, '[data-connection="live"]', { width: 1366, height: 768 }],
      [`/e/${camp.slug}/print`, '[data-fitted]', { width: 1366, height: 900 }],
      [`/e/${camp.slug}/print/doors`, '[data-fitted]', { width: 1366, height: 900 }],
    ] as const) {
      const page = await e2e.open(path, { viewport, at });
      await expect.poll(() => page.locator(ready).count(), { timeout: 15_000 }).toBeGreaterThan(0);
      // Its right-to-left words and the session's title, whatever the screen cut or hyphenated.
      await expect.poll(() => shown(page), { message: path }).toMatch(/مرحبا שלום|Raum/);
      expect(page.errors, path).toEqual([]);
    }
  }, 120_000);
});

describe('accessibility of every screen', () => {
  for (const locale of ['de-DE', 'en-US']) {
    it(`finds no axe-core violations (every rule, best practices included) in ${locale}`, async () => {
      const boss = await facilitator();
      const board = boss.snapshot.board;
      await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...cellOf(board, 'Raum A', '10:00') });
      await boss.send('pitch:start', {});
      boss.close();
      const roomA = board.rooms[0]!.id;
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
    }, 180_000);
  }
});
