// What each screen downloads: JS and CSS of its chunks, gzipped, from the Vite manifest of the
// last `npm run build`. The attendee's phone on venue wifi matters most (target ≤ 60 KB).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_CLIENT_DIR } from '../server/app.ts';
import { ATTENDEE_ENTRY, chunkFiles, readManifest as readClientManifest, type Manifest } from '../server/client-files.ts';

/** The chunks each screen starts from: the attendee page its own entry, the others the app's. */
export const SCREENS = {
  attendee: [ATTENDEE_ENTRY],
  giver: ['index.html', 'views/GiverView.svelte'],
  board: ['index.html', 'views/BoardView.svelte'],
  beamer: ['index.html', 'views/BeamerView.svelte'],
  door: ['index.html', 'views/DoorView.svelte'],
} as const;

export type Screen = keyof typeof SCREENS;

export function readManifest(clientDir = DEFAULT_CLIENT_DIR): Manifest {
  return readClientManifest(clientDir);
}

/** The files a screen loads: its entry, its lazy chunk, and everything they import. */
export function filesOf(manifest: Manifest, screen: Screen): string[] {
  return chunkFiles(manifest, [...SCREENS[screen]]);
}

export function gzippedBytes(files: string[], clientDir = DEFAULT_CLIENT_DIR): { js: number; css: number } {
  let js = 0;
  let css = 0;
  for (const file of files) {
    const size = gzipSync(readFileSync(path.join(clientDir, file)), { level: 9 }).length;
    if (file.endsWith('.css')) css += size;
    else js += size;
  }
  return { js, css };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = readManifest();
  console.log('screen     JS gzip   CSS gzip   total');
  for (const screen of Object.keys(SCREENS) as Screen[]) {
    const { js, css } = gzippedBytes(filesOf(manifest, screen));
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
    console.log(`${screen.padEnd(9)} ${kb(js)}  ${kb(css)}  ${kb(js + css)}`);
  }
}
