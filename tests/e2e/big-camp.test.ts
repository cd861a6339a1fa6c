// Every screen at a real barcamp's size: 12 rooms with long names, two days, 150 sessions with
// long German titles, some double sessions (tests/fixtures/big-camp.ts), measured in the page at
// phone, tablet, laptop and projector sizes.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { unplacedSessions, type Board } from '../../shared/board.ts';
import { suggestCells } from '../../shared/suggest.ts';
import { warningsOf } from '../../shared/warnings.ts';
import { bigCamp, seedBigCamp } from '../fixtures/big-camp.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests, type PageOptions, type WatchedPage } from '../helpers/e2e.ts';
import { brokenWords, cutTexts, outsideWindow, pageOverflow, shownTexts, smallestFont, wordsCutOffSyllable } from '../helpers/layout.ts';
import { decodeQr } from '../helpers/qr.ts';
import { connectClient, spawnServer, startTestServer, tempDir } from '../helpers/server.ts';

const e2e = setUpBrowserTests();
let camp: { slug: string; key: string };
beforeEach(async () => {
  camp = await seedBigCamp(e2e.server.store, e2e.slug('ruhr'));
});

/** 9:30 in Bochum on the first day: the whole day is still to come. */
const BEFORE_THE_DAY = new Date('2026-05-09T07:30:00Z');
/** 13:50 on the first day: the morning is over, the 13:45 slot runs. */
const AFTER_LUNCH = new Date('2026-05-09T11:50:00Z');

function open(path: string, options: PageOptions & { at: Date }): Promise<WatchedPage> {
  return e2e.open(path, options);
}

async function board(): Promise<Board> {
  const response = await fetch(`${e2e.server.url}/api/events/${camp.slug}/board`);
  return ((await response.json()) as { board: Board }).board;
}

/** Ids of the placed, pitched sessions of day 1 in slots that end after `time`. */
function expectedOnProjector(time: string): Set<string> {
  const data = bigCamp();
  const slots = new Map(data.slots.filter((s) => s.dayId === 'd1' && s.end > time).map((s) => [s.id, s]));
  const pitched = new Set(data.sessions.filter((s) => s.status === 'pitched').map((s) => s.id));
  return new Set(data.placements.filter((p) => slots.has(p.slotId) && pitched.has(p.sessionId)).map((p) => p.sessionId));
}

const PROJECTORS = [
  { width: 1920, height: 1080, minimumTitle: 22 },
  { width: 1280, height: 720, minimumTitle: 15 },
] as const;

