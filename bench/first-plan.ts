// Benchmark: a phone on a crowded wifi opens the attendee page for the first time. How long until
// the plan is on screen, and how many bytes cross the air? Measured in Chromium with a slow
// network (150 ms, 1.6 Mbit/s down, 750 kbit/s up: Lighthouse's mobile profile, DevTools "Fast
// 3G" class) and the CPU slowed 4×, against the yardstick of a static gzipped HTML page of the
// same plan, runs taking turns. Bytes are counted on the wire by a TCP proxy in front of each
// server (HTTP headers, bodies and WebSocket frames as sent). Single runs scatter by half on a shared
// machine; the median of 11 of each moves far less than that of 5. Needs `npm run build`.
//   npm run bench:first-plan -- [--runs 11]
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { openDatabase } from '../db/open.ts';
import { SqliteStore } from '../db/sqlite-store.ts';
import { orderedRooms, slotsOfDay, type Board } from '../shared/board.ts';
import { entriesOf } from '../shared/schedule.ts';
import { seedBigCamp } from '../tests/fixtures/big-camp.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { spawnServer, tempDir } from '../tests/helpers/server.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' } } });
const runs = Number(values.runs);

/** The camp's two days start tomorrow: the page opens on "next up", with a slot full of sessions. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const dir = tempDir();
const file = path.join(dir, 'bench.db');
const db = openDatabase(file);
const store = new SqliteStore(db);
const camp = await seedBigCamp(store, 'ruhr', [day(1), day(2)]);
const { board } = await store.loadBoard((await store.findEvent(camp.slug))!.id);
db.close();

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The yardstick: the whole plan as one static page, as a hand-made site would serve it. */
function staticPlan(b: Board): string {
  const rooms = orderedRooms(b).length;
  const days = b.days.map((d) => {
    const slots = slotsOfDay(b, d.id).map((slot) => {
      const entries = entriesOf(b, slot)
        .filter((e) => !e.continued)
        .map((e) => `<li data-entry="${e.session.id}"><small>${escape(e.room.name)}</small><br>${escape(e.session.title)}</li>`);
      return `<section><h3>${slot.start}–${slot.end} ${escape(slot.label)}</h3><ul>${entries.join('')}</ul></section>`;
    });
    return `<h2>${d.date}</h2>${slots.join('')}`;
  });
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(b.event.title)}</title><style>body{font-family:sans-serif;margin:1rem}li{margin:.5rem 0;list-style:none}</style></head>
<body><h1>${escape(b.event.title)} (${rooms} Räume)</h1>${days.join('')}</body></html>`;
}

const staticBody = gzipSync(staticPlan(board));
const staticServer = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'cache-control': 'no-cache' });
  response.end(staticBody);
});
await new Promise<void>((resolve) => staticServer.listen(0, '127.0.0.1', resolve));

/** A TCP proxy that counts what the server sends towards the browser. */
async function countingProxy(target: URL): Promise<{ url: string; bytes: () => number; reset: () => void; close: () => void }> {
  let bytes = 0;
  const proxy = net.createServer((browserSide) => {
    const serverSide = net.connect(Number(target.port), target.hostname);
    serverSide.on('data', (chunk: Buffer) => (bytes += chunk.length));
    browserSide.pipe(serverSide).pipe(browserSide);
    const end = () => {
      browserSide.destroy();
      serverSide.destroy();
    };
    browserSide.on('error', end).on('close', end);
    serverSide.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    bytes: () => bytes,
    reset: () => (bytes = 0),
    close: () => proxy.close(),
  };
}

const server = await spawnServer(file);
const appProxy = await countingProxy(new URL(server.url));
const staticProxy = await countingProxy(new URL(`http://127.0.0.1:${(staticServer.address() as AddressInfo).port}`));
const browser: Browser = await launchChromium();

/**
 * Records when the first plan entries are painted, from the start of navigation (Element Timing:
 * the entries are marked the moment the parser inserts them, before their first paint).
 */
const WATCH_FIRST_ENTRY = `
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__firstPlan ??= entry.renderTime || entry.loadTime;
  }).observe({ type: 'element', buffered: true });
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-entry]')) return;
    observer.disconnect();
    for (const element of document.querySelectorAll('[data-entry], [data-entry] *')) element.setAttribute('elementtiming', 'plan');
  }).observe(document, { childList: true, subtree: true });
`;

async function firstVisit(url: string, proxy: Awaited<ReturnType<typeof countingProxy>>): Promise<{ ms: number; kb: number }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE', deviceScaleFactor: 2, isMobile: true });
  await context.addInitScript(WATCH_FIRST_ENTRY);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  proxy.reset();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as { __firstPlan?: number }).__firstPlan !== undefined, undefined, { timeout: 60_000 });
  const ms = await page.evaluate(() => (window as { __firstPlan?: number }).__firstPlan!);
  // Everything a first visit brings (lazy chunks, the socket's first messages) has arrived by now.
  await page.waitForTimeout(4000);
  const kb = proxy.bytes() / 1024;
  await context.close();
  return { ms, kb };
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

try {
  const staticRuns: Array<{ ms: number; kb: number }> = [];
  const appRuns: Array<{ ms: number; kb: number }> = [];
  for (let run = 1; run <= runs; run++) {
    staticRuns.push(await firstVisit(`${staticProxy.url}/`, staticProxy));
    appRuns.push(await firstVisit(`${appProxy.url}/e/${camp.slug}`, appProxy));
    const s = staticRuns.at(-1)!;
    const a = appRuns.at(-1)!;
    console.log(`run ${run}: static page ${s.ms.toFixed(0)} ms (${s.kb.toFixed(1)} KB), attendee page ${a.ms.toFixed(0)} ms (${a.kb.toFixed(1)} KB)`);
  }
  const staticMs = median(staticRuns.map((r) => r.ms));
  const appMs = median(appRuns.map((r) => r.ms));
  console.log(`First visit, ${board.sessions.length} sessions in ${board.rooms.length} rooms, 390×844, 150 ms / 1.6 Mbit/s, CPU 4× slower; median of ${runs}:`);
  console.log(`static gzipped page of the plan     first plan ${staticMs.toFixed(0)} ms, ${median(staticRuns.map((r) => r.kb)).toFixed(1)} KB on the wire`);
  console.log(
    `Pitchboard attendee page            first plan ${appMs.toFixed(0)} ms, ${median(appRuns.map((r) => r.kb)).toFixed(1)} KB on the wire (target ≤ 90 KB)`,
  );
  console.log(`ratio                               ${(appMs / staticMs).toFixed(2)}× (target ≤ 1.5×)`);
} finally {
  await browser.close();
  appProxy.close();
  staticProxy.close();
  staticServer.close();
  await server.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
