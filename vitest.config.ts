import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Two cores on our machines: keep the pool small and the runs predictable.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
