// `pnpm lowbit …` from a clone: runs the built CLI (apps/cli/dist/bin.js) in this process, and
// builds it first only when dist is missing, so repeated runs cost one Node start-up. pnpm runs
// scripts in the repository root; INIT_CWD is where the user typed the command, so relative
// paths mean what they typed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bin = fileURLToPath(new URL('../../apps/cli/dist/bin.js', import.meta.url));

if (!existsSync(bin)) {
  process.stderr.write('lowbit is not built yet: building it (once) …\n');
  // Build output goes to stderr so the command's stdout stays what lowbit prints.
  const build = spawnSync(
    'turbo',
    ['run', 'build', '--filter=lowbit...', '--output-logs=errors-only'],
    {
      stdio: ['ignore', process.stderr, process.stderr],
      shell: process.platform === 'win32',
    },
  );
  if (build.status !== 0) {
    process.stderr.write('Building lowbit failed; run `npx -y pnpm@10.34.8 build` to see why.\n');
    process.exit(build.status ?? 1);
  }
}

if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
await import(pathToFileURL(bin).href);
