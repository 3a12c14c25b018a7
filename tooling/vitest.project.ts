// Shared vitest project settings: tests import workspace packages from their sources (the
// `@lowbit/source` export condition), so no build is needed before `vitest run`.
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineProject } from 'vitest/config';

export const sourceCondition = '@lowbit/source';

export function lowbitProject(configUrl: string, overrides: { testTimeout?: number } = {}) {
  const root = dirname(fileURLToPath(configUrl));
  return defineProject({
    root,
    resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
    test: {
      name: basename(root),
      include: ['src/**/*.test.ts', '*.test.ts', 'scripts/**/*.test.ts'],
      environment: 'node',
      // Timeouts only catch hangs: no test may depend on speed, and CI shares 2 cores with other
      // work, so a test that takes 5 s alone can take 30 s there.
      testTimeout: overrides.testTimeout ?? 120_000,
      hookTimeout: 120_000,
    },
  });
}
