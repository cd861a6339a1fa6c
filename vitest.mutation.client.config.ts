import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// The suite StrykerJS runs against each mutant of the client's logic (`npm run test:mutation:client`,
// stryker.client.config.json): the unit tests, where the client's store, its controllers and the
// socket's retries run against a fake socket (and, through tests/helpers/live-store.ts, the real
// writer). No integration test drives the client's code.
export default defineConfig({
  // The store and the controllers are .svelte.ts classes: runes compile only through Svelte's
  // plugin, which compiles the mutated file as it compiles the original.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  test: {
    root: '.',
    include: ['tests/unit/**/*.test.ts'],
    // Reads the built client (dist/), which the mutation sandbox does not hold.
    exclude: ['tests/unit/bundle-size.test.ts', '**/node_modules/**'],
    // As in vitest.mutation.config.ts: one module graph, and 100 random sequences of the
    // persistence property test a mutant instead of 1,000.
    isolate: false,
    env: { PITCHBOARD_PROPERTY_RUNS: '100' },
    environment: 'node',
    testTimeout: 30_000,
    expect: { poll: { timeout: 5_000 } },
    hookTimeout: 60_000,
  },
});
