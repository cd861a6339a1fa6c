// Printing the plan (one A4 landscape page per day) and door sheets (one A4 portrait page per room
// and day, with a QR code to the room's live page), from the big camp, as PDFs from Chromium.
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { orderedRooms, type Board } from '../../shared/board.ts';
import { calendarRows } from '../../shared/plan-rows.ts';
import { seedBigCamp } from '../fixtures/big-camp.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests } from '../helpers/e2e.ts';
import { brokenWords, smallestFont } from '../helpers/layout.ts';
import { pdfPages, searchedText } from '../helpers/pdf-text.ts';
import { connectClient } from '../helpers/server.ts';

const e2e = setUpBrowserTests();
let camp: { slug: string; key: string };
beforeEach(async () => {
  camp = await seedBigCamp(e2e.server.store, e2e.slug('ruhr'));
});

async function board(): Promise<Board> {
  return (await fetch(`${e2e.server.url}/api/events/${camp.slug}/board`).then((r) => r.json())).board;
}

/** The pages of a PDF that Chromium wrote. */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;

/** The words of `texts` a search of a PDF's text does not find. */
const unfound = (searched: string, texts: string[]) =>
  [...new Set(texts.flatMap((text) => text.split(/[^\p{L}\p{N}-]+/u)))].filter((word) => word && !searched.includes(word));

async function openSheets(path: string) {
  const page = await e2e.open(path, { viewport: { width: 1366, height: 900 } });
  await expect.poll(() => page.locator('[data-fitted]').count(), { timeout: 15_000 }).toBe(1);
  return page;
}

