import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two forks at most: CI has 2 shared cores, and more workers only compete for them (and under
    // load a worker can miss its start deadline).
    maxWorkers: 2,
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'tooling/vitest.config.ts',
    ],
  },
});
