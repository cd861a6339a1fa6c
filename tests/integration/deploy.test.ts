// A built tree serves with only the production dependencies, as docs/operations.md deploys it:
// `npm run build`, then package.json, package-lock.json and dist/ on the server, `npm ci
// --omit=dev`, `npm run serve`. Uses the build `npm test` makes first.
//
// `npm ci --omit=dev` would compile better-sqlite3 from source here (about a minute and a half;
// no prebuilt binary can be downloaded), the only production package with an install script. The
// development tree compiled the same version for the same Node already: the production install
// runs without scripts and takes that one compiled file (`build/Release/better_sqlite3.node`),
// nothing else of the development tree. The tree it installs depends only on the lock file, Node
// and npm, so it is kept under node_modules/.cache for them, and a later run only copies it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnScript, tempDir, type ChildServer } from '../helpers/server.ts';

const BUILT = ['dist/app/server/main.js', 'dist/app/server/cli.js', 'dist/client/index.html', 'dist/server/entry-server.js'];
/** Packages that only building, checking and testing need: none may be in a production tree. */
const DEV_ONLY = ['vite', 'svelte', 'tsx', 'typescript', 'vitest', 'socket.io-client', 'esbuild'];

function npm(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  // npm_execpath is npm itself when the tests run from `npm test`; otherwise the one on PATH.
  const npmCli = process.env.npm_execpath;
  const [command, prefix] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** node_modules as `npm ci --omit=dev` installs it for this lock file (made once per lock, Node and npm). */
async function productionModules(): Promise<string> {
  const { output: npmVersion } = await npm(['--version'], process.cwd());
  const key = createHash('sha256').update(readFileSync('package-lock.json')).update(process.version).update(npmVersion.trim()).digest('hex').slice(0, 16);
  const cached = path.resolve('node_modules', '.cache', 'pitchboard-omit-dev', key, 'node_modules');
  if (existsSync(cached)) return cached;
  const stage = tempDir();
  try {
    cpSync('package.json', path.join(stage, 'package.json'));
    cpSync('package-lock.json', path.join(stage, 'package-lock.json'));
    const install = await npm(['ci', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'], stage);
    expect(install.code, install.output).toBe(0);
    const compiled = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    mkdirSync(path.dirname(path.join(stage, compiled)), { recursive: true });
    cpSync(path.resolve(compiled), path.join(stage, compiled));
    mkdirSync(path.dirname(cached), { recursive: true });
    // Whole or not at all: an install cut short is never taken for a good one.
    renameSync(path.join(stage, 'node_modules'), cached);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return cached;
}

describe('a built tree with production dependencies only', () => {
  const dirs: string[] = [];
  let server: ChildServer | undefined;
  afterAll(async () => {
    await server?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the demo: the attendee page rendered on the server, its script, and npm run event:key', { timeout: 600_000 }, async () => {
    for (const file of BUILT) expect(existsSync(file), `${file} is missing: run \`npm run build\` (npm test does it first)`).toBe(true);
    const modules = await productionModules();

    const dir = tempDir();
    dirs.push(dir);
    for (const file of ['package.json', 'package-lock.json', 'dist']) cpSync(file, path.join(dir, file), { recursive: true });
    cpSync(modules, path.join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    expect(DEV_ONLY.filter((name) => existsSync(path.join(dir, 'node_modules', name)))).toEqual([]);
    expect(existsSync(path.join(dir, 'node_modules', 'fastify'))).toBe(true);

    const env = { PITCHBOARD_DB: path.join(dir, 'data', 'pitchboard.db'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    server = await spawnScript('dist/app/server/main.js', env, { cwd: dir });
    expect(server.output()).toContain('Demo barcamp created.');
    const attendeeUrl = /Attendees: +(\S+)/.exec(server.output())?.[1];
    expect(attendeeUrl).toBe(`${server.url}/e/demo`);

    const page = await fetch(attendeeUrl!, { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('data-rendered="attendee"');
    expect(html).toContain('Barcamp Digitalisierung, Bochum');
    const script = /<script type="module"[^>]* src="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/assets\/attendee-.*\.js$/);
    expect((await fetch(`${server.url}${script}`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true });

    // An operations command a deployer needs on the production box, beside the running server.
    const key = await npm(['run', '--silent', 'event:key', '--', '--slug', 'demo'], dir, { PITCHBOARD_DB: env.PITCHBOARD_DB });
    expect(key.code, key.output).toBe(0);
    expect(JSON.parse(key.output)).toMatchObject({ slug: 'demo', facilitatorUrl: expect.stringMatching(/\/e\/demo\/board#key=\w+/) });
  });
});
