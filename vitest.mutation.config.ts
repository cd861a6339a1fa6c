import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// The suite StrykerJS runs against each mutant (`npm run test:mutation`): the unit and integration
// tests. The browser tests need the built client and take minutes; the resilience suite, longer.
export default defineConfig({
  // The client's stores are .svelte.ts classes: runes compile only through Svelte's plugin.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  test: {
    root: '.',
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // These read the built client (dist/), which the mutation sandbox does not hold.
    exclude: ['tests/integration/static.test.ts', 'tests/unit/bundle-size.test.ts', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
