// The root `lowbit` script the READMEs use (`npx -y pnpm@10.34.8 lowbit …`): run exactly as pnpm
// runs it (through a shell, from the repository root), it must reach the CLI and pass arguments.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './public-packages.ts';

const root = repoRoot;
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<
  string,
  string
>;
const cliVersion = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')).version;

function runScript(args: string, env: Record<string, string> = {}) {
  return spawnSync(`${scripts.lowbit} ${args}`, {
    cwd: root,
    shell: true,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('root `lowbit` script', () => {
  it('exists', () => {
    expect(scripts.lowbit).toBeTypeOf('string');
  });

  it('prints the CLI version for --version (and nothing else on stdout)', () => {
    const result = runScript('--version');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${cliVersion}\n`);
  });

  it('passes arguments through and keeps the CLI exit status', () => {
    const result = runScript('formats nope');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^E_FORMAT_UNKNOWN: /);
  });

  it('reads relative paths from where the user typed the command (pnpm sets INIT_CWD)', () => {
    const result = runScript('inspect stories260K.gguf --json', {
      INIT_CWD: join(root, 'fixtures/gguf'),
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).container).toBe('gguf');
  });
});