describe('the projector with a big camp', () => {
  /** Walks through every page (PageDown, as a presenter remote sends) and checks each. */
  async function everyPage(beamer: WatchedPage, label: string, minimumTitle: number): Promise<Map<string, number>> {
    await expect.poll(() => beamer.locator('[data-hyphenated] [data-beamer-session]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const pageText = await beamer.locator('[data-page-number]').textContent();
    const pages = Number(/\/(\d+)/.exec(pageText ?? '')?.[1] ?? '1');
    expect(pages, label).toBeLessThanOrEqual(4);
    const seen = new Map<string, number>();
    for (let index = 0; index < pages; index++) {
      await expect.poll(() => beamer.locator('[data-page-number]').textContent()).toContain(`${index + 1}/${pages}`);
      // A turned page settles its plan in the next frame (fonts are measured on screen): two frames later it has.
      await beamer.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const where = `${label}, page ${index + 1}/${pages}`;
      expect(await pageOverflow(beamer), where).toEqual({ x: 0, y: 0 });
      expect(await cutTexts(beamer, '[data-beamer-session] .title, [data-beamer-session] .host, thead th, th.room'), where).toEqual([]);
      expect(await brokenWords(beamer, '[data-beamer-session] .title, thead th, th.room'), where).toEqual([]);
      expect(await smallestFont(beamer, '[data-beamer-session] .title'), where).toBeGreaterThanOrEqual(minimumTitle);
      expect(await smallestFont(beamer, 'thead th, th.room'), where).toBeGreaterThanOrEqual(minimumTitle);
      for (const id of await beamer.locator('[data-beamer-session]').evaluateAll((els) => els.map((e) => e.getAttribute('data-beamer-session')!))) {
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      await screenshot(beamer, `big-beamer-${label}-page${index + 1}`);
      await beamer.keyboard.press('PageDown');
    }
    return seen;
  }

  for (const { width, height, minimumTitle } of PROJECTORS) {
    it(`shows every session of the day whole at ${width}×${height}, paging by itself, at ≥ ${minimumTitle} px`, async () => {
      const beamer = await open(`/e/${camp.slug}/beamer`, { viewport: { width, height }, at: BEFORE_THE_DAY });
      const seen = await everyPage(beamer, `${width}x${height}`, minimumTitle);
      expect(new Set(seen.keys())).toEqual(expectedOnProjector('00:00'));
      // Each session once, a double session as one block over its two slots.
      expect([...seen.values()].every((count) => count === 1)).toBe(true);
      const doubles = await beamer.locator('td[rowspan="2"] [data-beamer-session]').count();
      expect(doubles).toBeGreaterThan(0);
      expect(beamer.errors).toEqual([]);
    });
  }

  it('drops the slots that are over, marks the one running, and keeps the sizes while a pitch runs', async () => {
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    // Submitted by its giver, so it waits in the pitch queue (the facilitator's quick entry would not).
    const giver = await connectClient(e2e.server.url, { event: camp.slug });
    const late = await giver.send<{ sessionId: string }>('session:submit', {
      title: 'Generationenübergreifendes Lernen mit Künstlicher Intelligenz im Quartierszentrum',
      host: 'Lena Berger',
    });
    giver.close();
    await boss.send('pitch:reorder', { sessionId: late.ok ? late.data!.sessionId : '', toIndex: 0 });
    await boss.send('pitch:start', {});
    boss.close();
    for (const { width, height, minimumTitle } of PROJECTORS) {
      const beamer = await open(`/e/${camp.slug}/beamer`, { viewport: { width, height }, at: AFTER_LUNCH });
      // Shown with soft hyphens in its long words.
      await expect.poll(async () => (await beamer.locator('[data-beamer-pitch]').textContent())?.replaceAll('\u00AD', '')).toContain('Quartierszentrum');
      // The slot running is a marked row, or a marked column when the grid is turned (rooms as rows).
      expect(await beamer.locator('[data-slot-row="d1t1"], [data-slot-row="d1t3"], [data-slot-column="d1t1"], [data-slot-column="d1t3"]').count()).toBe(0);
      const running = beamer.locator('tr.running[data-slot-row="d1t5"] th, th.running[data-slot-column="d1t5"]');
      await expect.poll(() => running.count()).toBe(1);
      expect(await running.textContent()).toContain('Jetzt');
      const seen = await everyPage(beamer, `pitch-${width}x${height}`, minimumTitle);
      expect(new Set(seen.keys())).toEqual(expectedOnProjector('13:50'));
      expect(await brokenWords(beamer, '[data-beamer-pitch]')).toEqual([]);
    }
  });
});

describe('the projector with a big camp uses its screen', () => {
  /** Rooms on the page shown: columns of the upright plan, or rows of a turned one. */
  const roomsOnPage = (beamer: WatchedPage) =>
    beamer.evaluate(() =>
      document.querySelector('table[data-turned]') ? document.querySelectorAll('th.room').length : document.querySelectorAll('thead th').length,
    );
  const pageCount = async (beamer: WatchedPage) => {
    const numbers = beamer.locator('[data-page-number]');
    return (await numbers.count()) === 0 ? 1 : Number(/\/(\d+)/.exec((await numbers.textContent()) ?? '')?.[1]);
  };
  const ready = (beamer: WatchedPage) =>
    expect.poll(() => beamer.locator('[data-hyphenated] [data-beamer-session]').count(), { timeout: 10_000 }).toBeGreaterThan(0);

  it('puts more rooms on a page at 13:50 than before the day, and all 12 on one page at ≥ 22 px when the titles allow it', async () => {
    const figures: string[] = [];
    for (const { width, height, minimumTitle } of PROJECTORS) {
      const before = await open(`/e/${camp.slug}/beamer`, { viewport: { width, height }, at: BEFORE_THE_DAY });
      await ready(before);
      const after = await open(`/e/${camp.slug}/beamer`, { viewport: { width, height }, at: AFTER_LUNCH });
      await ready(after);
      const [roomsBefore, roomsAfter] = [await roomsOnPage(before), await roomsOnPage(after)];
      figures.push(`${width}x${height}: ${roomsBefore} rooms/page before the day, ${roomsAfter} at 13:50`);
      expect(roomsAfter, `${width}x${height}`).toBeGreaterThan(roomsBefore);
      expect(await smallestFont(after, '[data-beamer-session] .title')).toBeGreaterThanOrEqual(minimumTitle);
      await before.context().close();
      await after.context().close();
    }

    // The afternoon's titles made short (as a camp with short titles has them): every room on one page.
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    const data = await board();
    const SHORT = ['Open Data', 'Lastenräder', 'Podcasts', 'Freifunk', 'Tiny Houses', 'Reparaturcafés', 'Wikis', 'Mentoring'];
    const afternoon = data.placements.filter((p) => ['d1t5', 'd1t6', 'd1t7'].includes(p.slotId));
    for (const [index, { sessionId }] of [...new Set(afternoon.map((p) => p.sessionId))].map((id) => ({ sessionId: id })).entries()) {
      const session = data.sessions.find((s) => s.id === sessionId)!;
      expect((await boss.send('session:update', { sessionId, revision: session.revision, title: SHORT[index % SHORT.length] })).ok).toBe(true);
    }
    boss.close();
    const beamer = await open(`/e/${camp.slug}/beamer`, { viewport: { width: 1920, height: 1080 }, at: AFTER_LUNCH });
    await ready(beamer);
    expect(await pageCount(beamer)).toBe(1);
    expect(await roomsOnPage(beamer)).toBe(12);
    expect(await smallestFont(beamer, '[data-beamer-session] .title')).toBeGreaterThanOrEqual(22);
    expect(await cutTexts(beamer, '[data-beamer-session] .title, [data-beamer-session] .host, thead th, th.room')).toEqual([]);
    expect(await brokenWords(beamer, '[data-beamer-session] .title, th.room')).toEqual([]);
    expect(await pageOverflow(beamer)).toEqual({ x: 0, y: 0 });
    await screenshot(beamer, 'big-beamer-short-titles-1920x1080-1350');
    expect(beamer.errors).toEqual([]);
    console.log(figures.join('; '));
  }, 90_000);

  it('gives the times a column as wide as they are in English ("10:00 AM"), not spilling into the first room', async () => {
    const beamer = await open(`/e/${camp.slug}/beamer`, { viewport: { width: 1920, height: 1080 }, at: BEFORE_THE_DAY, locale: 'en-US' });
    await ready(beamer);
    await expect.poll(() => beamer.locator('th.time').first().textContent()).toMatch(/AM|PM/);
    expect(await cutTexts(beamer, 'th.time')).toEqual([]);
    await screenshot(beamer, 'big-beamer-english-1920x1080');
    expect(beamer.errors).toEqual([]);
  });

  it('does not give a page more for a title with an address in it: the address breaks anywhere', async () => {
    for (const { width, height } of PROJECTORS) {
      const beamer = await open(`/e/${camp.slug}/beamer`, { viewport: { width, height }, at: BEFORE_THE_DAY });
      await ready(beamer);
      const pagesBefore = await pageCount(beamer);
      const roomsBefore = await roomsOnPage(beamer);
      const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
      const data = await board();
      const { sessionId } = data.placements.find((p) => p.slotId === 'd1t2' && p.roomId === 'r1')!;
      const revision = data.sessions.find((s) => s.id === sessionId)!.revision;
      const title = 'Barrierefreie Formulare https://www.example.org/barrierefreiheit/formulare-und-fehlermeldungen';
      expect((await boss.send('session:update', { sessionId, revision, title })).ok).toBe(true);
      boss.close();
      const shown = beamer.locator(`[data-beamer-session="${sessionId}"] .title`);
      await expect.poll(async () => (await shown.textContent())?.replaceAll('\u00AD', '')).toBe(title);
      expect(await pageCount(beamer), `${width}x${height}`).toBe(pagesBefore);
      expect(await roomsOnPage(beamer), `${width}x${height}`).toBe(roomsBefore);
      expect(await cutTexts(beamer, '[data-beamer-session] .title')).toEqual([]);
      // Only the address breaks anywhere; the words around it do not.
      expect(await shown.locator('.anywhere').textContent()).toBe('https://www.example.org/barrierefreiheit/formulare-und-fehlermeldungen');
      expect(await brokenWords(beamer, '[data-beamer-session] .title > :not(.anywhere), th')).toEqual([]);
      await screenshot(beamer, `big-beamer-address-${width}x${height}`);
      // Back as it was, for the next size.
      const after = await board();
      const boss2 = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
      const original = bigCamp().sessions.find((s) => s.id === sessionId)!.title;
      await boss2.send('session:update', { sessionId, revision: after.sessions.find((s) => s.id === sessionId)!.revision, title: original });
      boss2.close();
      expect(beamer.errors).toEqual([]);
    }
  });

  it('does not shift its layout from the first paint on (CLS ≤ 0.02), with an event title too long for one line', async () => {
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    const longTitle = 'Barcamp Ruhr 2026 – Sessionplanung für Verwaltung, Klima, Bildung und Ehrenamt im ganzen Ruhrgebiet';
    expect((await boss.send('event:update', { title: longTitle })).ok).toBe(true);
    boss.close();
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      const context = await e2e.newContext({ viewport });
      await context.addInitScript(() => {
        const shifts: number[] = [];
        (window as unknown as { layoutShifts: number[] }).layoutShifts = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
            if (!entry.hadRecentInput) shifts.push(entry.value);
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const beamer = await context.newPage();
      await beamer.clock.setFixedTime(BEFORE_THE_DAY);
      await beamer.goto(`${e2e.server.url}/e/${camp.slug}/beamer`);
      await expect.poll(() => beamer.locator('[data-hyphenated] [data-beamer-session]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(() => beamer.locator('[data-local-warning]').count()).toBe(1);
      // What comes after the grid (the QR code's address, a re-plan) has had time to arrive: a
      // shift is measured only if it happens, so nothing marks its not happening.
      await beamer.waitForTimeout(1000);
      const cls = await beamer.evaluate(() => (window as unknown as { layoutShifts: number[] }).layoutShifts.reduce((sum, value) => sum + value, 0));
      console.log(`CLS ${viewport.width}x${viewport.height}: ${cls.toFixed(4)}`);
      expect(cls, `${viewport.width}x${viewport.height}`).toBeLessThanOrEqual(0.02);
      // The long title stays on one line: the grid keeps its place.
      expect(await beamer.locator('h1').evaluate((h1) => h1.getClientRects().length === 1 && h1.scrollHeight <= h1.clientHeight + 1)).toBe(true);
      await screenshot(beamer, `big-beamer-long-title-${viewport.width}x${viewport.height}`);
    }
  });
});

describe('the facilitator board with a big camp', () => {
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    it(`shows the whole day and the tray at ${width}×${height}; a card dragged into the far corner lands there`, async () => {
      const page = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width, height }, at: BEFORE_THE_DAY });
      await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
      // Twelve rooms: the board starts with the whole day.
      await expect.poll(() => page.getByRole('button', { name: 'Ganzer Tag' }).getAttribute('aria-pressed')).toBe('true');
      const cells = page.locator('td[data-cell-key]');
      expect(await cells.count()).toBe(72);
      expect(await outsideWindow(page, 'td[data-cell-key]')).toBe(0);
      expect(await outsideWindow(page, '#tray-heading, .tray-drop > ul > li:first-child')).toBe(0);
      expect(await pageOverflow(page)).toEqual({ x: 0, y: 0 });
      // The pitch bar is one compact row.
      expect((await page.locator('section.pitch').boundingBox())!.height).toBeLessThan(height * 0.11);
      // Twelve rooms and six slots: rooms are the rows, and the titles read in whole lines.
      expect(await page.locator('th.room[scope="row"]').count()).toBe(12);
      const titles = await shownTexts(page, 'td[data-cell-key] .card .title');
      expect(titles.length).toBeGreaterThan(60);
      expect(Math.min(...titles.map((title) => title.fontSize))).toBeGreaterThanOrEqual(11);
      const whole = titles.filter((title) => title.whole).length;
      if (width === 1920) expect(titles.filter((title) => !title.whole).map((title) => title.text)).toEqual([]);
      else expect(whole / titles.length).toBeGreaterThanOrEqual(0.8);
      for (const title of titles) expect(title.shown, title.text).toBeGreaterThanOrEqual(Math.min(40, title.text.length));
      // Words break at syllables only.
      expect(await wordsCutOffSyllable(page, 'td[data-cell-key] .card .title, th.room .room-name')).toEqual([]);
      // At least four cards of the tray are in view.
      const trayCardsInView = await page.evaluate(() => {
        const tray = document.querySelector('.tray')!.getBoundingClientRect();
        return [...document.querySelectorAll('.tray-drop > ul > li')].filter((card) => {
          const box = card.getBoundingClientRect();
          return box.top >= tray.top - 0.5 && box.bottom <= Math.min(tray.bottom, window.innerHeight) + 0.5;
        }).length;
      });
      expect(trayCardsInView).toBeGreaterThanOrEqual(4);
      // Every cell still says where it is and what it holds.
      const corner = page.locator('td[data-cell-key="r12|d1t7"]');
      expect(await corner.getAttribute('aria-label')).toMatch(/^Foyer vor dem Hörsaal, 15:45–16:30: /);
      // A giver who needs a projector in a room without one: an amber edge, the words for screen readers and the tooltip.
      const noProjector = page.locator('td[data-cell-key] .card', { has: page.locator('.conflict.sr-only', { hasText: 'kein Beamer im Raum' }) });
      expect(await noProjector.count()).toBeGreaterThan(0);
      expect(await noProjector.first().getAttribute('class')).toContain('clash');
      expect(await noProjector.first().getAttribute('title')).toContain('Gegen die Wünsche: kein Beamer im Raum');
      await screenshot(page, `big-board-${width}x${height}`);

      const card = page.locator('.tray-drop > ul > li').first();
      const sessionId = (await card.locator('[data-session-id]').getAttribute('data-session-id'))!;
      const from = (await card.locator('.grab').boundingBox())!;
      const to = (await corner.boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 - 30, from.y + from.height / 2, { steps: 4 });
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
      await page.mouse.up();
      await expect
        .poll(async () => (await board()).placements.find((p) => p.sessionId === sessionId))
        .toEqual({
          sessionId,
          roomId: 'r12',
          slotId: 'd1t7',
        });
      await expect.poll(() => corner.getAttribute('aria-label')).toContain((await board()).sessions.find((s) => s.id === sessionId)!.title);
      expect(page.errors).toEqual([]);
    });
  }

  it("takes a card dropped on the tray's heading out of the grid", async () => {
    const page = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 }, at: BEFORE_THE_DAY });
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    const card = page.locator('td[data-cell-key="r3|d1t2"] .card');
    const sessionId = (await card.getAttribute('data-session-id'))!;
    const from = (await card.locator('.grab').boundingBox())!;
    const to = (await page.locator('#tray-heading').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 30, from.y + from.height / 2, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
    await expect.poll(async () => (await board()).placements.some((p) => p.sessionId === sessionId)).toBe(false);
    await expect.poll(() => page.locator(`.tray-drop [data-session-id="${sessionId}"]`).count()).toBe(1);
    expect(page.errors).toEqual([]);
  });

  it('scrolls the page while a card is held near its bottom edge, so that a room far below can be reached', async () => {
    const page = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 }, at: BEFORE_THE_DAY });
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    // Without "Ganzer Tag" the twelve rooms' rows reach below the window.
    await page.getByRole('button', { name: 'Ganzer Tag' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight + 300)).toBe(true);
    const target = page.locator('td[data-cell-key="r12|d1t7"]');
    expect(await outsideWindow(page, 'td[data-cell-key="r12|d1t7"]')).toBe(1);
    const card = page.locator('.tray-drop > ul > li').first();
    const sessionId = (await card.locator('[data-session-id]').getAttribute('data-session-id'))!;
    const from = (await card.locator('.grab').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    // Held 10 px above the window's bottom edge, left of the tray, without moving further.
    await page.mouse.move(600, 758, { steps: 12 });
    await expect.poll(() => outsideWindow(page, 'td[data-cell-key="r12|d1t7"]'), { timeout: 15_000 }).toBe(0);
    const to = (await target.boundingBox())!;
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await board()).placements.find((p) => p.sessionId === sessionId)).toEqual({ sessionId, roomId: 'r12', slotId: 'd1t7' });
    expect(page.errors).toEqual([]);
  });

  it('keeps room headers apart and their names inside them without the whole day', async () => {
    const page = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 }, at: BEFORE_THE_DAY });
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Ganzer Tag' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Ganzer Tag' }).getAttribute('aria-pressed')).toBe('false');
    const overlaps = await page.evaluate(() => {
      const headers = [...document.querySelectorAll('th.room')].map((th) => th.getBoundingClientRect());
      const spilling = [...document.querySelectorAll<HTMLElement>('th.room .room-name')].filter((name) => name.scrollWidth > name.clientWidth + 1).length;
      let overlapping = 0;
      headers.forEach((a, i) =>
        headers.slice(i + 1).forEach((b) => {
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlapping++;
        }),
      );
      return { overlapping, spilling, count: headers.length };
    });
    expect(overlaps).toEqual({ overlapping: 0, spilling: 0, count: 12 });
    expect(await wordsCutOffSyllable(page, 'th.room .room-name')).toEqual([]);
    await screenshot(page, 'big-board-not-whole-day-1366x768');
    expect(page.errors).toEqual([]);
  });

  it('puts a new quick-entry card first in the tray, highlighted, and its loop (hands, offer) in view; settings open over the grid', async () => {
    const page = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 }, at: BEFORE_THE_DAY });
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    await page.getByLabel('Titel', { exact: true }).fill('Wärmewende im Mietshaus');
    await page.getByLabel('Themengeber:in (freiwillig)', { exact: true }).fill('Ida');
    await page.keyboard.press('Enter');
    const first = page.locator('.tray-drop > ul > li').first();
    await expect.poll(() => first.textContent()).toContain('Wärmewende im Mietshaus');
    expect(await first.locator('.card').getAttribute('class')).toContain('flash');
    // The session just entered, its hands and its offer are in view, with the cursor in the hands.
    await expect.poll(() => outsideWindow(page, '[data-loop-session], #quick-hands, #quick-offer')).toBe(0);
    expect(await page.locator('[data-loop-session]').textContent()).toContain('Wärmewende im Mietshaus');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-hands');
    await screenshot(page, 'big-board-quick-entry-1366x768');

    const gridTop = (await page.locator('table.grid').boundingBox())!.y;
    await page.getByRole('button', { name: 'Einstellungen' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Einstellungen' }).count()).toBe(1);
    expect((await page.locator('table.grid').boundingBox())!.y).toBe(gridTop);
    await page.keyboard.press('Escape');
    // "Ganzer Tag" switches off and stays off after a reload.
    await page.getByRole('button', { name: 'Ganzer Tag' }).click();
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Ganzer Tag' }).getAttribute('aria-pressed')).toBe('false');
    expect(page.errors).toEqual([]);
  });
});

