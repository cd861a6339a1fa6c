import { defineConfig } from 'vitest/config';

// `npm run test:resilience`: long runs that print their figures (kills, races, floods).
export default defineConfig({
  test: {
    root: '.',
    include: ['tests/resilience/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
