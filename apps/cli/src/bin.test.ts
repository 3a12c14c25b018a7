// End to end: the built binary, as a user runs it. Needs `pnpm build` (the test command builds first).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

describe('lowbit binary', () => {
  it('is built', () => {
    expect(existsSync(bin), `${bin} is missing: run the build before the tests`).toBe(true);
  });

  it('runs `formats --json` and exits 0', () => {
    const out = execFileSync(process.execPath, [bin, 'formats', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['f32', 'f16']),
    );
  });

  it('exits non-zero with a coded error on stderr', () => {
    const result = spawnSync(process.execPath, [bin, 'nope'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^E_USAGE: /);
  });
});