describe('the pitch loop with a big camp', () => {
  const seatsOf = (data: Board, roomId: string) => data.rooms.find((r) => r.id === roomId)!.capacity;

  it('title ⏎ 4 5 ⏎ puts the session in a free room of ≥ 45 seats without a warning; the offer follows each digit', async () => {
    const page = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 }, at: BEFORE_THE_DAY });
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    const title = 'Wärmepumpen im Altbau: was wirklich geht';
    await page.getByLabel('Titel', { exact: true }).click();
    await page.keyboard.type(title);
    await page.keyboard.press('Enter');
    // The offer shows, and the cursor waits for the hands.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-hands');
    const offer = page.locator('#quick-offer');
    await expect.poll(() => offer.getAttribute('data-offer')).not.toBe('');
    const offered = async () => {
      const [roomId] = (await offer.getAttribute('data-offer'))!.split('|');
      return seatsOf(await board(), roomId!)!;
    };
    const withoutHands = await offered();
    await page.keyboard.type('4');
    await expect.poll(() => page.locator('#quick-hands').inputValue()).toBe('4');
    await page.keyboard.type('5');
    // Worked out again on the key: a room that seats 45, said with its seats.
    await expect.poll(offered).toBeGreaterThanOrEqual(45);
    expect(withoutHands).toBeLessThan(45);
    await expect.poll(() => offer.textContent()).toMatch(/\(\d+ Plätze\).*genug Plätze/);
    await screenshot(page, 'big-board-pitch-loop-hands-1366x768');
    const target = (await offer.getAttribute('data-offer'))!;

    await page.keyboard.press('Enter');
    const placed = async () => {
      const data = await board();
      const session = data.sessions.find((s) => s.title === title)!;
      const placement = data.placements.find((p) => p.sessionId === session.id);
      return { data, session, placement };
    };
    await expect.poll(async () => (await placed()).placement).toBeDefined();
    const { data, session, placement } = await placed();
    expect(session.interest).toBe(45);
    expect(`${placement?.roomId}|${placement?.slotId}`).toBe(target);
    expect(seatsOf(data, placement!.roomId)).toBeGreaterThanOrEqual(45);
    expect(warningsOf(data, session.id)).toEqual([]);
    // Placed on the second day while the first was shown: the grid goes there and shows the card.
    const dayId = data.slots.find((s) => s.id === placement!.slotId)!.dayId;
    const date = data.days.find((d) => d.id === dayId)!.date;
    expect(date).toBe('2026-05-10');
    await expect.poll(() => page.getByRole('button', { name: /^So\.?,? 10\. Mai/ }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator(`td[data-cell-key="${target}"] [data-session-id="${session.id}"]`).count()).toBe(1);
    // The digits went to the hands: no session is called "45", and the cursor is back in the title.
    expect(data.sessions.filter((s) => /^\d+$/.test(s.title))).toEqual([]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-title');
    expect(page.errors).toEqual([]);
  });

  it('with a pitch round running works on the session at the microphone: its offer without a title, hands, ⏎ places it and calls the next', async () => {
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    // Two sessions of the tray that have a place to go (the others would clash with a host or a topic everywhere free).
    const apart = (id: string) => suggestCells(boss.snapshot.board, id, 1).some((offer) => !offer.reasons.includes('shared_tag'));
    const tray = unplacedSessions(boss.snapshot.board).filter((s) => apart(s.id));
    const [first, second] = tray;
    // Two sessions wait at the front of the queue; the round starts.
    await boss.send('pitch:reorder', { sessionId: second!.id, toIndex: 0 });
    await boss.send('pitch:reorder', { sessionId: first!.id, toIndex: 0 });
    await boss.send('pitch:start', {});
    const page = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 }, at: BEFORE_THE_DAY });
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-loop-session]').getAttribute('data-loop-session')).toBe(first!.id);
    await expect.poll(() => page.locator('#quick-offer').getAttribute('data-offer')).not.toBe('');
    await page.locator('#quick-hands').click();
    await page.keyboard.type('50');
    await expect
      .poll(async () => seatsOf(await board(), (await page.locator('#quick-offer').getAttribute('data-offer'))!.split('|')[0]!))
      .toBeGreaterThanOrEqual(50);
    await screenshot(page, 'big-board-pitch-loop-microphone-1366x768');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await board()).pitch.current).toBe(second!.id);
    const data = await board();
    expect(data.sessions.find((s) => s.id === first!.id)!.interest).toBe(50);
    expect(data.placements.some((p) => p.sessionId === first!.id)).toBe(true);
    expect(warningsOf(data, first!.id)).toEqual([]);
    // The next one at the microphone is the loop's now; the cursor waits for its hands.
    await expect.poll(() => page.locator('[data-loop-session]').getAttribute('data-loop-session')).toBe(second!.id);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-hands');
    boss.socket.close();
    expect(page.errors).toEqual([]);
  });
});

