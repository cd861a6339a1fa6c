// The facilitator's board and the attendee's phone in Chromium, against a real server.
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board, Cell } from '../../shared/board.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests, type PageOptions, type WatchedPage } from '../helpers/e2e.ts';
import { connectClient } from '../helpers/server.ts';
import type { EventOnServer } from '../helpers/server-per-file.ts';

const e2e = setUpBrowserTests();
let server: EventOnServer;
beforeEach(() => {
  server = e2e.server;
});

function openPage(pathAndHash: string, viewport = { width: 1366, height: 768 }, options: Omit<PageOptions, 'viewport'> = {}): Promise<WatchedPage> {
  return e2e.open(pathAndHash, { viewport, ...options });
}

async function openBoard(viewport?: { width: number; height: number }, options?: { locale?: string; hasTouch?: boolean }) {
  const page = await openPage(`/e/${server.slug}/board#key=${server.key}`, viewport, options);
  await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
  return page;
}

async function boardNow(): Promise<{ version: number; board: Board }> {
  return fetch(`${server.url}/api/events/${server.slug}/board`).then((r) => r.json());
}

function card(page: Page, sessionId: string): Locator {
  return page.locator(`[data-session-id="${sessionId}"] .grab`);
}

function cell(page: Page, room: string, start: string): Locator {
  return page.getByRole('cell', { name: new RegExp(`^${room}, ${start}`) });
}

