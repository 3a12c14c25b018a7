import {
  blockHadamard,
  createRng,
  dct,
  engine,
  fft,
  fwht,
  randomHadamard,
  tensor,
} from '@lowbit/core';
import * as reference from '@lowbit/transforms';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';

beforeAll(() => {
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
});

const rng = createRng(1);
const values = Float32Array.from({ length: 3 * 64 }, () => rng.nextFloat() - 0.5);
const x = () => tensor(values, [3, 64]);

function expectClose(got: Float32Array, want: Float32Array): void {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  expect(worst).toBeLessThan(1e-6);
}

describe('transform kernels on cpu', () => {
  it('fwht equals the reference row by row, and inverts', async () => {
    const y = fwht(x(), { normalize: true });
    expect(y.readSync()).toEqual(reference.fwht(values.slice(), 64, { normalize: true }));
    const back = fwht(y, { normalize: true, inverse: true }).readSync();
    expectClose(back, values);
  });

  it('random and block Hadamard equal the reference and invert', async () => {
    const r = randomHadamard(x(), { seed: 3, twoBlock: true });
    expect(r.readSync()).toEqual(
      reference.randomHadamard(values.slice(), 64, { seed: 3, twoBlock: true }),
    );
    const back = randomHadamard(r, { seed: 3, twoBlock: true, inverse: true }).readSync();
    expectClose(back, values);
    const b = blockHadamard(x(), { block: 16, seed: 2 });
    expect(b.readSync()).toEqual(reference.blockHadamard(values.slice(), 16, 2));
    expect(() => blockHadamard(tensor(new Float32Array(24), [24]), { block: 16 })).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });

  it('dct and fft run per row', async () => {
    const d = dct(x()).readSync();
    expect(Array.from(d.subarray(64, 128))).toEqual(
      Array.from(Float32Array.from(reference.dct2(values.subarray(64, 128)))),
    );
    const [re, im] = fft(x(), tensor(new Float32Array(values.length), [3, 64]));
    const want = reference.fft(Float64Array.from(values.subarray(0, 64)), new Float64Array(64));
    expect(Array.from(re.readSync().subarray(0, 64))).toEqual(
      Array.from(Float32Array.from(want.re)),
    );
    expect(Array.from(im.readSync().subarray(0, 64))).toEqual(
      Array.from(Float32Array.from(want.im)),
    );
  });
});