describe('interest from phones with a big camp', () => {
  it('30 phones tap "Interessiert" for the pitch: the board, the projector and a phone show 30, and the phone taps too', async () => {
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    const [pitched] = unplacedSessions(boss.snapshot.board);
    await boss.send('pitch:reorder', { sessionId: pitched!.id, toIndex: 0 });
    await boss.send('pitch:start', {});
    const facilitator = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 }, at: BEFORE_THE_DAY });
    const projector = await open(`/e/${camp.slug}/beamer`, { viewport: { width: 1920, height: 1080 }, at: BEFORE_THE_DAY });
    const phone = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: BEFORE_THE_DAY });
    await expect.poll(() => phone.locator(`[data-pitching="${pitched!.id}"]`).count()).toBe(1);

    const phones = await Promise.all(Array.from({ length: 30 }, () => connectClient(e2e.server.url, { event: camp.slug })));
    const acks = await Promise.all(phones.map((p) => p.socket.timeout(5000).emitWithAck('session:interested', { sessionId: pitched!.id, interested: true })));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await expect.poll(() => facilitator.locator('[data-pitch-taps]').getAttribute('data-pitch-taps')).toBe('30');
    await expect.poll(() => projector.locator('[data-beamer-taps]').getAttribute('data-beamer-taps')).toBe('30');
    const toggle = phone.locator(`[data-pitching] [data-interested="${pitched!.id}"]`);
    await expect.poll(() => toggle.locator('[data-taps]').getAttribute('data-taps')).toBe('30');
    await screenshot(projector, 'big-beamer-pitch-taps-1920x1080');

    // The phone in the browser taps too: pressed, 31 everywhere; tapped again, back to 30.
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => facilitator.locator('[data-pitch-taps]').getAttribute('data-pitch-taps')).toBe('31');
    await expect.poll(() => toggle.locator('[data-taps]').getAttribute('data-taps')).toBe('31');
    await screenshot(phone, 'big-phone-pitch-interested-390x844');
    expect((await pageOverflow(phone)).x).toBe(0);
    await screenshot(facilitator, 'big-board-pitch-taps-1366x768');
    await toggle.click();
    await expect.poll(() => facilitator.locator('[data-pitch-taps]').getAttribute('data-pitch-taps')).toBe('30');
    expect((await board()).sessions.find((s) => s.id === pitched!.id)!.taps).toBe(30);

    // Not counted by hand: the card plans with the phones' count.
    await boss.send('pitch:end', {});
    const card = facilitator.locator(`.tray-drop [data-session-id="${pitched!.id}"] [data-taps]`);
    await expect.poll(() => card.getAttribute('data-taps')).toBe('30');
    for (const p of [boss, ...phones]) p.socket.close();
    for (const page of [facilitator, projector, phone]) expect(page.errors).toEqual([]);
  });

  it('lists what is not placed yet on the phone, each with its own toggle', async () => {
    const phone = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: BEFORE_THE_DAY });
    const list = phone.locator('[data-not-placed]');
    await expect.poll(() => list.count()).toBe(1);
    expect(await list.getByRole('heading', { name: /Noch nicht eingeplant/ }).count()).toBe(1);
    const unplaced = unplacedSessions(await board());
    await expect.poll(() => list.locator('[data-interested]').count()).toBe(unplaced.length);
    const first = list.locator('[data-interested]').first();
    await first.click();
    await expect.poll(() => first.getAttribute('aria-pressed')).toBe('true');
    const sessionId = (await first.getAttribute('data-interested'))!;
    await expect.poll(async () => (await board()).sessions.find((s) => s.id === sessionId)!.taps).toBe(1);
    // Kept on the phone: after a reload it still shows pressed.
    await phone.reload();
    await expect.poll(() => phone.locator(`[data-not-placed] [data-interested="${sessionId}"]`).getAttribute('aria-pressed')).toBe('true');
    await screenshot(phone, 'big-phone-not-placed-390x844');
    expect(phone.errors).toEqual([]);
  });
});

