// A build of the client as Vite leaves it, small, made in a temporary folder: the shell, the
// manifest, the attendee chunk's styles, a hashed script with its compressed copies and a server
// renderer. Tests of what the server does with a build use it; the real build is tested in
// static.test.ts (it needs `npm run build`, which the mutation run does not have).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** The hashed script of the fake build, and what it holds. */
export const FAKE_SCRIPT = { path: '/assets/index-abc.js', text: `console.log(${JSON.stringify('Pitchboard '.repeat(200))});` };

export interface FakeBuild {
  /** The client folder (what `clientDir` names). */
  client: string;
  /** The bytes of a file of the client folder. */
  read(file: string): Buffer;
  remove(): void;
}

export function fakeBuild(): FakeBuild {
  const root = mkdtempSync(path.join(tmpdir(), 'pitchboard-build-'));
  const client = path.join(root, 'client');
  mkdirSync(path.join(client, '.vite'), { recursive: true });
  mkdirSync(path.join(client, 'assets'));
  mkdirSync(path.join(root, 'server'));
  writeFileSync(
    path.join(client, 'index.html'),
    [
      '<!doctype html>',
      '<html lang="de">',
      '  <head>',
      '    <title>Pitchboard</title>',
      `    <script type="module" crossorigin src="${FAKE_SCRIPT.path}"></script>`,
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
  writeFileSync(path.join(client, 'assets', 'attendee-xyz.css'), '.plan{color:red}');
  writeFileSync(path.join(client, 'assets', 'shared-xyz.css'), '.card{color:blue}');
  writeFileSync(path.join(client, 'assets', 'app-abc.css'), '.board{color:green}');
  const script = path.join(client, FAKE_SCRIPT.path);
  writeFileSync(script, FAKE_SCRIPT.text);
  // Packed harder than the server packs on the fly, so that a test can tell the build's copies apart.
  writeFileSync(`${script}.br`, brotliCompressSync(FAKE_SCRIPT.text));
  writeFileSync(`${script}.gz`, gzipSync(FAKE_SCRIPT.text, { level: 9 }));
  writeFileSync(path.join(client, 'robots.txt'), 'User-agent: *\nDisallow: /e/\n');
  writeFileSync(
    path.join(root, 'server', 'entry-server.js'),
    'export function renderAttendeePage(snapshot, language) { return { head: `<title>${snapshot.board.event.title} $&</title>`, body: `<main lang="${language}">plan $1</main>` }; }',
  );
  return { client, read: (file) => readFileSync(path.join(client, file)), remove: () => rmSync(root, { recursive: true, force: true }) };
}
