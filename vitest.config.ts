import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: run files in two forks; sharp and SQLite are native and fork-safe.
    pool: 'forks',
    maxWorkers: 2,
  },
});