describe('a giver on a phone with a big camp', () => {
  it('chooses a slot from a list by day, the wishes first, every room name whole, and sees the answer where the finger was', async () => {
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    await boss.send('event:update', { claiming: 'open' });
    boss.close();
    const phone = await open(`/e/${camp.slug}/pitch`, { viewport: { width: 390, height: 844 }, at: BEFORE_THE_DAY });
    await expect.poll(() => phone.locator('[data-connection="live"]').count()).toBe(1);
    await phone.getByLabel('Titel deiner Session').fill('Ehrenamt digital: Werkzeuge für kleine Vereine ohne IT-Abteilung');
    await phone.getByLabel('Wann').selectOption('after_lunch');
    await phone.getByRole('button', { name: 'Session einreichen' }).click();
    const card = phone.locator('[data-my-session]').first();
    await card.getByRole('button', { name: 'Slot wählen' }).click();
    const panel = card.locator('.panel');
    await expect.poll(() => panel.getByText(/^Diese passen zu deinen Wünschen/).count()).toBe(1);
    await expect.poll(() => panel.getAttribute('data-hyphenated')).toBe('');
    // Each day said above its slots; the slots after lunch come first.
    const days = await panel.locator('h5.day').allTextContents();
    expect(days.length).toBeGreaterThan(0);
    for (const day of days) expect(day).toMatch(/^(Samstag|Sonntag), \d+\. Mai 2026$/);
    const firstShown = await panel.locator(':scope > h6').first().textContent();
    expect(firstShown! >= '13:00').toBe(true);
    expect(await pageOverflow(phone)).toMatchObject({ x: 0 });
    // Long room names break inside their buttons: none reaches beyond its button's edge.
    const spilling = await panel
      .locator('.cell-button')
      .evaluateAll((buttons) =>
        buttons
          .filter(
            (button) =>
              button.scrollWidth > button.clientWidth + 1 ||
              button.querySelector('.room')!.getBoundingClientRect().right > button.getBoundingClientRect().right + 0.5,
          )
          .map((button) => button.textContent),
      );
    expect(spilling).toEqual([]);
    await screenshot(phone, 'big-giver-choose-390x844');

    // A cell far down the list: once claimed, the answer is on the screen, not above it.
    await panel.locator('.cell-button:visible').last().click();
    const answer = card.locator('[data-card-message]');
    await expect.poll(() => answer.textContent()).toMatch(/^Erledigt: /);
    await expect
      .poll(() => answer.evaluate((element) => element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().bottom <= window.innerHeight))
      .toBe(true);
    await screenshot(phone, 'big-giver-claimed-390x844');
    expect(phone.errors).toEqual([]);
  });
});