async function dragWithMouse(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function placementOf(sessionId: string): Promise<Cell | undefined> {
  const { board } = await boardNow();
  return board.placements.find((p) => p.sessionId === sessionId);
}

describe('facilitator board', () => {
  it('drags a card from the tray into a cell; the attendee phone shows it without reloading', async () => {
    const { board } = await boardNow();
    const [first] = board.sessions;
    const roomA = board.rooms.find((r) => r.name === 'Raum A')!;
    const slot10 = board.slots.find((s) => s.start === '10:00')!;

    const phone = await openPage(`/e/${server.slug}`, { width: 390, height: 844 });
    // The test event's day is not today: the whole plan, not "now", shows every slot.
    await phone.getByRole('button', { name: 'Ganzer Plan', exact: true }).click();
    await expect.poll(() => phone.getByText('Noch nichts geplant.').count()).toBeGreaterThan(0);
    const facilitatorPage = await openBoard();
    await expect.poll(() => cell(facilitatorPage, 'Raum A', '10:00').getAttribute('aria-label')).toContain('frei');

    await dragWithMouse(facilitatorPage, card(facilitatorPage, first!.id), cell(facilitatorPage, 'Raum A', '10:00'));

    await expect.poll(() => placementOf(first!.id)).toEqual({ sessionId: first!.id, roomId: roomA.id, slotId: slot10.id });
    await expect.poll(() => cell(facilitatorPage, 'Raum A', '10:00').getAttribute('aria-label')).toContain('Erste Session');
    // The phone updates live: the entry appears under 10:00 in Raum A.
    const slotSection = phone.getByRole('region', { name: /10:00/ });
    await expect.poll(() => slotSection.getByText('Erste Session').count(), { timeout: 3000 }).toBe(1);
    await expect.poll(() => slotSection.getByText('Raum A').count()).toBe(1);
    expect(await facilitatorPage.locator('.tray [data-session-id]').count()).toBe(2);
    await screenshot(facilitatorPage, 'board-1366x768');
    await screenshot(phone, 'attendee-390x844');
    expect(facilitatorPage.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  });

  it('moves a placed card, swaps on an occupied cell, and drags it back to the tray', async () => {
    const { board } = await boardNow();
    const [first, second] = board.sessions;
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    const [roomA, roomB] = board.rooms;
    const [slot10, slot11] = board.slots;
    await boss.send('session:place', { sessionId: first!.id, roomId: roomA!.id, slotId: slot10!.id });
    await boss.send('session:place', { sessionId: second!.id, roomId: roomB!.id, slotId: slot11!.id });
    boss.close();

    const page = await openBoard();
    await expect.poll(() => cell(page, 'Raum B', '11:00').getAttribute('aria-label')).toContain('Zweite Session');
    await dragWithMouse(page, card(page, first!.id), cell(page, 'Raum B', '11:00'));
    await expect.poll(() => placementOf(first!.id)).toEqual({ sessionId: first!.id, roomId: roomB!.id, slotId: slot11!.id });
    expect(await placementOf(second!.id)).toEqual({ sessionId: second!.id, roomId: roomA!.id, slotId: slot10!.id });
    // The board shows the swap before the next drag starts from the card's new place.
    await expect.poll(() => cell(page, 'Raum B', '11:00').getAttribute('aria-label')).toContain('Erste Session');
    await expect.poll(() => cell(page, 'Raum A', '10:00').getAttribute('aria-label')).toContain('Zweite Session');

    await dragWithMouse(page, card(page, first!.id), page.locator('[data-drop="tray"]'));
    await expect.poll(() => placementOf(first!.id)).toBeUndefined();
    await expect.poll(() => page.locator(`.tray [data-session-id="${first!.id}"]`).count()).toBe(1);
  });

  it('undo and redo follow the broadcasts, without asking the server after each change', async () => {
    const { board } = await boardNow();
    const [first] = board.sessions;
    const page = await openBoard();
    const undo = page.getByRole('button', { name: /Rückgängig/ });
    const redo = page.getByRole('button', { name: /Wiederholen/ });
    await expect.poll(() => undo.isDisabled()).toBe(true);

    // A change made on another screen enables undo here too.
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    await boss.send('session:place', { sessionId: first!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id });
    boss.close();
    await expect.poll(() => undo.isEnabled()).toBe(true);
    expect(await redo.isDisabled()).toBe(true);
    await undo.click();
    await expect.poll(() => placementOf(first!.id)).toBeUndefined();
    await expect.poll(() => redo.isEnabled()).toBe(true);
    await expect.poll(() => undo.isDisabled()).toBe(true);
    expect(page.sentFrames.filter((frame) => frame.includes('board:history'))).toEqual([]);
    expect(page.sentFrames.filter((frame) => frame.includes('board:undo'))).toHaveLength(1);
  });

  it('places with the keyboard alone and announces the result', async () => {
    const { board } = await boardNow();
    const third = board.sessions[2]!;
    const page = await openBoard();
    const grab = card(page, third.id);
    await grab.focus();
    await page.keyboard.press('Enter');
    const announcer = page.locator('#board-announcer');
    await expect.poll(() => announcer.textContent()).toContain('aufgenommen');
    // The first free cell has focus; go one room right and one slot down, then drop.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Raum A, 10:00/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Raum B, 11:00/);
    await screenshot(page, 'board-keyboard-pickup-1366x768');
    await page.keyboard.press('Enter');
    const roomB = board.rooms.find((r) => r.name === 'Raum B')!;
    const slot11 = board.slots.find((s) => s.start === '11:00')!;
    await expect.poll(() => placementOf(third.id)).toEqual({ sessionId: third.id, roomId: roomB.id, slotId: slot11.id });
    await expect.poll(() => announcer.textContent()).toContain('ist jetzt in Raum B um 11:00');

    // Escape puts a picked-up card down where it was.
    await card(page, third.id).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await expect.poll(() => announcer.textContent()).toContain('abgebrochen');
    expect(await placementOf(third.id)).toEqual({ sessionId: third.id, roomId: roomB.id, slotId: slot11.id });
  });

  it('the pitch loop: a title and Enter enter a session and wait for its hands, a second Enter puts it where offered, the cursor goes back to the title', async () => {
    const page = await openBoard();
    const title = page.getByLabel('Titel', { exact: true });
    for (const pitched of ['Kulturwandel in der Verwaltung', 'Barrierefreie Formulare']) {
      await title.click();
      await page.keyboard.type(pitched);
      await page.keyboard.press('Enter');
      // The suggestion is shown and said; nothing is placed yet.
      await expect.poll(() => page.locator('#quick-offer').textContent()).toMatch(/Vorschlag: Raum . um \d\d:\d\d.*genug Plätze/);
      const entered = (await boardNow()).board.sessions.find((s) => s.title === pitched)!;
      expect(entered.host).toBe('');
      // The cursor waits for the hands.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-hands');
      expect((await boardNow()).board.pitch.queue).not.toContain(entered.id);
      expect(await placementOf(entered.id)).toBeUndefined();
      if (pitched.startsWith('Kultur')) {
        await screenshot(page, 'board-pitch-loop-offer-1366x768');
        // The button names its key for eyes (a keyboard is at hand) and for screen readers.
        const accept = page.getByRole('button', { name: 'Dorthin legen', exact: true });
        expect(await accept.getAttribute('aria-keyshortcuts')).toBe('Enter');
        expect(await accept.locator('kbd').isVisible()).toBe(true);
      }
      await page.keyboard.press('Enter');
      await expect.poll(() => placementOf(entered.id)).toBeDefined();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-title');
      await expect.poll(() => page.locator('#quick-offer').count()).toBe(0);
    }
    // The same topic pitched again: the board says so and merges it with one click.
    const first = (await boardNow()).board.sessions.find((s) => s.title === 'Kulturwandel in der Verwaltung')!;
    await page.keyboard.type('Kulturwandel Verwaltung');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(`[data-similar="${first.id}"]`).textContent()).toContain('Ähnlich: „Kulturwandel in der Verwaltung“');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-hands');
    await screenshot(page, 'board-pitch-loop-similar-1366x768');
    await page.locator(`[data-similar="${first.id}"]`).getByRole('button', { name: 'Zusammenlegen' }).click();
    await expect.poll(async () => (await boardNow()).board.sessions.find((s) => s.title === 'Kulturwandel Verwaltung')!.status).toBe('withdrawn');
    await expect.poll(() => page.locator('[data-similar]').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-title');

    // The rest of the tray in one go: a preview on the grid first, then one change.
    await page.getByRole('button', { name: 'Plan auffüllen' }).click();
    await expect.poll(() => page.locator('[data-previewed]').count()).toBe(3);
    expect((await boardNow()).board.placements).toHaveLength(2);
    await screenshot(page, 'board-autofill-preview-1366x768');
    await page.getByRole('button', { name: 'So einplanen' }).click();
    await expect.poll(async () => (await boardNow()).board.placements.length).toBe(5);
    await expect.poll(() => page.locator('[data-previewed]').count()).toBe(0);
  });

  it('adds a session by quick entry, sets interest, edits and withdraws it via its menu', async () => {
    const page = await openBoard();
    await page.getByLabel('Titel', { exact: true }).fill('Open Data im Rathaus');
    await page.getByLabel('Themengeber:in (freiwillig)', { exact: true }).fill('Lena');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await boardNow()).board.sessions.some((s) => s.title === 'Open Data im Rathaus')).toBe(true);
    // The cursor waits for the hands; Esc leaves the session in the tray and goes back to the title.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-hands');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-title');
    await expect.poll(() => page.locator('[data-loop-session]').count()).toBe(0);
    const created = (await boardNow()).board.sessions.find((s) => s.title === 'Open Data im Rathaus')!;

    await page.getByRole('button', { name: 'Eine Hand mehr für „Open Data im Rathaus“' }).click();
    await expect.poll(async () => (await boardNow()).board.sessions.find((s) => s.id === created.id)!.interest).toBe(1);
    const interest = page.getByLabel('Interesse (Handzeichen) für „Open Data im Rathaus“');
    await interest.fill('17');
    await interest.press('Enter');
    await expect.poll(async () => (await boardNow()).board.sessions.find((s) => s.id === created.id)!.interest).toBe(17);

    await page.getByRole('button', { name: 'Aktionen für „Open Data im Rathaus“' }).click();
    const dialog = page.getByRole('dialog');
    await screenshot(page, 'board-session-dialog-1366x768');
    await dialog.getByLabel('Titel').fill('Open Data in der Kommune');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(async () => (await boardNow()).board.sessions.find((s) => s.id === created.id)!.title).toBe('Open Data in der Kommune');
    await expect.poll(() => dialog.count()).toBe(0);

    // A new link for a giver who lost the phone: shown as a QR code to scan.
    await page.getByRole('button', { name: 'Aktionen für „Open Data in der Kommune“' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Neuen Link erstellen' }).click();
    await expect.poll(() => page.getByRole('img', { name: 'QR-Code des neuen Links für „Open Data in der Kommune“' }).count()).toBe(1);
    expect(await page.getByRole('dialog').locator('.link a').getAttribute('href')).toMatch(
      new RegExp(`/e/${server.slug}/pitch#session=${created.id}&token=[\\w-]{32}$`),
    );
    // The facilitator's own notes link for the session: a javascript: link is refused in German, an https one kept.
    const notes = page.getByRole('dialog').getByLabel('Notizen-Link dieser Session');
    await notes.fill('javascript:alert(1)');
    await page.getByRole('dialog').getByRole('button', { name: 'Link setzen' }).click();
    await expect.poll(() => page.getByRole('dialog').locator('.message').textContent()).toContain('Link zu den Notizen: kein Link.');
    await notes.fill('https://pad.example.org/open-data');
    await page.getByRole('dialog').getByRole('button', { name: 'Link setzen' }).click();
    await expect.poll(async () => (await boardNow()).board.sessions.find((s) => s.id === created.id)!.notesUrl).toBe('https://pad.example.org/open-data');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Aktionen für „Open Data in der Kommune“' }).click();
    expect(await page.getByRole('dialog').getByLabel('Notizen-Link dieser Session').inputValue()).toBe('https://pad.example.org/open-data');
    await page.getByRole('dialog').getByRole('button', { name: 'Session zurückziehen' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Abbrechen');
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, zurückziehen' }).click();
    await expect.poll(async () => (await boardNow()).board.sessions.find((s) => s.id === created.id)!.status).toBe('withdrawn');
    await expect.poll(() => page.locator(`[data-session-id="${created.id}"]`).count()).toBe(0);
  });

  it('moves a session with the "Move to" menu and flashes changes made elsewhere', async () => {
    const { board } = await boardNow();
    const [first, second] = board.sessions;
    const page = await openBoard();
    await page.getByRole('button', { name: 'Aktionen für „Erste Session“' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Ziel').selectOption({ label: '13:00 · Raum C (frei)' });
    await dialog.getByRole('button', { name: 'Verschieben' }).click();
    const roomC = board.rooms.find((r) => r.name === 'Raum C')!;
    const slot13 = board.slots.find((s) => s.start === '13:00')!;
    await expect.poll(() => placementOf(first!.id)).toEqual({ sessionId: first!.id, roomId: roomC.id, slotId: slot13.id });
    // Focus returns to the moved card.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-session-id]')?.getAttribute('data-session-id'))).toBe(first!.id);

    const other = await connectClient(server.url, { event: server.slug, key: server.key });
    await other.send('session:place', { sessionId: second!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id });
    other.close();
    await expect.poll(() => cell(page, 'Raum A', '10:00').getAttribute('class')).toContain('flash');
    await screenshot(page, 'board-flash-1366x768');
  });

  it('says when the connection drops and catches up when it returns', async () => {
    const { board } = await boardNow();
    const page = await openBoard();
    await page.context().setOffline(true);
    // Cut the live connection from the server side, as a dropping wifi would.
    for (const socket of server.app.io.sockets.sockets.values()) socket.conn.close();
    await expect.poll(() => page.locator('[data-connection="offline"]').count()).toBe(1);
    expect(await page.locator('[data-connection]').textContent()).toMatch(/Offline seit \d{1,2}:\d\d/);

    const other = await connectClient(server.url, { event: server.slug, key: server.key });
    await other.send('session:place', { sessionId: board.sessions[1]!.id, roomId: board.rooms[1]!.id, slotId: board.slots[0]!.id });
    other.close();

    await page.context().setOffline(false);
    await expect.poll(() => page.locator('[data-connection="live"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => cell(page, 'Raum B', '10:00').getAttribute('aria-label')).toContain('Zweite Session');
  });

  it('notices a dead line within 5 s, keeps a move made offline as pending, and sends it once when back', async () => {
    const before = await boardNow();
    const context = await e2e.newContext();
    const page = await context.newPage();
    // The line goes silent without closing, as when a laptop walks out of the wifi's reach:
    // nothing arrives, nothing is refused. New connections fail at once while it lasts.
    let silent = false;
    await page.routeWebSocket(/\/socket\.io\//, (client) => {
      if (silent) return void client.close();
      const upstream = client.connectToServer();
      client.onMessage((message) => {
        if (!silent) upstream.send(message);
      });
      upstream.onMessage((message) => {
        if (!silent) client.send(message);
      });
    });
    // Long-polling, the fallback, finds the same dead line.
    await page.route(/\/socket\.io\//, (route) => (silent ? route.abort() : route.continue()));
    await page.goto(`${server.url}/e/${server.slug}/board#key=${server.key}`);
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    const cutAt = Date.now();
    silent = true;
    await expect.poll(() => page.locator('[data-connection="offline"]').count(), { timeout: 8_000 }).toBe(1);
    expect(Date.now() - cutAt).toBeLessThan(5_500);

    const sessionId = before.board.sessions[0]!.id;
    await dragWithMouse(page, card(page, sessionId), cell(page, 'Raum C', '11:00'));
    await expect.poll(() => page.locator(`[data-session-id="${sessionId}"] [data-pending]`).textContent()).toBe('Wartet auf Verbindung…');
    await screenshot(page, 'board-pending-move-1366x768');
    expect(await placementOf(sessionId)).toBeUndefined();

    silent = false;
    await expect.poll(() => page.locator('[data-connection="live"]').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => cell(page, 'Raum C', '11:00').getAttribute('aria-label'), { timeout: 10_000 }).toContain('Erste Session');
    expect(await page.locator('[data-pending]').count()).toBe(0);
    // Landed once: one change, one version.
    const after = await boardNow();
    expect(after.version).toBe(before.version + 1);
  }, 180_000);

  it('lays out at phone, laptop and projector sizes', async () => {
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    const { board } = boss.snapshot;
    await boss.send('session:place', { sessionId: board.sessions[0]!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id });
    await boss.send('session:place', { sessionId: board.sessions[1]!.id, roomId: board.rooms[2]!.id, slotId: board.slots[3]!.id });
    await boss.send('session:interest', { sessionId: board.sessions[1]!.id, interest: 35 });
    boss.close();
    for (const [width, height] of [
      [390, 844],
      [1366, 768],
      [1920, 1080],
    ] as const) {
      const page = await openBoard({ width, height });
      await expect.poll(() => cell(page, 'Raum A', '10:00').getAttribute('aria-label')).toContain('Erste Session');
      // No sideways scrolling of the page itself: only the grid scrolls on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !el.closest('.grid-scroll'))
          .map((el) => `${el.tagName}.${el.className}`)
          .join(', '),
      );
      expect(overflow, `${width}x${height}: ${wide}`).toBe(0);
      await screenshot(page, `board-${width}x${height}`);
    }
  });

  it('shows a clear message for a wrong key and for an unknown event; without a key the board only shows the plan', async () => {
    const wrong = await openPage(`/e/${server.slug}/board#key=not-the-key`);
    await expect.poll(() => wrong.getByRole('alert').first().textContent()).toContain('nicht (mehr) gültig');
    expect(await wrong.getByRole('button', { name: 'Raum hinzufügen' }).count()).toBe(0);
    const keyless = await openPage(`/e/${server.slug}/board`);
    await expect.poll(() => keyless.getByRole('alert').first().textContent()).toContain('Moderationslink');
    await expect.poll(() => keyless.getByText('Erste Session').count()).toBe(1);
    expect(await keyless.getByRole('button', { name: 'Raum hinzufügen' }).count()).toBe(0);
    expect(await keyless.getByRole('button', { name: 'Start' }).count()).toBe(0);
    expect(await keyless.getByLabel('Titel', { exact: true }).count()).toBe(0);
    expect(describeViolations(await axeViolations(keyless))).toBe('');
    const unknown = await openPage('/e/no-such-camp');
    await expect.poll(() => unknown.getByRole('heading', { name: 'Nicht gefunden' }).count()).toBe(1);
  });

  it('says when new sessions from one network are held back, and lets them through with one click', async () => {
    const page = await openBoard();
    // 13 phones behind one address (the venue's), 5 new sessions each: the network's 60 run out.
    const phones = await Promise.all(Array.from({ length: 13 }, () => connectClient(server.url, { event: server.slug })));
    const acks = [];
    for (const [index, phone] of phones.entries()) {
      for (let i = 0; i < 5; i++) {
        const ack = await phone.send('session:submit', { title: `Flut ${index}-${i}`, host: 'X' });
        acks.push(ack);
        // Refused, a phone waits (as the app does): it would hear the next refusal only a second later.
        if (!ack.ok) break;
      }
    }
    // 60 at once (one more for every 2 s the phones took), then refusals.
    const refused = acks.filter((a) => !a.ok).length;
    expect(refused).toBeGreaterThan(0);
    const held = page.getByRole('status').filter({ hasText: 'werden gebremst' });
    await expect.poll(() => held.count()).toBe(1);
    // The count follows within a second.
    await expect.poll(() => held.textContent()).toContain(`: ${refused} abgelehnt seit`);
    await screenshot(page, 'board-held-network-1366');
    await held.getByRole('button', { name: 'Wieder zulassen' }).click();
    await expect.poll(() => held.count()).toBe(0);
    const fresh = await connectClient(server.url, { event: server.slug });
    expect(await fresh.send('session:submit', { title: 'Wieder da', host: 'X' })).toMatchObject({ ok: true });
    fresh.close();
    expect(describeViolations(await axeViolations(page))).toBe('');
    phones.forEach((phone) => phone.close());
    expect(page.errors).toEqual([]);
  });

  it('drags with a finger on a tablet', async () => {
    const { board } = await boardNow();
    const second = board.sessions[1]!;
    const page = await openBoard({ width: 1024, height: 768 }, { hasTouch: true });
    const from = (await card(page, second.id).boundingBox())!;
    const to = (await cell(page, 'Raum C', '13:00').boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    const [x0, y0] = [from.x + from.width / 2, from.y + from.height / 2];
    const [x1, y1] = [to.x + to.width / 2, to.y + to.height / 2];
    await touch('touchStart', x0, y0);
    for (let step = 1; step <= 12; step++) await touch('touchMove', x0 + ((x1 - x0) * step) / 12, y0 + ((y1 - y0) * step) / 12);
    await touch('touchEnd', x1, y1);
    const roomC = board.rooms.find((r) => r.name === 'Raum C')!;
    const slot13 = board.slots.find((s) => s.start === '13:00')!;
    await expect.poll(() => placementOf(second.id)).toEqual({ sessionId: second.id, roomId: roomC.id, slotId: slot13.id });
    await screenshot(page, 'board-tablet-1024x768');
    // On a touch screen there is no Enter key to name on the suggestion's button.
    const title = page.getByLabel('Titel', { exact: true });
    await title.fill('Mit dem Finger getippt');
    await title.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Dorthin legen', exact: true }).count()).toBe(1);
    expect(await page.locator('[data-loop-session] kbd').first().isVisible()).toBe(false);
  });

  it('has no axe-core violations (every rule) on the board and the attendee page, in German and English', async () => {
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    const { board } = boss.snapshot;
    await boss.send('session:place', { sessionId: board.sessions[0]!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id });
    await boss.send('session:interest', { sessionId: board.sessions[0]!.id, interest: 50 });
    boss.close();
    for (const locale of ['de-DE', 'en-US']) {
      const boardPage = await openBoard(undefined, { locale });
      await expect.poll(() => cell(boardPage, 'Raum A', '10:00').getAttribute('aria-label')).toContain('Erste Session');
      expect(describeViolations(await axeViolations(boardPage)), `board ${locale}`).toBe('');
      await boardPage.getByRole('button', { name: /Aktionen für „Zweite Session“|Actions for “Zweite Session”/ }).click();
      await expect.poll(() => boardPage.getByRole('dialog').count()).toBe(1);
      expect(describeViolations(await axeViolations(boardPage)), `dialog ${locale}`).toBe('');

      const phone = await openPage(`/e/${server.slug}`, { width: 390, height: 844 }, { locale });
      await phone.getByRole('button', { name: locale === 'de-DE' ? 'Ganzer Plan' : 'Whole plan', exact: true }).click();
      await expect.poll(() => phone.getByText('Erste Session').count()).toBe(1);
      expect(describeViolations(await axeViolations(phone)), `attendee ${locale}`).toBe('');
      expect(await phone.evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
      expect(boardPage.errors).toEqual([]);
    }
  }, 180_000);

  it('switches the language and remembers it', async () => {
    const page = await openBoard(undefined, { locale: 'en-US' });
    await expect.poll(() => page.getByRole('heading', { name: 'Pitched sessions' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Gepitchte Sessions' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Gepitchte Sessions' }).count()).toBe(1);
    // The key left the address bar but stays on this device: a reload is still the facilitator.
    expect(page.url()).not.toContain('key=');
    await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
    await expect.poll(() => page.getByLabel('Titel', { exact: true }).count()).toBe(1);
  });
});
