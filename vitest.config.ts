import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The client's stores are .svelte.ts classes: runes compile only through Svelte's plugin.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    // Long runs with figures: `npm run test:resilience` (vitest.resilience.config.ts).
    exclude: ['tests/resilience/**', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    // A page on a busy two-core machine can take more than a second to show a change.
    expect: { poll: { timeout: 5_000 } },
    hookTimeout: 60_000,
    // Browser tests start Chromium; two cores do not gain from more than two files at once.
    maxWorkers: 2,
  },
});
