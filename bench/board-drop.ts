// How long the facilitator waits after a drop until the card shows in its cell, on a laptop as
// slow as a cheap one (Chromium's CPU slowed 4×): the big camp (12 rooms, 2 days, 150 sessions)
// against the 3-room test camp measured the same way in the same run. Prints figures; bounded.
//   npm run bench:drop -- [--drops 12] [--slowdown 4]
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { openDatabase } from '../db/open.ts';
import { SqliteStore } from '../db/sqlite-store.ts';
import { createEvent } from '../server/create-event.ts';
import type { Board } from '../shared/board.ts';
import { bookableCells } from '../shared/board.ts';
import { seedBigCamp } from '../tests/fixtures/big-camp.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { connectClient, spawnServer, tempDir, TEST_EVENT } from '../tests/helpers/server.ts';
import { summary } from './stats.ts';

const { values } = parseArgs({ options: { drops: { type: 'string', default: '12' }, slowdown: { type: 'string', default: '4' } } });
const drops = Number(values.drops);
const slowdown = Number(values.slowdown);

const dir = tempDir();
const file = path.join(dir, 'bench.db');
const db = openDatabase(file);
const store = new SqliteStore(db);
const big = await seedBigCamp(store);
const small = await createEvent(store, TEST_EVENT);
db.close();

const server = await spawnServer(file);
const browser = await launchChromium();

/** Drags tray cards into free cells of the shown day; each sample is pointer-up → card in its cell (ms, measured in the page). */
async function measure(slug: string, key: string): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${server.url}/e/${slug}/board#key=${key}`);
  await page.locator('[data-connection="live"]').waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  // Puts each dropped card back, so that every drop finds a card in the tray and a free cell.
  const boss = await connectClient(server.url, { event: slug, key });
  const samples: number[] = [];
  for (let i = 0; i < drops; i++) {
    const board = ((await (await fetch(`${server.url}/api/events/${slug}/board`)).json()) as { board: Board }).board;
    const dayId = await shownDay(page, board);
    const taken = new Set([...board.placements, ...board.blocked].map((c) => `${c.roomId}|${c.slotId}`));
    const free = bookableCells(board).find((c) => board.slots.find((s) => s.id === c.slotId)!.dayId === dayId && !taken.has(`${c.roomId}|${c.slotId}`));
    if (!free) break;
    const cellKey = `${free.roomId}|${free.slotId}`;
    const card = page.locator('.tray-drop li [data-session-id]').first();
    const sessionId = (await card.getAttribute('data-session-id'))!;
    const from = (await card.locator('.grab').boundingBox())!;
    const to = (await page.locator(`td[data-cell-key="${cellKey}"]`).boundingBox())!;
    // The page notes the pointer-up and when the card appears in the cell.
    const shown = page.evaluate(
      ({ cellKey, sessionId }) =>
        new Promise<number>((resolve) => {
          let releasedAt = 0;
          addEventListener('pointerup', () => (releasedAt = performance.now()), { capture: true, once: true });
          const observer = new MutationObserver(() => {
            if (releasedAt && document.querySelector(`td[data-cell-key="${CSS.escape(cellKey)}"] [data-session-id="${CSS.escape(sessionId)}"]`)) {
              observer.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - releasedAt));
            }
          });
          observer.observe(document.body, { childList: true, subtree: true });
        }),
      { cellKey, sessionId },
    );
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 - 30, from.y + from.height / 2, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    samples.push(await shown);
    await boss.send('session:unplace', { sessionId });
    await page.locator(`td[data-cell-key="${cellKey}"] [data-session-id]`).waitFor({ state: 'detached' });
  }
  boss.close();
  await page.close();
  return samples;
}

/** Chooses the board's last day (on the big camp it has free cells) and says which it is. */
async function shownDay(page: Page, board: Board): Promise<string> {
  const last = [...board.days].sort((a, b) => a.date.localeCompare(b.date)).at(-1)!;
  const tabs = page.locator('.days button[aria-pressed]');
  await tabs.nth(board.days.indexOf(last)).click();
  return last.id;
}

try {
  const smallSamples = await measure(small.slug, small.key);
  const bigSamples = await measure(big.slug, big.key);
  console.log(`Pitchboard board: drop → card shown in its cell, Chromium CPU slowed ${slowdown}×, 1366×768, ${drops} drops each`);
  console.log(summary('test camp (3 rooms, 3 sessions)', smallSamples));
  console.log(summary('big camp (12 rooms, 150 sessions)', bigSamples));
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  console.log(`big camp / test camp (p50)   ${(median(bigSamples) / median(smallSamples)).toFixed(1)}×`);
} finally {
  await browser.close();
  await server.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
