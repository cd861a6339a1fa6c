// Creating a board from the home page and using it at once.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests } from '../helpers/e2e.ts';
import type { EventOnServer } from '../helpers/server-per-file.ts';

const e2e = setUpBrowserTests();
let server: EventOnServer;
beforeEach(() => {
  server = e2e.server;
});

describe('the home page', () => {
  it('creates a board, shows both links with QR codes, and the facilitator link opens a working board', async () => {
    const page = await e2e.open('/', { viewport: { width: 1366, height: 900 } });
    await page.getByLabel('Name des Barcamps').fill('Barcamp Dortmund');
    await page.getByLabel('Datum (oder Daten) 1').fill('2026-10-03');
    await page.getByLabel('Zeitzone').fill('Europe/Berlin');
    await page.getByLabel('Räume, einer pro Zeile (Name:Plätze)').fill('Aula:120\nBibliothek, Lesesaal:20');
    await screenshot(page, 'home-1366x900');
    expect(describeViolations(await axeViolations(page))).toBe('');
    await page.getByRole('button', { name: 'Tafel anlegen' }).click();

    await expect.poll(() => page.getByRole('heading', { name: 'Deine Tafel ist bereit' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'QR-Code des Moderationslinks' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'QR-Code des Links für Teilnehmende' }).count()).toBe(1);
    const facilitatorUrl = (await page.locator('[data-facilitator-link]').getAttribute('href'))!;
    expect(facilitatorUrl).toMatch(/\/e\/barcamp-dortmund-[0-9a-f]{6}\/board#key=[\w-]{32}$/);
    await screenshot(page, 'home-created-1366x900');
    expect(describeViolations(await axeViolations(page))).toBe('');

    await page.goto(facilitatorUrl);
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    // One room per line: a comma in a name stays in it.
    expect(await page.getByRole('columnheader').allTextContents()).toEqual([expect.stringContaining('Aula'), expect.stringContaining('Bibliothek, Lesesaal')]);
    await page.getByLabel('Titel', { exact: true }).fill('Smart City');
    await page.getByLabel('Themengeber:in (freiwillig)', { exact: true }).fill('Nora');
    await page.keyboard.press('Enter');
    const slug = /\/e\/([^/]+)\/board/.exec(facilitatorUrl)![1]!;
    const board = async (): Promise<Board> => (await fetch(`${server.url}/api/events/${slug}/board`).then((r) => r.json())).board;
    await expect.poll(async () => (await board()).sessions.map((s) => s.title)).toEqual(['Smart City']);
    expect((await board()).days.map((d) => d.date)).toEqual(['2026-10-03']);
    expect((await board()).rooms.map((r) => [r.name, r.capacity])).toEqual([
      ['Aula', 120],
      ['Bibliothek, Lesesaal', 20],
    ]);

    // Add a room, move the session into it, then take the move back with Ctrl+Z.
    await page.getByRole('button', { name: 'Raum hinzufügen' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Keller');
    await page.getByRole('dialog').getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(() => page.getByRole('cell', { name: /^Keller, 10:00–10:45: frei/ }).count()).toBe(1);
    const session = (await board()).sessions[0]!;
    const grab = page.locator(`[data-session-id="${session.id}"] .grab`);
    await grab.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const keller = async () => (await board()).rooms.find((r) => r.name === 'Keller')!.id;
    await expect.poll(async () => (await board()).placements[0]?.roomId).toBe(await keller());
    await expect.poll(() => page.getByRole('button', { name: /Rückgängig/ }).isEnabled()).toBe(true);
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await board()).placements).toEqual([]);
    await expect.poll(() => page.locator(`.tray [data-session-id="${session.id}"]`).count()).toBe(1);
    await page.getByRole('button', { name: /Wiederholen/ }).click();
    await expect.poll(async () => (await board()).placements[0]?.roomId).toBe(await keller());

    await page.getByRole('button', { name: 'Verlauf' }).click();
    const history = page.getByRole('dialog');
    await expect.poll(() => history.locator('li').count()).toBe(5);
    expect(await history.locator('li').first().textContent()).toContain('Moderation hat eine Änderung wiederhergestellt');
    expect(await history.locator('li').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('hat „Smart City“ nach Keller um 10:00 gelegt'),
        expect.stringContaining('hat den Raum „Keller“ hinzugefügt'),
        expect.stringContaining('hat „Smart City“ eingereicht'),
      ]),
    );
    expect(describeViolations(await axeViolations(page))).toBe('');
    await screenshot(page, 'board-history-1366x900');
  });

  it('creates a board under a short address of its own choosing, and says plainly when it is not usable', async () => {
    const page = await e2e.open('/', { viewport: { width: 390, height: 844 } });
    const events = await server.store.countEvents();
    // A name of nothing visible is said in German at the field, and nothing is sent.
    await page.getByLabel('Name des Barcamps').fill('\u200B\u2060');
    await page.getByRole('button', { name: 'Tafel anlegen' }).click();
    await expect.poll(() => page.locator('#home-title-error').textContent()).toContain('Bitte mindestens einen Buchstaben oder eine Ziffer eintragen');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('home-title');
    expect(await page.getByLabel('Name des Barcamps').getAttribute('aria-invalid')).toBe('true');
    expect(await server.store.countEvents()).toBe(events);
    await page.getByLabel('Name des Barcamps').fill('Barcamp Ruhr 2026');
    await page.getByLabel('Kurze Adresse (freiwillig)').fill('Ruhr 26!');
    await page.getByRole('button', { name: 'Tafel anlegen' }).click();
    // The server's refusals, said in German from their reason, naming what was typed.
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Kurzadresse: „ruhr 26!“ geht nicht. Erlaubt sind a–z, 0–9 und „-“.');
    await page.getByLabel('Kurze Adresse (freiwillig)').fill('Ruhr26');
    await page.getByLabel('Zeitfenster, eines pro Zeile', { exact: false }).fill('10:00-11:00\n10:30-11:30');
    await page.getByRole('button', { name: 'Tafel anlegen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Zeitfenster: „10:00-11:00“ überschneidet sich mit 10:30–11:30.');
    await page.getByLabel('Zeitfenster, eines pro Zeile', { exact: false }).fill('10:00-11:00\nMittagspause 12:00-13:00\n13:00-14:00');
    // A seat count that is no number is no part of the room's name: said before anything is sent.
    await page.getByLabel('Räume, einer pro Zeile').fill('Raum A:30\nRaum B:abc');
    await page.getByRole('button', { name: 'Tafel anlegen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^Räume: „Raum B:abc“: Nach dem Doppelpunkt kommt die Zahl der Plätze/);
    await screenshot(page, 'home-refused-390x844');
    await page.getByLabel('Räume, einer pro Zeile').fill('Raum A:30\nSeminarraum Emscher (1. OG):20');
    // Another day proposes the day after: the form can be sent as it is.
    const first = await page.getByLabel('Datum (oder Daten) 1').inputValue();
    await page.getByRole('button', { name: /Weiteren Tag/ }).click();
    const second = await page.getByLabel('Datum (oder Daten) 2').inputValue();
    expect(second).toBe(new Date(Date.parse(`${first}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    expect(await server.store.countEvents()).toBe(events);
    expect(await page.locator('#home-slug-hint').textContent()).toContain('/e/ruhr26');
    await page.getByRole('button', { name: 'Tafel anlegen' }).click();
    await expect.poll(() => page.locator('[data-attendee-link]').getAttribute('href')).toBe(`${server.url}/e/ruhr26`);
    expect(await server.store.findEvent('ruhr26')).toBeDefined();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    await screenshot(page, 'home-short-address-390x844');
  });
});
