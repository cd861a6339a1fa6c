// Debian's Chromium driven by playwright-core. No test tool downloads a browser of its own.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export const SCREENSHOT_DIR = path.resolve('test-results');

/** Whether the browser tests save their screenshots: `PITCHBOARD_SCREENSHOTS=1 npm run test:e2e`. */
export const SCREENSHOTS = process.env.PITCHBOARD_SCREENSHOTS === '1';

/**
 * Saves a full-page screenshot under test-results/ for a person to look at, when asked for
 * (SCREENSHOTS): no test reads it, and the full page of a big camp takes a second or more to
 * capture on a busy machine (110 of them were a sixth of the browser tests' time).
 */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<string | undefined> {
  if (!SCREENSHOTS) return undefined;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // A long page (every door sheet, the phone's whole plan) takes a while to capture on a busy
  // machine; the picture is for a person, its speed is not under test.
  await page.screenshot({ path: file, fullPage, timeout: 30_000 });
  return file;
}