describe('the facilitator board in English with a big camp', () => {
  it('keeps "10:00 AM" inside the time column, in the whole day and with the day scrolled', async () => {
    const page = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 }, at: BEFORE_THE_DAY, locale: 'en-US' });
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    const overflowing = () => page.locator('th.time').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).length);
    await expect.poll(() => page.locator('th.time').first().textContent()).toContain('AM');
    expect(await overflowing()).toBe(0);
    await page.getByRole('button', { name: 'Whole day' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Whole day' }).getAttribute('aria-pressed')).toBe('false');
    expect(await overflowing()).toBe(0);
    expect(page.errors).toEqual([]);
    // On a phone the rooms turn into rows and the slots' times head narrow columns: "10:00 AM–"
    // and "10:45 AM" take two lines rather than run into the next slot's.
    const phone = await open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 390, height: 844 }, at: BEFORE_THE_DAY, locale: 'en-US' });
    await expect.poll(() => phone.locator('thead th.time').first().textContent()).toContain('AM');
    const heads = await phone.locator('thead th.time:not(.break-time)').evaluateAll((cells) =>
      cells.map((cell) => ({
        overflow: cell.scrollWidth > cell.clientWidth + 1,
        right: [...cell.querySelectorAll('span')].map((s) => s.getBoundingClientRect().right),
        edge: cell.getBoundingClientRect().right,
      })),
    );
    expect(heads.length).toBeGreaterThan(3);
    expect(heads.filter((head) => head.overflow || head.right.some((right) => right > head.edge + 1))).toEqual([]);
  });
});

