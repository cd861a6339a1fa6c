// Webhooks in the facilitator's settings, in Chromium, with the big camp: adding one (its secret
// shown once), a test post, a refused address said in the page's language, and the board saying
// when a webhook's posts were given up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { seedBigCamp } from '../fixtures/big-camp.ts';
import { axeViolations, describeViolations } from '../helpers/axe.ts';
import { screenshot } from '../helpers/browser.ts';
import { setUpBrowserTests, type WatchedPage } from '../helpers/e2e.ts';
import { connectClient } from '../helpers/server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const e2e = setUpBrowserTests();
let camp: { slug: string; key: string };
let receiver: WebhookReceiver;
beforeEach(async () => {
  camp = await seedBigCamp(e2e.server.store, e2e.slug('ruhr'));
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await receiver.close();
});

/** The receiver's address as the screens show it: its host, the path left out. */
const shown = () => `${new URL(receiver.url).host}/…`;

/** 9:30 in Bochum on the first day: the whole day is still to come. */
const BEFORE_THE_DAY = new Date('2026-05-09T07:30:00Z');

async function openSettings(size: { width: number; height: number }, locale = 'de-DE'): Promise<WatchedPage> {
  const page = await e2e.open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: size, at: BEFORE_THE_DAY, locale });
  await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
  await page.getByRole('button', { name: locale === 'de-DE' ? 'Einstellungen' : 'Settings' }).click();
  return page;
}

describe('webhooks in the settings', () => {
  it('adds one, shows its secret once, sends a test and says a refused address in German', async () => {
    const page = await openSettings({ width: 1366, height: 768 });
    const dialog = page.getByRole('dialog', { name: 'Einstellungen' });
    await expect.poll(() => dialog.getByText('Noch keine Webhooks.').count()).toBe(1);
    await dialog.getByLabel('Adresse (https://…)').fill(receiver.url);
    // A sentence for a chat channel unless told.
    expect(await dialog.getByLabel('Ein Satz für einen Chat-Kanal').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Webhook hinzufügen' }).click();
    const secret = dialog.locator('[data-webhook-secret] code');
    await expect.poll(() => secret.textContent()).toMatch(/^[\w-]{32}$/);
    // The secret has the focus, for a screen reader to read and a keyboard to copy.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('CODE');
    // Its host, not its path: a chat's hook address holds its secret there, and this laptop may be the projector.
    expect(await dialog.locator('[data-webhook]').textContent()).toContain(shown());
    expect(await page.locator('body').textContent()).not.toContain(receiver.url);
    await screenshot(page, 'settings-webhook-added-1366x768');

    await dialog.getByRole('button', { name: `Senden zum Test: ${shown()}` }).click();
    await expect.poll(() => dialog.locator('[data-webhook] [role="status"]').textContent()).toBe('Angekommen (Antwort 200).');
    expect(receiver.received.at(-1)!.body.text).toMatch(/^Test von Pitchboard für „.+“: Dieser Webhook kommt an\.$/);

    await dialog.getByLabel('Adresse (https://…)').fill('ftp://files.example.org/hook');
    await dialog.getByRole('button', { name: 'Webhook hinzufügen' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toBe('Webhook-Adresse: nur https://-Adressen im öffentlichen Internet, keine lokalen oder privaten.');
    expect(await dialog.locator('[data-webhook]').count()).toBe(1);
    expect(describeViolations(await axeViolations(page))).toBe('');

    // Closed and opened again: the list is there, the secret is not.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('⚙ Einstellungen');
    await page.getByRole('button', { name: 'Einstellungen' }).click();
    await expect.poll(() => dialog.locator('[data-webhook]').count()).toBe(1);
    expect(await dialog.locator('[data-webhook-secret]').count()).toBe(0);
    // Removed after a second step; the keyboard goes on at the address field.
    await dialog.getByRole('button', { name: `Entfernen: ${shown()}` }).click();
    expect(await dialog.getByText('Entfernen? Neu hinzugefügt bekommt er ein neues Geheimnis.').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Ja, entfernen' }).click();
    await expect.poll(() => dialog.getByText('Noch keine Webhooks.').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('webhook-url');
    // Closed with its button, the keyboard is back on the button that opened the dialog.
    await dialog.getByRole('button', { name: 'Schließen' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('⚙ Einstellungen');
    expect(page.errors).toEqual([]);
  });

  it('is said in English on an English page, and fits a phone', async () => {
    const page = await openSettings({ width: 390, height: 844 }, 'en-US');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Address (https://…)').fill(receiver.url);
    await dialog.getByLabel('JSON for programs').check();
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => dialog.locator('[data-webhook]').textContent()).toContain('JSON for programs');
    await dialog.locator('[data-webhook]').scrollIntoViewIfNeeded();
    // The dialog as the phone shows it (the page behind it is long).
    await screenshot(page, 'settings-webhook-390x844', { fullPage: false });
    // Nothing of the dialog runs off a phone's screen sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(describeViolations(await axeViolations(page))).toBe('');
    expect(page.errors).toEqual([]);
  });

  it('says on the board when a webhook’s posts were given up, and stops saying it once one goes through', async () => {
    receiver.answer = () => 500;
    const boss = await connectClient(e2e.server.url, { event: camp.slug, key: camp.key });
    try {
      const added = await boss.send('webhook:add', { url: receiver.url, format: 'json' });
      expect(added.ok).toBe(true);
      const page = await e2e.open(`/e/${camp.slug}/board#key=${camp.key}`, { viewport: { width: 1920, height: 1080 }, at: BEFORE_THE_DAY });
      await expect.poll(() => page.locator('[data-connection="live"]').count()).toBe(1);
      const board: Board = boss.snapshot.board;
      const session = board.sessions.find((s) => s.status === 'pitched' && !board.placements.some((p) => p.sessionId === s.id))!;
      await boss.send('session:interest', { sessionId: session.id, interest: 12 });
      const banner = page.locator('[data-webhook-failing]');
      await expect
        .poll(() => banner.textContent(), { timeout: 10_000 })
        .toBe(`Ein Webhook nimmt die Änderungen nicht an (${shown()}). Unter ⚙ Einstellungen → Webhooks prüfen.`);
      await screenshot(page, 'board-webhook-failing-1920x1080');
      // A reload still says so: the board is told on connect.
      await page.reload();
      await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(1);
      receiver.answer = () => 200;
      await boss.send('session:interest', { sessionId: session.id, interest: 13 });
      await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
      expect(page.errors).toEqual([]);
    } finally {
      boss.close();
    }
  });
});
