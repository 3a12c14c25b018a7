// Worker threads run from the built CLI (dist/analyze-worker.js), so this is end to end on the
// binary, as bin.test.ts: needs `pnpm build`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const model = join(import.meta.dirname, '../../../../fixtures/gguf/stories260K.gguf');

function analyze(threads: number) {
  const args = [bin, 'analyze', model, '--formats', 'int4/g32,int4/g64/mse,q4_0,nvfp4'];
  args.push('--transforms', 'none,hadamard', '--json', '--threads', `${threads}`);
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }));
}

describe('lowbit analyze --threads', () => {
  it('gives the same report on 2 threads as on 1, holding at most 2 tensors at once', () => {
    const { peakTensorBytes: one, ...single } = analyze(1);
    const { peakTensorBytes: two, ...parallel } = analyze(2);
    expect(single.perTensor.length).toBeGreaterThan(50);
    expect(parallel).toEqual(single);
    expect(two).toBeGreaterThan(one);
    expect(two).toBeLessThanOrEqual(2 * one);
  });
});
