import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// The suite in four projects, by what a test starts (docs/testing.md):
//   unit         pure rules, the writer on a database in memory, the client's stores (no server)
//   integration  a real server on port 0 in this process, or as a child process (on SQLite; and
//                again as integration-postgres, on PostgreSQL)
//   e2e          Chromium against a server with the built client
//   resilience   long runs that print their figures (kills, races, floods)
// `npm test` runs the first three (after a build); `npm run test:resilience` the last.
// The mutation run has its own config (vitest.mutation.config.ts).
export default defineConfig({
  // The client's stores are .svelte.ts classes: runes compile only through Svelte's plugin.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  test: {
    root: '.',
    environment: 'node',
    testTimeout: 30_000,
    // A page on a busy two-core machine can take more than a second to show a change.
    expect: { poll: { timeout: 5_000 } },
    hookTimeout: 60_000,
    // Browser tests start Chromium; two cores do not gain from more than two files at once.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // One module graph for all unit files, as in the mutation run: importing was half their
        // time (the project alone: 49 s → 33 s, 2026-12-05). They keep no state between files
        // (they pass in shuffled orders too).
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false },
      },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          // The same suite with the servers on PostgreSQL (a database of its own for each), but for
          // what is about the SQLite file itself (its damage, its claim, its start, the built tree)
          // and what is on PostgreSQL already (several processes).
          name: 'integration-postgres',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/{adapter,database-errors,durability,startup,cli,deploy,static,several-processes}.test.ts'],
          env: { PITCHBOARD_TEST_STORE: 'postgres' },
        },
      },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'resilience',
          include: ['tests/resilience/**/*.test.ts'],
          testTimeout: 600_000,
          // One at a time: they measure the machine. A group of its own, after the others when
          // all projects run at once (a group's files share one number of workers).
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
