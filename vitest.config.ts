import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests run the real CLI as child processes, several per test, and e2e tests drive
    // Chromium; on a loaded 2-core machine a step can take many times its quiet duration. Tests
    // wait on conditions, never on time, so a generous bound only matters when something hangs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
