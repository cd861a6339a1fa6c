// The attendee page with its plan already in the HTML: rendered by the same Svelte component the
// browser runs (the build's dist/server/entry-server.js), with the snapshot it shows embedded so
// that the browser takes over from there without asking again; its styles inline. Its scripts
// are not preloaded: on a slow phone, fetching and compiling them while the page is parsed held
// back the first paint by a third (bench/first-plan.ts), and the plan needs no script to show.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embeddedPlan } from '../shared/embedded-plan.ts';
import type { Snapshot } from '../shared/protocol.ts';
import type { Language } from '../shared/language.ts';
import { ATTENDEE_ENTRY, chunkFiles, readManifest } from './client-files.ts';

interface EntryServer {
  renderAttendeePage(snapshot: Snapshot, language: Language): { head: string; body: string };
}

export interface AttendeePage {
  /** The whole HTML of the attendee page of the snapshot's event. */
  html(snapshot: Snapshot, acceptLanguage: string | undefined): string;
}

/** The language the browser will choose (as the client does from navigator.languages). */
export function languageOf(acceptLanguage: string | undefined): Language {
  const tags = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { base: tag.slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  const known = tags.find((tag) => tag.base === 'de' || tag.base === 'en');
  return (known?.base as Language | undefined) ?? 'de';
}

/** Undefined when the build has no server renderer: the page is then served as the plain shell. */
export async function loadAttendeePage(clientDir: string): Promise<AttendeePage | undefined> {
  const entry = path.join(clientDir, '..', 'server', 'entry-server.js');
  if (!existsSync(entry)) return undefined;
  const renderer = (await import(pathToFileURL(entry).href)) as EntryServer;
  const manifest = readManifest(clientDir);
  // The page's own script (client/attendee.ts) instead of the app's. The styles go inline: a
  // linked stylesheet holds back the first paint by a round trip or more. The module preloads
  // go: see above.
  const shell = readFileSync(path.join(clientDir, 'index.html'), 'utf8')
    .replace(/\s*<link rel="(?:stylesheet|modulepreload)"[^>]*>/g, '')
    .replace(/(<script type="module"[^>]* src=")[^"]*"/, (_, start: string) => `${start}/${manifest[ATTENDEE_ENTRY]!.file}"`);
  const style = chunkFiles(manifest, [ATTENDEE_ENTRY])
    .filter((file) => file.endsWith('.css'))
    .map((file) => readFileSync(path.join(clientDir, file), 'utf8'))
    .join('\n');
  return {
    html(snapshot, acceptLanguage) {
      const language = languageOf(acceptLanguage);
      const { head, body } = renderer.renderAttendeePage(snapshot, language);
      return shell
        .replace('<html lang="de">', `<html lang="${language}">`)
        .replace(/<title>[^<]*<\/title>/, () => head)
        .replace('</head>', () => `  <style>${style}</style>\n  </head>`)
        .replace('<div id="app"></div>', () => `<div id="app" data-rendered="attendee">${body}</div>${embeddedPlan(snapshot, Date.now())}`);
    },
  };
}
