/**
 * After WasmBackend.dispose(), ops and reads fail fast with E_BACKEND_DISPOSED instead of
 * waiting forever for terminated worker threads. The repro runs in a child process (loaded
 * through vite's SSR loader, which reads the TypeScript sources) so a hang fails this test
 * by the child's exit instead of freezing the test runner.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceCondition } from '../../../tooling/vitest.project.ts';

const repro = fileURLToPath(new URL('./__fixtures__/after-dispose.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

function runChild(threads: number): { status: number | null; stdout: string; stderr: string } {
  const script = `
    const { createServer, defaultServerConditions } = await import('vite');
    const conditions = [${JSON.stringify(sourceCondition)}, ...defaultServerConditions];
    const server = await createServer({
      configFile: false, logLevel: 'silent', server: { middlewareMode: true, hmr: false, ws: false },
      resolve: { conditions }, ssr: { resolve: { conditions } },
    });
    const { afterDispose } = await server.ssrLoadModule(${JSON.stringify(repro)});
    console.log(JSON.stringify(await afterDispose(${threads})));
    process.exit(0);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000, // reached only when the bug is back (the thread blocks forever)
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('WasmBackend after dispose()', () => {
  it.each([2, 1])(
    'threads: %i — ops and reads fail with E_BACKEND_DISPOSED',
    (threads) => {
      const { status, stdout, stderr } = runChild(threads);
      expect(status, stderr).toBe(0);
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
        threads: String(threads),
        matmul: 'E_BACKEND_DISPOSED',
        read: 'E_BACKEND_DISPOSED',
        readSync: 'E_BACKEND_DISPOSED',
        tensor: 'E_BACKEND_DISPOSED',
      });
    },
    90_000,
  );
});
