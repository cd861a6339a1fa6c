// The facilitator reshapes the frame on the board: rooms, slots, days, blocked cells, doubles.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests, type WatchedPage } from '../helpers/e2e.ts';
import { connectClient } from '../helpers/server.ts';
import type { EventOnServer } from '../helpers/server-per-file.ts';

const e2e = setUpBrowserTests();
let server: EventOnServer;
beforeEach(() => {
  server = e2e.server;
});

async function board(): Promise<Board> {
  return (await fetch(`${server.url}/api/events/${server.slug}/board`).then((r) => r.json())).board;
}

async function openBoard(): Promise<WatchedPage> {
  const page = await e2e.open(`/e/${server.slug}/board#key=${server.key}`, { viewport: { width: 1366, height: 900 } });
  await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
  return page;
}

describe('reshaping the frame on the board', () => {
  it('adds and renames a room, blocks a cell, adds a slot (refusing an overlap), and adds a day', async () => {
    const page = await openBoard();
    await page.getByRole('button', { name: 'Raum hinzufügen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Dachterrasse');
    await dialog.getByLabel('Plätze (leer: unbekannt)').fill('12');
    await dialog.getByLabel('Hat einen Beamer').check();
    await dialog.getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(async () => (await board()).rooms.find((r) => r.name === 'Dachterrasse')).toMatchObject({ capacity: 12, projector: true });
    // A room's header, a column's or (more rooms than slots) a row's, names it and its projector.
    await expect
      .poll(async () =>
        (await page.locator('th.room').allTextContents()).map((text) => text.replace(/\u00AD/g, '')).find((text) => text.includes('Dachterrasse')),
      )
      .toMatch(/Dachterrasse.*Beamer/);

    await page.getByRole('button', { name: 'Dachterrasse', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await page.getByRole('dialog').getByLabel('Name').fill('Terrasse');
    expect(await page.getByRole('dialog').getByLabel('Hat einen Beamer').isChecked()).toBe(true);
    await page.getByRole('dialog').getByLabel('Hat einen Beamer').uncheck();
    await page.getByRole('dialog').getByLabel('Verfügbar um 10:00–10:45').uncheck();
    await expect.poll(async () => (await board()).blocked.length).toBe(1);
    await screenshot(page, 'board-room-dialog-1366x900');
    await page.getByRole('dialog').getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(async () => (await board()).rooms.find((r) => r.name === 'Terrasse')?.projector).toBe(false);
    await expect.poll(() => page.getByRole('cell', { name: /^Terrasse, 10:00–10:45: nicht verfügbar/ }).count()).toBe(1);

    await page.getByRole('button', { name: '+ Zeitfenster hinzufügen' }).click();
    const slotDialog = page.getByRole('dialog');
    await slotDialog.getByLabel('Beginn').fill('13:30');
    await slotDialog.getByLabel('Ende').fill('14:15');
    await slotDialog.getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(() => slotDialog.getByText('13:30–14:15 überschneidet sich mit 13:00–13:45.', { exact: false }).count()).toBe(1);
    await slotDialog.getByLabel('Beginn').fill('14:00');
    await slotDialog.getByLabel('Ende').fill('14:45');
    await slotDialog.getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(async () => (await board()).slots.some((s) => s.start === '14:00')).toBe(true);
    await expect.poll(() => page.getByRole('cell', { name: /^Raum A, 14:00–14:45/ }).count()).toBe(1);

    // The only day cannot be removed: the dialog says so instead of offering it.
    await page.getByRole('button', { name: 'Tag bearbeiten' }).click();
    await expect.poll(() => page.getByRole('dialog').locator('[data-last-of-its-kind]').textContent()).toContain('Ein Plan braucht mindestens einen Tag');
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Entfernen' }).count()).toBe(0);
    await page.getByRole('dialog').getByRole('button', { name: 'Schließen' }).click();

    await page.getByRole('button', { name: '+ Tag hinzufügen' }).click();
    await page.getByRole('dialog').getByLabel('Datum').fill('2026-05-10');
    await page.getByRole('dialog').getByLabel('Name (optional)').fill('Sonntag');
    await page.getByRole('dialog').getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sonntag' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sonntag' }).click();
    await expect.poll(() => page.getByRole('cell', { name: /^Raum A, 10:00–10:45: frei/ }).count()).toBe(1);
    await screenshot(page, 'board-second-day-1366x900');
    // A third day on a date that has one: said in the page's language, nothing sent.
    await page.getByRole('button', { name: '+ Tag hinzufügen' }).click();
    await page.getByRole('dialog').getByLabel('Datum').fill('2026-05-10');
    await page.getByRole('dialog').getByRole('button', { name: 'Hinzufügen' }).click();
    await expect.poll(() => page.getByRole('dialog').getByRole('status').textContent()).toBe('Am Sonntag, 10. Mai 2026 gibt es schon einen Tag.');
    expect(page.sentFrames.filter((frame) => frame.includes('day:add'))).toHaveLength(1);
    expect((await board()).days).toHaveLength(2);
  });

  it('removes a room after a confirmation that names its sessions, which go back to the tray', async () => {
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    const b = boss.snapshot.board;
    await boss.send('session:place', { sessionId: b.sessions[0]!.id, roomId: b.rooms[1]!.id, slotId: b.slots[0]!.id });
    boss.close();
    const page = await openBoard();
    await page.getByRole('button', { name: 'Raum B', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim());
    await dialog.getByRole('button', { name: 'Entfernen' }).click();
    await expect.poll(() => dialog.locator('[data-affected]').textContent()).toBe('Diese Sessions kommen zurück in die Ablage: Erste Session.');
    // The pressed button is gone: focus waits on the safe answer, and goes back when it is taken.
    await expect.poll(focused).toBe('Abbrechen');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('Entfernen');
    expect(await dialog.locator('[data-affected]').count()).toBe(0);
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('Abbrechen');
    expect(describeViolations(await axeViolations(page))).toBe('');
    await dialog.getByRole('button', { name: 'Ja, entfernen' }).click();
    await expect.poll(async () => (await board()).rooms.map((r) => r.name)).toEqual(['Raum A', 'Raum C']);
    await expect.poll(() => page.locator(`.tray [data-session-id="${b.sessions[0]!.id}"]`).count()).toBe(1);
  });

  it('makes a placed session a double session and back', async () => {
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    const b = boss.snapshot.board;
    await boss.send('session:place', { sessionId: b.sessions[0]!.id, roomId: b.rooms[0]!.id, slotId: b.slots[0]!.id });
    boss.close();
    const page = await openBoard();
    await page.getByRole('button', { name: 'Aktionen für „Erste Session“' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Auch den nächsten Slot belegen' }).click();
    await expect.poll(async () => (await board()).placements.filter((p) => p.sessionId === b.sessions[0]!.id).length).toBe(2);
    await page.getByRole('dialog').getByRole('button', { name: 'Schließen' }).click();
    await expect.poll(() => page.getByRole('cell', { name: /^Raum A, 11:00–11:45: Erste Session/ }).count()).toBe(1);
    await expect.poll(() => page.locator(`[data-continues="${b.sessions[0]!.id}"]`).count()).toBe(1);
    expect(describeViolations(await axeViolations(page))).toBe('');
    await screenshot(page, 'board-double-and-blocked-1366x900');
    await page.getByRole('button', { name: 'Aktionen für „Erste Session“' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Zurück auf einen Slot' }).click();
    await expect.poll(async () => (await board()).placements.filter((p) => p.sessionId === b.sessions[0]!.id).length).toBe(1);
  });

  it('reorders rooms by dragging their headers', async () => {
    const page = await openBoard();
    await page.dragAndDrop('th:has(button:text-is("Raum C"))', 'th:has(button:text-is("Raum A"))');
    await expect
      .poll(async () => [...(await board()).rooms].sort((a, b) => a.position - b.position).map((r) => r.name))
      .toEqual(['Raum C', 'Raum A', 'Raum B']);
    await expect.poll(() => page.getByRole('columnheader').first().textContent()).toContain('Raum C');
  });

  it('changes the event settings and replaces the facilitator link; the other laptop is told', async () => {
    const page = await openBoard();
    const other = await e2e.open(`/e/${server.slug}/board#key=${server.key}`);
    await expect.poll(() => other.locator('[data-connection="live"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Einstellungen' }).click();
    await page.getByLabel('Titel des Barcamps').fill('Testcamp Herbst');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(async () => (await board()).event.title).toBe('Testcamp Herbst');
    await expect.poll(() => other.getByRole('heading', { level: 1 }).textContent()).toBe('Testcamp Herbst');
    expect(describeViolations(await axeViolations(page))).toBe('');

    await page.getByRole('button', { name: 'Neuen Moderationslink erstellen' }).click();
    await page.getByRole('button', { name: 'Ja, Link ersetzen' }).click();
    const link = (await page.locator('[data-new-facilitator-link]').getAttribute('href'))!;
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-new-facilitator-link'))).toBe(true);
    expect(link).toMatch(/#key=[\w-]{32}$/);
    expect(link).not.toContain(server.key);
    await expect.poll(() => other.getByRole('alert').first().textContent()).toContain('nicht (mehr) gültig');
    await page.getByRole('dialog').getByRole('button', { name: 'Schließen' }).click();
    // This laptop goes on working with the new key.
    await page.getByLabel('Titel', { exact: true }).fill('Nach dem Wechsel');
    await page.getByLabel('Themengeber:in (freiwillig)', { exact: true }).fill('Ida');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await board()).sessions.some((s) => s.title === 'Nach dem Wechsel')).toBe(true);
    await screenshot(page, 'board-settings-1366x900');
  });
});
