import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// The suite StrykerJS runs against each mutant (`npm run test:mutation`): the unit and integration
// tests. The browser tests need the built client and take minutes; the resilience suite, longer.
// Left out too: the tests that start the server as a child process (startup, CLI, durability).
// Stryker switches a mutant on inside the test process only, so the code they test never runs
// mutated there, and they are a third of the suite's time.
export default defineConfig({
  // The client's stores are .svelte.ts classes: runes compile only through Svelte's plugin.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  test: {
    root: '.',
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // These read the built client (dist/), which the mutation sandbox does not hold.
    exclude: [
      'tests/integration/static.test.ts',
      'tests/unit/bundle-size.test.ts',
      'tests/integration/startup.test.ts',
      'tests/integration/cli.test.ts',
      'tests/integration/durability.test.ts',
      // Builds and installs a production tree, and runs the build's JavaScript.
      'tests/integration/deploy.test.ts',
      '**/node_modules/**',
    ],
    // One module graph for all files: a mutant's few tests spent most of their time importing.
    // The suite passes so (checked by running it), and Stryker switches mutants at run time.
    isolate: false,
    // The persistence property test's random sequences: 100 a mutant (fast-check's default)
    // instead of 1,000. A server for each test where the suite shares one per file: a mutant is
    // credited only to the tests during which its code runs (tests/helpers/server-per-file.ts).
    env: { PITCHBOARD_PROPERTY_RUNS: '100', PITCHBOARD_SERVER_PER_TEST: '1' },
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
