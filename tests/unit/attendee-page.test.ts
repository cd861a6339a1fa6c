// The attendee page the server renders: in the language the browser will pick, from the build's
// shell, styles and server renderer (a small build made here; the real one is tested in static.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageOf, loadAttendeePage } from '../../server/attendee-page.ts';
import { sampleBoard } from '../fixtures/board.ts';

describe('languageOf', () => {
  it('takes the most preferred of German and English, by quality, and German when neither is asked for', () => {
    expect(languageOf('en-GB,en;q=0.9,de;q=0.5')).toBe('en');
    expect(languageOf('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(languageOf('fr-FR,fr;q=0.9,en;q=0.7,de;q=0.8')).toBe('de');
    expect(languageOf('en;q=0.3, de;q=0.2')).toBe('en');
    expect(languageOf('fr, es')).toBe('de');
    expect(languageOf(undefined)).toBe('de');
    expect(languageOf('')).toBe('de');
    // Spaces around parts and parameters, a region after the language, a part without a quality (1).
    expect(languageOf('fr, en')).toBe('en');
    expect(languageOf('de; q=0.1, en')).toBe('en');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('en;q=0.5, de')).toBe('de');
  });
});

describe('the attendee page made from a build', () => {
  /** A build as Vite leaves it, small: the shell, the manifest, the attendee chunk's styles and a server renderer. */
  function fakeBuild(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'pitchboard-build-'));
    const client = path.join(root, 'client');
    mkdirSync(path.join(client, '.vite'), { recursive: true });
    mkdirSync(path.join(root, 'server'));
    writeFileSync(
      path.join(client, 'index.html'),
      [
        '<!doctype html>',
        '<html lang="de">',
        '  <head>',
        '    <title>Pitchboard</title>',
        '    <script type="module" crossorigin src="/assets/index-abc.js"></script>',
        '    <link rel="modulepreload" crossorigin href="/assets/app-abc.js">',
        '    <link rel="stylesheet" crossorigin href="/assets/app-abc.css">',
        '  </head>',
        '  <body>',
        '    <div id="app"></div>',
        '  </body>',
        '</html>',
      ].join('\n'),
    );
    const manifest = {
      'attendee.ts': { file: 'assets/attendee-xyz.js', css: ['assets/attendee-xyz.css'], imports: ['_shared.js'], isEntry: true },
      '_shared.js': { file: 'assets/shared-xyz.js', css: ['assets/shared-xyz.css'] },
      'main.ts': { file: 'assets/index-abc.js', css: ['assets/app-abc.css'] },
    };
    writeFileSync(path.join(client, '.vite', 'manifest.json'), JSON.stringify(manifest));
    mkdirSync(path.join(client, 'assets'));
    writeFileSync(path.join(client, 'assets', 'attendee-xyz.css'), '.plan{color:red}');
    writeFileSync(path.join(client, 'assets', 'shared-xyz.css'), '.card{color:blue}');
    writeFileSync(path.join(client, 'assets', 'app-abc.css'), '.board{color:green}');
    writeFileSync(
      path.join(root, 'server', 'entry-server.js'),
      'export function renderAttendeePage(snapshot, language) { return { head: `<title>${snapshot.board.event.title} $&</title>`, body: `<main lang="${language}">plan $1</main>` }; }',
    );
    return client;
  }

  it('is the shell with the rendered plan, its styles inline, its own script and no preloads, in the browser’s language', async () => {
    const client = fakeBuild();
    const page = (await loadAttendeePage(client))!;
    const board = sampleBoard();
    const html = page.html({ version: 3, board, serverTime: 0, undo: { canUndo: false, canRedo: false } }, 'en-US,en;q=0.9');
    expect(html).toContain('<html lang="en">');
    // The renderer's text goes in as it is: "$&" and "$1" are not replacement patterns.
    expect(html).toContain('<title>Test Camp $&</title>');
    expect(html).not.toContain('<title>Pitchboard</title>');
    expect(html).toContain('<div id="app" data-rendered="attendee"><main lang="en">plan $1</main></div><script type="application/json" id="first-plan">');
    expect(html).toContain('  <style>.plan{color:red}\n.card{color:blue}</style>\n  </head>');
    expect(html).toContain('<script type="module" crossorigin src="/assets/attendee-xyz.js"></script>');
    expect(html).not.toMatch(/<link rel="(stylesheet|modulepreload)"/);
    expect(html).not.toContain('.board{color:green}');
    expect(page.html({ version: 3, board, serverTime: 0, undo: { canUndo: false, canRedo: false } }, undefined)).toContain('<html lang="de">');
    rmSync(path.dirname(client), { recursive: true, force: true });
  });

  it('is not there when the build has no server renderer', async () => {
    const client = fakeBuild();
    rmSync(path.join(path.dirname(client), 'server'), { recursive: true });
    expect(await loadAttendeePage(client)).toBeUndefined();
    rmSync(path.dirname(client), { recursive: true, force: true });
  });
});