describe('the attendee phone with a big camp', () => {
  it('says offline within 5 s when the server stops answering without closing the line (SIGSTOP), and Live again when it goes on', async () => {
    // Its own server process, to be stopped as a hung access point or a frozen laptop would stop it.
    const dir = tempDir();
    const file = path.join(dir, 'stopped.db');
    const db = openDatabase(file);
    const { slug } = await seedBigCamp(new SqliteStore(db));
    db.close();
    // The camp is in the past for this machine's clock: kept, not expired at start.
    const server = await spawnServer(file, { PITCHBOARD_KEEP_DAYS: '0', PITCHBOARD_KEEP_UNTOUCHED_DAYS: '0' });
    const pid = server.process.pid!;
    const context = await e2e.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const phone = await context.newPage();
      await phone.clock.setFixedTime(AFTER_LUNCH);
      await phone.goto(`${server.url}/e/${slug}`);
      const connection = () => phone.locator('[data-connection]').getAttribute('data-connection');
      await expect.poll(connection).toBe('live');
      process.kill(pid, 'SIGSTOP');
      try {
        const stoppedAt = performance.now();
        await expect.poll(connection, { timeout: 5000, interval: 100 }).toBe('offline');
        console.info(`The phone said offline ${((performance.now() - stoppedAt) / 1000).toFixed(1)} s after SIGSTOP.`);
        expect(await phone.locator('[data-offline-note]').count()).toBe(1);
        await screenshot(phone, 'big-phone-offline-after-sigstop-390x844');
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      // Socket.IO reconnects by itself (the silent line was dropped), and the plan is live again:
      // usually within a second, but a phone's reconnect may back off up to 10 s (and once, on a
      // loaded machine, took over 20 s).
      await expect.poll(connection, { timeout: 30_000 }).toBe('live');
      expect(await phone.locator('[data-offline-note]').count()).toBe(0);
    } finally {
      await context.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('at 13:50 folds the slots that are over behind one line and opens the plan at the slot running now; the line opens them', async () => {
    const phone = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: AFTER_LUNCH });
    await phone.getByRole('button', { name: 'Ganzer Plan', exact: true }).click();
    const firstDay = phone.locator('[data-view="plan"]').first();
    const slotsShown = () => firstDay.locator('section.slot[data-slot]').evaluateAll((els) => els.map((e) => e.getAttribute('data-slot')));
    // 10:00, 11:00, 12:00 and lunch are over: one line instead of them, then 13:45 (running), 14:45 and 15:45.
    const fold = firstDay.getByRole('button', { name: '4 frühere Slots anzeigen' });
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await firstDay.locator('button[data-earlier]').count()).toBe(1);
    expect(await slotsShown()).toEqual(['d1t5', 'd1t6', 'd1t7']);
    const running = firstDay.locator('section.slot[data-slot="d1t5"]');
    expect(await running.locator('h3').textContent()).toContain('Jetzt');
    // The plan opens at now: the running slot starts on the first screen.
    expect((await running.boundingBox())!.y).toBeLessThan(844 - 200);
    await screenshot(phone, 'big-phone-plan-folded-1350-390x844');
    expect(describeViolations(await axeViolations(phone)), 'plan folded').toBe('');

    await fold.click();
    const unfold = firstDay.getByRole('button', { name: 'Frühere Slots ausblenden' });
    expect(await unfold.getAttribute('aria-expanded')).toBe('true');
    expect(await slotsShown()).toEqual(['d1t1', 'd1t2', 'd1t3', 'd1t4', 'd1t5', 'd1t6', 'd1t7']);
    expect((await pageOverflow(phone)).x).toBe(0);
    await screenshot(phone, 'big-phone-plan-unfolded-1350-390x844');
    expect(describeViolations(await axeViolations(phone)), 'plan unfolded').toBe('');
    await unfold.click();
    expect(await slotsShown()).toEqual(['d1t5', 'd1t6', 'd1t7']);

    const english = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: AFTER_LUNCH, locale: 'en-US' });
    await english.getByRole('button', { name: 'Whole plan', exact: true }).click();
    expect(await english.getByRole('button', { name: 'Show 4 earlier slots' }).getAttribute('aria-expanded')).toBe('false');
    for (const page of [phone, english]) expect(page.errors).toEqual([]);
    // Two axe runs over a big page: up to half a minute on a busy machine.
  }, 60_000);

  it('shows a search’s hits and one "nothing found" line, never one per slot or room', async () => {
    const data = bigCamp();
    // A title no other contains (the plain one is part of its "Teil 2" and its "Erfahrungsaustausch").
    const placed = new Set(data.placements.map((p) => p.sessionId));
    const hit = data.sessions.find((s) => placed.has(s.id) && s.status === 'pitched' && s.title.endsWith(' – Teil 2'))!;
    const phone = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: AFTER_LUNCH });
    await phone.getByRole('button', { name: 'Ganzer Plan', exact: true }).click();
    const cards = () => phone.locator('main [data-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry')));
    const nothingFound = () => phone.getByText('Keine Session passt.').count();

    await phone.getByLabel('Sessions suchen').fill(hit.title);
    await expect.poll(cards).toEqual([hit.id]);
    expect(await nothingFound()).toBe(0);
    expect(await phone.locator('main .empty').count()).toBe(0);
    // A search finds past sessions too: nothing is folded while searching.
    expect(await phone.locator('button[data-earlier]').count()).toBe(0);
    await screenshot(phone, 'big-phone-plan-search-one-hit-390x844');
    await phone.getByRole('button', { name: 'Nach Raum', exact: true }).click();
    await expect.poll(cards).toEqual([hit.id]);
    expect(await phone.locator('[data-view="rooms"]').count()).toBe(1);
    expect(await nothingFound()).toBe(0);

    await phone.getByLabel('Sessions suchen').fill('Blockchain');
    await expect.poll(cards).toEqual([]);
    expect(await nothingFound()).toBe(1);
    await phone.getByRole('button', { name: 'Ganzer Plan', exact: true }).click();
    await expect.poll(nothingFound).toBe(1);
    expect(await cards()).toEqual([]);
    await screenshot(phone, 'big-phone-plan-search-nothing-390x844');
    expect(phone.errors).toEqual([]);
  });

  it('never scrolls sideways nor breaks a short word, shows the room above the title and a double session once', async () => {
    const phone = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: BEFORE_THE_DAY });
    const views = ['Jetzt & gleich', 'Ganzer Plan', 'Nach Raum', 'Mein Plan'];
    for (const view of views) {
      await phone.getByRole('button', { name: view, exact: true }).click();
      await expect.poll(() => phone.locator('[data-view]').count()).toBeGreaterThan(0);
      expect(await pageOverflow(phone).then((o) => o.x), view).toBe(0);
      expect(await brokenWords(phone, '[data-entry] .title, [data-entry] .room'), view).toEqual([]);
      await screenshot(phone, `big-attendee-${view.replace(/\W+/g, '-').toLowerCase()}-390x844`);
    }
    // The room sits above the title, never beside it.
    await phone.getByRole('button', { name: 'Ganzer Plan', exact: true }).click();
    // Titles and rooms are marked German, the camp's language, so that a phone hyphenates a
    // compound longer than the line (and a screen reader says it in German), on an English page too.
    const english = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: BEFORE_THE_DAY, locale: 'en-US' });
    await english.getByRole('button', { name: 'Whole plan', exact: true }).click();
    for (const page of [phone, english]) {
      const marks = await page
        .locator('[data-entry] .title, [data-entry] .room')
        .evaluateAll((els) => [...new Set(els.map((el) => `${el.getAttribute('lang')} ${getComputedStyle(el).hyphens}`))]);
      expect(marks).toEqual(['de auto']);
    }
    expect(await english.evaluate(() => document.documentElement.lang)).toBe('en');

    const entry = phone.locator('[data-view="plan"] [data-entry]').first();
    const room = (await entry.locator('.room').boundingBox())!;
    const title = (await entry.locator('.title').boundingBox())!;
    expect(room.y + room.height).toBeLessThanOrEqual(title.y + 1);

    // A double session: once in the whole plan, with its full time; "Nach Raum" lists it once.
    const data = bigCamp();
    const doubleId = data.placements.find((p, i) => data.placements.findIndex((q) => q.sessionId === p.sessionId) !== i)!.sessionId;
    expect(await phone.locator(`[data-entry="${doubleId}"]`).count()).toBe(1);
    expect(await phone.locator(`[data-entry="${doubleId}"] .where`).textContent()).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
    await phone.getByRole('button', { name: 'Nach Raum', exact: true }).click();
    expect(await phone.locator(`[data-entry="${doubleId}"]`).count()).toBe(1);
    expect(phone.errors).toEqual([]);
  });

  it('keeps "Mein Plan" in time order and opens a description', async () => {
    const phone = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: BEFORE_THE_DAY });
    await phone.getByRole('button', { name: 'Ganzer Plan', exact: true }).click();
    const data = bigCamp();
    const placed = (id: string) => data.placements.find((p) => p.sessionId === id)!;
    // Starred late first, early last.
    const picks = ['s60', 's30', 's2'];
    for (const id of picks) await phone.locator(`[data-entry="${id}"] button.star`).click();
    await phone.getByRole('button', { name: 'Mein Plan (3)' }).click();
    // Notifications of changes: a switch, off, said in German (this headless browser has no push
    // service, so switching it on is said to have failed, and it stays off).
    const notify = phone.getByRole('switch', { name: 'Benachrichtigen, wenn sich etwas ändert' });
    await expect.poll(() => notify.getAttribute('aria-checked')).toBe('false');
    await screenshot(phone, 'big-attendee-mine-notify-390x844');
    const order = await phone.locator('[data-view="mine"] [data-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry')));
    const slotOrder = data.slots.map((s) => s.id);
    expect(order).toEqual([...picks].sort((a, b) => slotOrder.indexOf(placed(a).slotId) - slotOrder.indexOf(placed(b).slotId)));

    // A move puts it in its new place in the list.
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    const freeRoom = data.rooms.find((r) => !data.placements.some((p) => p.roomId === r.id && p.slotId === 'd2t7'))!;
    expect((await boss.send('session:place', { sessionId: order[0]!, roomId: freeRoom.id, slotId: 'd2t7', expectedOccupant: null })).ok).toBe(true);
    boss.close();
    await expect
      .poll(() => phone.locator('[data-view="mine"] [data-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry'))))
      .toEqual([order[1], order[2], order[0]]);

    const withText = data.sessions.find((s) => s.description && picks.includes(s.id))!;
    const entry = phone.locator(`[data-view="mine"] [data-entry="${withText.id}"]`);
    expect(await phone.getByText(withText.description).isVisible()).toBe(false);
    await entry.getByRole('button', { name: 'Worum geht es?' }).click();
    expect(await entry.getByRole('button', { name: 'Weniger' }).getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => phone.getByText(withText.description).isVisible()).toBe(true);
    await screenshot(phone, 'big-attendee-mine-description-390x844');
  });
});

describe('door signs with a big camp', () => {
  for (const [width, height] of [
    [768, 1024],
    [1024, 768],
  ] as const) {
    it(`fit ${width}×${height} without scrolling, the QR code whole`, async () => {
      for (const roomId of ['r2', 'r8']) {
        const door = await open(`/e/${camp.slug}/room/${roomId}`, { viewport: { width, height }, at: BEFORE_THE_DAY });
        // A wait, not a measure: with every browser test running beside it, a door took over 10 s.
        await expect.poll(() => door.locator('[data-fitted]').count(), { timeout: 20_000 }).toBe(1);
        // Text that arrives after the fit (the address for the QR code, the live badge) is fitted
        // again before the next paint; a script's measurement between the two (layout forced
        // before the resize observer has run) may see it a moment early, so both are polled.
        await expect
          .poll(async () => ({ overflow: await pageOverflow(door), qrOutside: await outsideWindow(door, 'svg.qr') }))
          .toEqual({ overflow: { x: 0, y: 0 }, qrOutside: 0 });
        expect(await brokenWords(door, 'h1, .title, .later li')).toEqual([]);
        expect(await decodeQr(door)).toBe(`${e2e.server.url}/e/${camp.slug}`);
        await screenshot(door, `big-door-${roomId}-${width}x${height}`);
      }
    });
  }
});

