// Shared set-up of the browser tests: one Chromium and one server per file, a fresh copy of the
// test event for each test (starting a server with the client cost about a second a test on a
// busy machine), and pages in fresh contexts that collect page errors and console errors.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../server/app.ts';
import { launchChromium } from './browser.ts';
import { createEvent } from '../../server/create-event.ts';
import type { EventOnServer } from './server-per-file.ts';
import { startTestServer, TEST_EVENT, type TestServer } from './server.ts';

/** A page that keeps its errors and every WebSocket message it sent (from the first one on). */
export type WatchedPage = Page & { errors: string[]; sentFrames: string[] };

export interface PageOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  hasTouch?: boolean;
  /** The page's clock stands at this moment (timers still run): "now" on the plan. */
  at?: Date;
}

export interface E2E {
  readonly browser: Browser;
  /** The file's server; its slug and key are this test's own event's. */
  readonly server: EventOnServer;
  /** A slug no other test of the file has, for an event a test makes itself: `base` and a number. */
  slug(base: string): string;
  newContext(options?: PageOptions): Promise<BrowserContext>;
  /** Opens `pathAndHash` on the test server in a fresh context (German by default). */
  open(pathAndHash: string, options?: PageOptions): Promise<WatchedPage>;
}

export function setUpBrowserTests(): E2E {
  let browser: Browser | undefined;
  let shared: TestServer | undefined;
  let server: EventOnServer | undefined;
  let slugs = 0;
  const contexts: BrowserContext[] = [];

  // Webhooks may post to the tests' own receivers on this machine, and give up at once.
  beforeAll(async () => {
    if (!existsSync(path.join(DEFAULT_CLIENT_DIR, 'index.html'))) {
      throw new Error('The client is not built: run `npm run build` (npm test does it first).');
    }
    [browser, shared] = await Promise.all([launchChromium(), startTestServer({ withClient: true, webhookAllowHttp: true, webhookBackoffMs: [20, 20] })]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), shared?.close()]);
  });
  beforeEach(async () => {
    // Short, as the test event's own: a projector shows the address.
    const { slug, key } = await createEvent(shared!.store, { ...TEST_EVENT, slug: e2e.slug(TEST_EVENT.slug!) });
    const { close: _close, ...rest } = shared!;
    server = { ...rest, slug, key };
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    server = undefined;
  });

  const e2e: E2E = {
    get browser() {
      return browser!;
    },
    get server() {
      return server!;
    },
    slug: (base) => `${base}${++slugs}`,
    async newContext(options = {}) {
      const context = await browser!.newContext({
        viewport: options.viewport ?? { width: 1366, height: 768 },
        locale: options.locale ?? 'de-DE',
        hasTouch: options.hasTouch ?? false,
        reducedMotion: 'reduce',
      });
      // A missing element fails the step that waits for it, with its name, before the test times out.
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context;
    },
    async open(pathAndHash, options = {}) {
      const context = await e2e.newContext(options);
      const page = (await context.newPage()) as WatchedPage;
      page.errors = [];
      page.sentFrames = [];
      page.on('websocket', (socket) => socket.on('framesent', (frame) => page.sentFrames.push(String(frame.payload))));
      page.on('pageerror', (error) => page.errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') page.errors.push(message.text());
      });
      if (options.at) await page.clock.setFixedTime(options.at);
      await page.goto(`${server!.url}${pathAndHash}`);
      return page;
    },
  };
  return e2e;
}
