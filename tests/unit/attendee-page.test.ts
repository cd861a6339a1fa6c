// The attendee page the server renders: in the language the browser will pick, from the build's
// shell, styles and server renderer (a small fake build; the real one is tested in static.test.ts).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageOf, loadAttendeePage } from '../../server/attendee-page.ts';
import { sampleBoard } from '../fixtures/board.ts';
import { fakeBuild } from '../helpers/fake-build.ts';

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
    // Parameters other than q are passed over; a q that is not exactly a number counts as 1.
    expect(languageOf('de;level=1;q=0.2, en;q=0.5')).toBe('en');
    expect(languageOf('en;level=1')).toBe('en');
    expect(languageOf('de;q=0.5x, en;q=0.6')).toBe('de');
    expect(languageOf('de;xq=0.1, en;q=0.5')).toBe('de');
  });
});

describe('the attendee page made from a build', () => {
  it('is the shell with the rendered plan, its styles inline, its own script and no preloads, in the browser’s language', async () => {
    const build = fakeBuild();
    const page = (await loadAttendeePage(build.client))!;
    const board = sampleBoard();
    const html = page.html({ version: 3, board, serverTime: 0, undo: { canUndo: false, canRedo: false } }, 'en-US,en;q=0.9');
    const plan = /<script type="application\/json" id="first-plan">[^<]*<\/script>/;
    expect(html).toMatch(plan);
    // The whole page, line by line: the renderer's text goes in as it is ("$&" and "$1" are not
    // replacement patterns), the links to styles and preloads are gone with their lines, the
    // styles of the attendee chunk and its imports are inline, the app's own are not.
    expect(html.replace(plan, '<!-- plan -->')).toBe(
      [
        '<!doctype html>',
        '<html lang="en">',
        '  <head>',
        '    <title>Test Camp $&</title>',
        '    <script type="module" crossorigin src="/assets/attendee-xyz.js"></script>',
        '    <style>.plan{color:red}',
        '.card{color:blue}</style>',
        '  </head>',
        '  <body>',
        '    <div id="app" data-rendered="attendee"><main lang="en">plan $1</main></div><!-- plan -->',
        '  </body>',
        '</html>',
      ].join('\n'),
    );
    expect(page.html({ version: 3, board, serverTime: 0, undo: { canUndo: false, canRedo: false } }, undefined)).toContain('<html lang="de">');
    build.remove();
  });

  it('is not there when the build has no server renderer', async () => {
    const build = fakeBuild();
    rmSync(path.join(path.dirname(build.client), 'server'), { recursive: true });
    expect(await loadAttendeePage(build.client)).toBeUndefined();
    build.remove();
  });
});