describe('the socket with a big camp', () => {
  it("tells Chromium's WebSocket only the big board's version, and Chromium reads the board whole over HTTP, compressed", async () => {
    const page = await open(`/e/${camp.slug}`, { viewport: { width: 390, height: 844 }, at: BEFORE_THE_DAY });
    const seen = await page.evaluate(async (slug) => {
      const told = await new Promise<string>((resolve, reject) => {
        const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
        socket.onerror = () => reject(new Error('the WebSocket failed'));
        socket.onmessage = ({ data }) => {
          const text = String(data);
          // Engine.IO's "open" ("0…"), then Socket.IO's connect with the handshake's auth.
          if (text.startsWith('0')) socket.send(`40${JSON.stringify({ event: slug })}`);
          if (text.startsWith('42["board:')) {
            resolve(text);
            socket.close();
          }
        };
      });
      const response = await fetch(`/api/events/${slug}/board`);
      return { told, encoding: response.headers.get('content-encoding'), body: await response.text() };
    }, camp.slug);
    const [name, current] = JSON.parse(seen.told.slice(2)) as [string, { version: number }];
    expect(name).toBe('board:version');
    expect(seen.told.length).toBeLessThan(100);
    expect(seen.encoding).toMatch(/^(br|gzip)$/);
    const answer = JSON.parse(seen.body) as { version: number; board: Board };
    expect(answer.version).toBe(current.version);
    expect(answer.board).toEqual(await board());
  });
});

describe('addresses people can reach', () => {
  it('puts PUBLIC_URL into the QR code when it is set', async () => {
    const server = await startTestServer({ withClient: true, publicUrl: 'https://camp.example.org' });
    try {
      const { slug } = await seedBigCamp(server.store);
      const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${server.url}/e/${slug}/beamer`);
      await expect.poll(() => page.locator('[data-short-url]').textContent()).toBe(`camp.example.org/e/${slug}`);
      expect(await decodeQr(page)).toBe(`https://camp.example.org/e/${slug}`);
      expect(await page.locator('[data-local-warning]').count()).toBe(0);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('puts the LAN address into the QR code of a projector opened as localhost, or warns when there is none', async () => {
    const server = await startTestServer({ withClient: true, host: '0.0.0.0' });
    try {
      const { slug } = await seedBigCamp(server.store);
      const lan = ((await (await fetch(`${server.url}/api/addresses`)).json()) as { lanUrls: string[] }).lanUrls[0];
      const page = await e2e.browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/e/${slug}/beamer`);
      if (lan) {
        await expect.poll(() => decodeQr(page)).toBe(`${lan}/e/${slug}`);
        expect(await page.locator('[data-local-warning]').count()).toBe(0);
      } else {
        await expect.poll(() => page.locator('[data-local-warning]').count()).toBe(1);
      }
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('warns on the projector when the only address is local', async () => {
    const beamer = await open(`/e/${camp.slug}/beamer`, { viewport: { width: 1280, height: 720 }, at: BEFORE_THE_DAY });
    await expect.poll(() => beamer.locator('[data-local-warning]').textContent()).toContain('PUBLIC_URL');
    // Whole, up to its last word ("öffnen"): the room reads it, not a tooltip.
    const warning = beamer.locator('[data-local-warning]');
    expect(await warning.evaluate((element) => element.scrollWidth <= element.clientWidth && element.scrollHeight <= element.clientHeight)).toBe(true);
    expect(await warning.evaluate((element) => element.getBoundingClientRect().right)).toBeLessThanOrEqual(1280);
    // Offline, the offline line takes its place: the two together would outgrow the header.
    await beamer.context().setOffline(true);
    for (const socket of e2e.server.app.io.sockets.sockets.values()) if (!socket.data.isFacilitator) socket.conn.close();
    await expect.poll(() => beamer.locator('.offline').textContent()).toMatch(/Offline seit/);
    expect(await warning.count()).toBe(0);
  });
});

describe('accessibility with a big camp', () => {
  it('axe-core (every rule) finds nothing on the board, the projector, a door, the giver page and the phone', async () => {
    const screens: Array<[string, { width: number; height: number }, string]> = [
      [`/e/${camp.slug}/board#key=${camp.key}`, { width: 1366, height: 768 }, 'td[data-cell-key]'],
      [`/e/${camp.slug}/beamer`, { width: 1920, height: 1080 }, '[data-hyphenated] [data-beamer-session]'],
      [`/e/${camp.slug}/room/r3`, { width: 768, height: 1024 }, '[data-fitted]'],
      [`/e/${camp.slug}/pitch`, { width: 390, height: 844 }, 'form'],
      [`/e/${camp.slug}`, { width: 390, height: 844 }, '[data-entry]'],
    ];
    for (const [path, viewport, ready] of screens) {
      const page = await open(path, { viewport, at: BEFORE_THE_DAY });
      await expect.poll(() => page.locator(ready).count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(describeViolations(await axeViolations(page)), path).toBe('');
      if (path.endsWith('/board#key=' + camp.key)) {
        await page.locator('summary', { hasText: 'Als Nächstes' }).click();
        expect(describeViolations(await axeViolations(page)), 'queue open').toBe('');
        await page.locator('summary', { hasText: 'Bildschirme' }).click();
        expect(describeViolations(await axeViolations(page)), 'screens menu open').toBe('');
      }
      expect(page.errors, path).toEqual([]);
    }
  }, 180_000);
});

describe('every screen at every size with a big camp', () => {
  const SIZES = [
    [390, 844],
    [768, 1024],
    [1280, 720],
    [1366, 768],
    [1920, 1080],
  ] as const;
  for (const [width, height] of SIZES) {
    it(`never scrolls sideways and shows no error at ${width}×${height}`, async () => {
      const screens: Array<[string, string, string]> = [
        ['attendee', `/e/${camp.slug}`, '[data-entry]'],
        ['board', `/e/${camp.slug}/board#key=${camp.key}`, 'td[data-cell-key]'],
        ['beamer', `/e/${camp.slug}/beamer`, '[data-beamer-session]'],
        ['door', `/e/${camp.slug}/room/r2`, '[data-fitted]'],
        ['giver', `/e/${camp.slug}/pitch`, 'form'],
      ];
      for (const [name, path, ready] of screens) {
        const page = await open(path, { viewport: { width, height }, at: AFTER_LUNCH });
        await expect.poll(() => page.locator(ready).count(), { timeout: 10_000 }).toBeGreaterThan(0);
        expect((await pageOverflow(page)).x, `${name} ${width}x${height}`).toBe(0);
        await screenshot(page, `big-${name}-${width}x${height}`);
        expect(page.errors, `${name} ${width}x${height}`).toEqual([]);
        await page.context().close();
      }
    }, 120_000);
  }
});