describe('printing', () => {
  it('prints the plan on one A4 landscape page per day, every title whole', async () => {
    const page = await openSheets(`/e/${camp.slug}/print`);
    const plan = await board();
    const sheets = page.locator('.sheet');
    expect(await sheets.count()).toBe(plan.days.length);
    for (const day of plan.days) {
      const text = (await page.locator(`[data-sheet="${day.id}"]`).textContent())!.replaceAll('\u00AD', '');
      const titles = calendarRows(plan)
        .filter((row) => row.place.date === day.date)
        .map((row) => row.session.title);
      expect(titles.length).toBeGreaterThan(20);
      for (const title of titles) expect(text).toContain(title);
    }
    // Nothing runs over its page, and the type stays readable on paper (≥ 6 pt = 8 px).
    const overflowing = await page.locator('.sheet .fill').evaluateAll((fills) => fills.filter((f) => f.scrollHeight > f.clientHeight + 1).length);
    expect(overflowing).toBe(0);
    expect(await smallestFont(page, '.sheet .title')).toBeGreaterThanOrEqual(8);
    // Words break only where hyphenation allows, never "Maschinenhall|e".
    expect(await brokenWords(page, '.sheet th, .sheet .title')).toEqual([]);
    await screenshot(page, 'print-plan-1366x900');
    expect(describeViolations(await axeViolations(page))).toBe('');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pageCount(pdf)).toBe(plan.days.length);
    // A search of the PDF finds every word of every title: no soft hyphen inside a word, and a
    // word broken at a line's end only by a hyphen there (U+2010, which viewers join again).
    const pages = await pdfPages(pdf);
    expect(pages.join('').includes('\u00AD')).toBe(false);
    expect(pages.join('').match(/\p{L}\u2010(?!\n)/gu)).toBeNull();
    const searched = pages.map(searchedText).join(' ');
    expect(unfound(searched, [...calendarRows(plan).map((row) => row.session.title), ...plan.rooms.map((room) => room.name)])).toEqual([]);
    expect(searched).toContain('Barrierefreiheitsstärkungsgesetz');
    expect(page.errors).toEqual([]);
  });

  it('prints a door sheet per room and day with the room large and a QR code to its live page', async () => {
    const page = await openSheets(`/e/${camp.slug}/print/doors`);
    const plan = await board();
    expect(await page.locator('.sheet').count()).toBe(plan.rooms.length * plan.days.length);
    const [room] = orderedRooms(plan);
    const [day] = plan.days;
    const sheet = page.locator(`[data-sheet="${room!.id}|${day!.id}"]`);
    expect((await sheet.locator('h2').textContent())!.replaceAll('\u00AD', '')).toBe(room!.name);
    const mine = calendarRows(plan, { roomId: room!.id }).filter((row) => row.place.date === day!.date);
    const text = (await sheet.textContent())!.replaceAll('\u00AD', '');
    for (const row of mine) expect(text).toContain(row.session.title);
    // Read the code as a phone would: from the rendered sheet.
    const png = PNG.sync.read(await sheet.locator('svg.qr').screenshot({ scale: 'device' }));
    const padded = new PNG({ width: png.width + 80, height: png.height + 80 });
    padded.data.fill(255);
    PNG.bitblt(png, padded, 0, 0, png.width, png.height, 40, 40);
    expect(jsQR(new Uint8ClampedArray(padded.data), padded.width, padded.height)?.data).toBe(`${e2e.server.url}/e/${camp.slug}/room/${room!.id}`);
    await screenshot(page, 'print-doors-1366x900');
    expect(describeViolations(await axeViolations(page))).toBe('');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pageCount(pdf)).toBe(plan.rooms.length * plan.days.length);
    const searched = (await pdfPages(pdf)).map(searchedText).join(' ');
    expect(unfound(searched, [...calendarRows(plan).map((row) => row.session.title), ...plan.rooms.map((room) => room.name)])).toEqual([]);

    // Printed: a session moved afterwards marks the two sheets to print again, on screen only.
    expect(await page.locator('.sheet.changed').count()).toBe(0);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    const moved = mine[0]!.session;
    const [, other] = orderedRooms(plan);
    const freeSlot = plan.slots.find(
      (s) => s.dayId === day!.id && s.kind === 'session' && !plan.placements.some((p) => p.roomId === other!.id && p.slotId === s.id),
    );
    const target = freeSlot ?? plan.slots.find((s) => s.dayId === day!.id && s.kind === 'session')!;
    expect((await boss.send('session:place', { sessionId: moved.id, roomId: other!.id, slotId: target.id })).ok).toBe(true);
    boss.close();
    await expect
      .poll(() => page.locator('.sheet.changed').evaluateAll((sheets) => sheets.map((s) => s.getAttribute('data-sheet')).sort()))
      .toEqual([`${room!.id}|${day!.id}`, `${other!.id}|${day!.id}`].sort());
    expect(await sheet.getByText('Geändert seit dem letzten Druck').count()).toBe(1);
    await screenshot(page, 'print-doors-changed-1366x900');
    expect(page.errors).toEqual([]);
  });

  it('prints every session’s notes address on the plan and on the door sheets, still one page per sheet', async () => {
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    expect((await boss.send('event:update', { notesLink: 'https://pad.example.org/p/{slug}-{session}' })).ok).toBe(true);
    boss.close();
    const plan = await board();
    const address = (sessionId: string) => `pad.example.org/p/${camp.slug}-${sessionId}`;
    const page = await openSheets(`/e/${camp.slug}/print`);
    for (const day of plan.days) {
      const sheet = page.locator(`[data-sheet="${day.id}"]`);
      const shown = await sheet.locator('[data-print-notes]').allTextContents();
      const placed = calendarRows(plan).filter((row) => row.place.date === day.date);
      expect(shown.sort()).toEqual(placed.map((row) => address(row.session.id)).sort());
    }
    const overflowing = await page.locator('.sheet .fill').evaluateAll((fills) => fills.filter((f) => f.scrollHeight > f.clientHeight + 1).length);
    expect(overflowing).toBe(0);
    await screenshot(page, 'print-plan-notes-1366x900');
    expect(pageCount(await page.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(plan.days.length);

    const doors = await openSheets(`/e/${camp.slug}/print/doors`);
    const [room] = orderedRooms(plan);
    const [day] = plan.days;
    const mine = calendarRows(plan, { roomId: room!.id }).filter((row) => row.place.date === day!.date);
    const notes = await doors.locator(`[data-sheet="${room!.id}|${day!.id}"] [data-print-notes]`).allTextContents();
    expect(notes).toEqual(mine.map((row) => `Notizen: ${address(row.session.id)}`));
    await screenshot(doors, 'print-doors-notes-1366x900');
    expect(pageCount(await doors.pdf({ preferCSSPageSize: true, printBackground: true }))).toBe(plan.rooms.length * plan.days.length);
    expect([...page.errors, ...doors.errors]).toEqual([]);
  });

  it('is reachable from the board’s menu, and speaks English too', async () => {
    const boardPage = await e2e.open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1366, height: 768 } });
    await expect.poll(() => boardPage.locator('[data-connection="live"]').count()).toBe(1);
    await boardPage.getByText('Bildschirme').click();
    expect(await boardPage.getByRole('link', { name: 'Plan drucken' }).getAttribute('href')).toBe(`/e/${camp.slug}/print`);
    expect(await boardPage.getByRole('link', { name: 'Türschilder drucken' }).getAttribute('href')).toBe(`/e/${camp.slug}/print/doors`);
    // The spreadsheet of every session, as a download.
    const csv = boardPage.getByRole('link', { name: 'Sessions als Tabelle (CSV)' });
    const [download] = await Promise.all([boardPage.waitForEvent('download'), csv.click()]);
    expect(download.suggestedFilename()).toBe(`${camp.slug}-sessions.csv`);
    // In the page's language: German headers, semicolons.
    expect(readFileSync((await download.path())!, 'utf8').split('\r\n')[0]).toBe(
      '\ufeffTitel;Themengeber:in;Datum;Beginn;Ende;Raum;Schlagworte;Interesse;Wünsche;Status;Beschreibung',
    );
    // Beside it, the workbook.
    const xlsx = boardPage.getByRole('link', { name: 'Sessions als Arbeitsmappe (Excel)' });
    expect(await xlsx.getAttribute('href')).toBe(`/api/events/${camp.slug}/sessions.xlsx?lang=de`);
    const [workbook] = await Promise.all([boardPage.waitForEvent('download'), xlsx.click()]);
    expect(workbook.suggestedFilename()).toBe(`${camp.slug}-sessions.xlsx`);
    // Switched to English, the links ask for English.
    await boardPage.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => boardPage.getByRole('link', { name: 'Sessions as a workbook (Excel)' }).getAttribute('href'))
      .toBe(`/api/events/${camp.slug}/sessions.xlsx?lang=en`);
    expect(await boardPage.getByRole('link', { name: 'Sessions as a spreadsheet (CSV)' }).getAttribute('href')).toBe(
      `/api/events/${camp.slug}/sessions.csv?lang=en`,
    );
    const english = await e2e.open(`/e/${camp.slug}/print`, { viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    await expect.poll(() => english.getByRole('button', { name: 'Print' }).count()).toBe(1);
    expect(await english.getByRole('heading', { level: 1 }).textContent()).toBe('The plan, one A4 landscape page per day');
  });
});
