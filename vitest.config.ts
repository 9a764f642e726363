import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests run the real CLI as child processes, several per test; on a loaded 2-core
    // CI machine each start can take seconds.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
