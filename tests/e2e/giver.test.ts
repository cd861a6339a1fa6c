// Session givers on their phones and the facilitator's pitch queue, in Chromium.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests } from '../helpers/e2e.ts';
import { connectClient } from '../helpers/server.ts';
import type { EventOnServer } from '../helpers/server-per-file.ts';

const e2e = setUpBrowserTests();
let server: EventOnServer;
beforeEach(() => {
  server = e2e.server;
});

async function open(pathAndHash: string, viewport: { width: number; height: number }, locale = 'de-DE'): Promise<Page> {
  const page = await e2e.open(pathAndHash, { viewport, locale });
  await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
  return page;
}
const phone = (locale?: string) => open(`/e/${server.slug}/pitch`, { width: 390, height: 844 }, locale);
const laptop = () => open(`/e/${server.slug}/board#key=${server.key}`, { width: 1366, height: 768 });

/** Whether all of an element is inside the visible part of the page. */
async function inViewport(page: Page, element: ReturnType<Page['locator']>): Promise<boolean> {
  const box = await element.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= viewport.height;
}

async function boardNow(): Promise<Board> {
  return (await fetch(`${server.url}/api/events/${server.slug}/board`).then((r) => r.json())).board;
}

describe('a session giver on a phone', () => {
  it('submits, keeps the session after a reload, claims a free cell, and the board shows it at once', async () => {
    const giver = await phone();
    await screenshot(giver, 'giver-empty-390x844');
    // Clear messages in the page's language before anything is sent.
    await giver.getByRole('button', { name: 'Session einreichen' }).click();
    // Only the title: the host is optional (a session may get its host later).
    await expect.poll(() => giver.getByText('Bitte ausfüllen.').count()).toBe(1);
    expect(await giver.evaluate(() => document.activeElement?.id)).toBe('new-title');
    // A title of blank characters only (a zero-width space, a Hangul filler, which is a letter that
    // shows nothing), a host name with a control character pasted in: said in German before
    // anything is sent, not in the server's English.
    await giver.getByLabel('Titel deiner Session').fill('\u200B\u3164');
    await giver.getByLabel('Dein Name').fill('Mi\u0007ra');
    await giver.getByRole('button', { name: 'Session einreichen' }).click();
    await expect.poll(() => giver.getByText('Bitte mindestens einen Buchstaben oder eine Ziffer eintragen', { exact: false }).count()).toBe(1);
    expect(await giver.getByText('unsichtbare Steuerzeichen', { exact: false }).count()).toBe(1);
    expect((await boardNow()).sessions).toHaveLength(3);

    await giver.getByLabel('Titel deiner Session').fill('Barrierefreie Formulare');
    await giver.getByLabel('Dein Name').fill('Mira');
    await giver.getByLabel('Kurze Beschreibung (optional)').fill('Was Screenreader an Behördenformularen scheitern lässt.');
    await giver.getByLabel('Schlagworte, mit Komma getrennt (optional)').fill('A11y, Formulare');
    await giver.getByLabel('Wann').selectOption('after_lunch');
    await giver.getByLabel('Ich brauche einen Beamer').check();
    await giver.getByRole('button', { name: 'Session einreichen' }).click();
    await expect.poll(() => giver.getByText('Gespeichert. „Barrierefreie Formulare“ ist in der Pitch-Reihe.').count()).toBe(1);

    const created = (await boardNow()).sessions.find((s) => s.title === 'Barrierefreie Formulare')!;
    expect(created).toMatchObject({ host: 'Mira', tags: ['A11y', 'Formulare'], wishes: { timing: 'after_lunch', needsProjector: true } });
    const mine = giver.locator(`[data-my-session="${created.id}"]`);
    await expect.poll(() => mine.locator('[data-status]').textContent()).toBe('Wartet auf den Pitch (4. in der Reihe)');

    await giver.reload();
    await expect.poll(() => giver.locator(`[data-my-session="${created.id}"] [data-status]`).textContent()).toContain('Wartet');
    // The token stays on the phone: it is in no address the browser sent.
    expect(giver.url()).not.toContain('token');

    const board = await laptop();
    await board.getByRole('switch', { name: /Slots selbst wählen/ }).click();
    await expect.poll(() => giver.locator('[data-claiming-open]').count()).toBe(1);
    await mine.getByRole('button', { name: 'Slot wählen' }).click();
    await screenshot(giver, 'giver-choose-slot-390x844');
    // The wish "after lunch" first; the slots before lunch folded away below them.
    await expect.poll(() => mine.getByText('Diese passen zu deinen Wünschen (nach der Mittagspause, Beamer):').count()).toBe(1);
    const offered = await mine.locator('.panel h6').allTextContents();
    expect(offered[0]).toBe('13:00–13:45');
    expect(await mine.getByRole('button', { name: /^Raum B.*11:00–11:45/ }).isVisible()).toBe(false);
    await mine.getByText(/^Weitere freie Slots/).click();
    await mine.getByRole('button', { name: /^Raum B.*11:00–11:45/ }).click();
    await expect.poll(() => mine.locator('[data-status]').textContent()).toBe('Im Plan: Raum B, 11:00–11:45');
    // The answer where the eye is: in the screen, with focus, for screen readers as a status.
    const answer = mine.locator('[data-card-message]');
    await expect.poll(() => answer.textContent()).toBe('Erledigt: Raum B, 11:00–11:45.');
    await expect.poll(() => inViewport(giver, answer)).toBe(true);
    expect(await giver.evaluate(() => document.activeElement?.hasAttribute('data-card-message'))).toBe(true);
    await expect
      .poll(() => board.getByRole('cell', { name: /^Raum B, 11:00/ }).getAttribute('aria-label'), { timeout: 2000 })
      .toContain('Barrierefreie Formulare');
    // The wish "after lunch" is flagged on the facilitator's card.
    await expect.poll(() => board.getByText('Gegen die Wünsche: wollte nach der Pause').count()).toBe(1);
    await screenshot(giver, 'giver-placed-390x844');

    // The facilitator moves it: the phone follows live.
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    const b = boss.snapshot.board;
    await boss.send('session:place', { sessionId: created.id, roomId: b.rooms[0]!.id, slotId: b.slots.find((s) => s.start === '13:00')!.id });
    boss.close();
    await expect.poll(() => mine.locator('[data-status]').textContent()).toBe('Im Plan: Raum A, 13:00–13:45');

    // Giving the slot back puts the session back in the tray of the board; placed by the
    // facilitator, it has left the queue of those still to pitch.
    await mine.getByRole('button', { name: 'Slot wieder freigeben' }).click();
    await expect.poll(() => mine.locator('[data-status]').textContent()).toBe('Gepitcht, noch nicht im Plan');
    await expect.poll(() => board.locator(`.tray [data-session-id="${created.id}"]`).count()).toBe(1);
  });

  it('is told plainly when someone was faster, and offered the nearest free cells', async () => {
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    await boss.send('event:update', { claiming: 'open' });
    const giver = await phone();
    await giver.getByLabel('Titel deiner Session').fill('Schnell sein');
    await giver.getByLabel('Dein Name').fill('Tom');
    await giver.getByRole('button', { name: 'Session einreichen' }).click();
    const card = giver.locator('[data-my-session]').first();
    await card.getByRole('button', { name: 'Slot wählen' }).click();

    // The phone loses the wifi; meanwhile someone else takes Raum A at 10:00.
    await giver.context().setOffline(true);
    for (const socket of server.app.io.sockets.sockets.values()) if (!socket.data.isFacilitator) socket.conn.close();
    await expect.poll(() => giver.locator('[data-connection="offline"]').count()).toBe(1);
    await card.getByRole('button', { name: /^Raum A.*10:00–10:45/ }).click();
    const b = boss.snapshot.board;
    const other = await boss.send<{ sessionId: string }>('session:submit', { title: 'Schneller', host: 'Ida' });
    await boss.send('session:place', { sessionId: other.ok ? other.data!.sessionId : '', roomId: b.rooms[0]!.id, slotId: b.slots[0]!.id });
    boss.close();
    await giver.context().setOffline(false);

    await expect.poll(() => card.getByText('Jemand war schneller: Raum A um 10:00 ist vergeben.').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => card.getByText('Frei in der Nähe:').count()).toBe(1);
    // Said where the finger was, as an alert: right under the slot that was tapped, in the screen.
    const answer = card.locator('[data-claim-answer]');
    expect(await answer.getAttribute('role')).toBe('alert');
    expect(await inViewport(giver, answer)).toBe(true);
    await screenshot(giver, 'giver-lost-claim-390x844');
    await card.getByRole('button', { name: 'Raum B, 10:00–10:45' }).first().click();
    await expect.poll(() => card.locator('[data-status]').textContent()).toBe('Im Plan: Raum B, 10:00–10:45');
  });

  it('edits with a conflict shown plainly, and opens the session on a second device by its personal link', async () => {
    const giver = await phone();
    await giver.getByLabel('Titel deiner Session').fill('Erstfassung');
    await giver.getByLabel('Dein Name').fill('Ola');
    await giver.getByRole('button', { name: 'Session einreichen' }).click();
    const card = giver.locator('[data-my-session]').first();
    await expect.poll(() => card.count()).toBe(1);
    await card.getByRole('button', { name: 'Bearbeiten' }).click();

    // The facilitator fixes a typo meanwhile.
    const sessionId = (await card.getAttribute('data-my-session'))!;
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    await boss.send('session:update', { sessionId, revision: 1, title: 'Erstfassung (korrigiert)' });
    boss.close();
    await card.getByLabel('Titel deiner Session').fill('Meine Fassung');
    await card.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect.poll(() => card.getByText(/inzwischen geändert/).count()).toBe(1);
    expect(await card.getByLabel('Titel deiner Session').inputValue()).toBe('Erstfassung (korrigiert)');
    await card.getByLabel('Titel deiner Session').fill('Meine Fassung');
    await card.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect.poll(async () => (await boardNow()).sessions.find((s) => s.id === sessionId)!.title).toBe('Meine Fassung');

    await card.getByRole('button', { name: 'Auf anderem Gerät öffnen' }).click();
    await expect.poll(() => card.getByRole('img', { name: 'QR-Code deines persönlichen Links' }).count()).toBe(1);
    const link = (await card.locator('.link a').getAttribute('href'))!;
    expect(link).toMatch(/\/pitch#session=.+&token=.+/);
    await screenshot(giver, 'giver-share-390x844');

    const tablet = await e2e.newContext({ viewport: { width: 768, height: 1024 } });
    const second = await tablet.newPage();
    await second.goto(link);
    await expect.poll(() => second.locator(`[data-my-session="${sessionId}"] h3`).textContent()).toBe('Meine Fassung');
    expect(second.url()).not.toContain('token');

    // Withdrawn from the second device.
    const there = second.locator(`[data-my-session="${sessionId}"]`);
    await there.getByRole('button', { name: 'Zurückziehen' }).click();
    await there.getByRole('button', { name: 'Ja, zurückziehen' }).click();
    await expect.poll(() => there.locator('[data-status]').textContent()).toBe('Zurückgezogen');
    expect((await boardNow()).sessions.find((s) => s.id === sessionId)!.status).toBe('withdrawn');
  });

  it('is told when the facilitator replaced the link', async () => {
    const giver = await phone('en-US');
    await giver.getByLabel('Title of your session').fill('Replaced');
    await giver.getByLabel('Your name').fill('Uwe');
    await giver.getByRole('button', { name: 'Submit session' }).click();
    const card = giver.locator('[data-my-session]').first();
    await expect.poll(() => card.count()).toBe(1);
    const sessionId = (await card.getAttribute('data-my-session'))!;
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    await boss.send('session:reissue', { sessionId });
    boss.close();
    await card.getByRole('button', { name: 'Withdraw' }).click();
    await card.getByRole('button', { name: 'Yes, withdraw' }).click();
    await expect.poll(() => card.getByText('This link was replaced. Ask the facilitator for a new one.').count()).toBe(1);
    expect((await boardNow()).sessions.find((s) => s.id === sessionId)!.status).toBe('pitched');
  });

  it('has no WCAG 2.1 AA violations, in German and English', async () => {
    for (const locale of ['de-DE', 'en-US']) {
      const giver = await phone(locale);
      expect(describeViolations(await axeViolations(giver)), `empty ${locale}`).toBe('');
      await giver.getByRole('textbox').first().fill('A11y');
      await giver.getByRole('textbox').nth(1).fill('Kim');
      await giver.locator('form button[type=submit]').click();
      await expect.poll(() => giver.locator('[data-my-session]').count()).toBe(1);
      await giver.locator('[data-my-session] button').nth(1).click();
      expect(describeViolations(await axeViolations(giver)), `with a session ${locale}`).toBe('');
    }
  });
});

describe('the facilitator runs the pitch', () => {
  it('starts the countdown, counts hands with keys, moves on, and reorders the queue', async () => {
    const page = await laptop();
    const board = await boardNow();
    const [first, second, third] = board.pitch.queue;
    const titleOf = (id: string | undefined) => board.sessions.find((s) => s.id === id)!.title;

    await page.locator('summary', { hasText: 'Als Nächstes (3)' }).click();
    await page.getByRole('button', { name: `„${titleOf(third)}“ nach oben` }).click();
    await expect.poll(async () => (await boardNow()).pitch.queue).toEqual([first, third, second]);

    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.locator('[data-current-pitch]').textContent()).toBe(titleOf(first));
    await expect.poll(async () => (await boardNow()).pitch.timer.runningSince).not.toBeNull();
    const timer = page.getByRole('timer');
    const before = await timer.textContent();
    await expect.poll(() => timer.textContent()).not.toBe(before);

    const interest = page.getByLabel(`Interesse (Handzeichen) für „${titleOf(first)}“`).first();
    await interest.focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('-');
    await expect.poll(async () => (await boardNow()).sessions.find((s) => s.id === first)!.interest).toBe(2);
    await screenshot(page, 'board-pitch-running-1366x768');

    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => (await boardNow()).pitch.timer.runningSince).toBeNull();
    await page.getByRole('button', { name: 'Nächste', exact: true }).click();
    await expect.poll(() => page.locator('[data-current-pitch]').textContent()).toBe(titleOf(third));
    // The next countdown runs at once: one press between two pitches.
    await expect.poll(async () => (await boardNow()).pitch.timer.runningSince).not.toBeNull();
    await page.getByRole('button', { name: 'Überspringen' }).click();
    await expect.poll(() => page.locator('[data-current-pitch]').textContent()).toBe(titleOf(second));
    await expect.poll(async () => (await boardNow()).pitch.queue).toEqual([third]);

    // The next pitch's hands come next: the cursor is in the pitch loop, and the count goes out as it is typed.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('quick-hands');
    await page.keyboard.type('12');
    await expect.poll(async () => (await boardNow()).sessions.find((s) => s.id === second)!.interest).toBe(12);

    await page.getByRole('button', { name: 'Runde beenden' }).click();
    await expect.poll(async () => (await boardNow()).pitch.current).toBeNull();
    await expect.poll(() => page.locator('[data-current-pitch]').count()).toBe(0);
    expect((await boardNow()).pitch.queue).toEqual([third]);
  });
});
