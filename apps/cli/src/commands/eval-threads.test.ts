// Worker threads run from the built CLI (dist/eval-worker.js), so this is end to end on the
// binary, as bin.test.ts: needs `pnpm build`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));

function evalRows(threads: number) {
  const args = [bin, 'eval', fixture('gguf/stories260K.gguf')];
  args.push('--text', fixture('text/tinystories_sample.txt'), '--formats', 'q8_0,nvfp4');
  args.push('--transforms', 'none,hadamard', '--json', '--threads', `${threads}`);
  const out = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  // Speed is the only thing that may differ between runs.
  const rows = out.rows.map(({ tokensPerSecond: _, ...row }: { tokensPerSecond: number }) => row);
  return { ...out, rows };
}

describe('lowbit eval --threads', () => {
  it('scores rows on 2 worker threads with the same results as in one thread', () => {
    const single = evalRows(1);
    const parallel = evalRows(2);
    expect(single.workers).toBe(0);
    expect(parallel.workers).toBe(2);
    expect(parallel.rows.map((r: { format: string }) => r.format)).toEqual([
      'q8_0',
      'nvfp4',
      'q8_0',
      'nvfp4',
    ]);
    expect({ ...parallel, workers: 0, threads: 1 }).toEqual(single);
  });
});
