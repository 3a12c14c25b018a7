import { createRng, Engine, int8Linear, type Tensor } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { quantizeInt8Outliers } from '@lowbit/quant';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';

let engine: Engine;
beforeAll(() => {
  registerAllFormats();
  engine = new Engine();
  engine.use(cpuBackend());
});

const int8 = (codes: number[], shape: number[]) =>
  engine.fromBytes(new Uint8Array(Int8Array.from(codes).buffer), shape, 'int8');
const t = (values: ArrayLike<number>, shape: number[]) =>
  engine.tensor(Float32Array.from(values), shape);

function gaussian(count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => {
    const u = 1 - rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  });
}

/** x·Wᵀ in f64. */
function exact(x: Float32Array, w: Float32Array, m: number, n: number, k: number): Float64Array {
  const y = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++)
      for (let c = 0; c < k; c++) y[i * n + j]! += x[i * k + c]! * w[j * k + c]!;
  return y;
}

function relative(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < want.length; i++) {
    e += (got[i]! - want[i]!) ** 2;
    s += want[i]! ** 2;
  }
  return Math.sqrt(e / s);
}

describe('LLM.int8() linear on the cpu (the reference)', () => {
  it('computes the decomposition by hand: int8 rows over the inliers, f32 outliers', async () => {
    // x = [1, −0.5, 8, 0.25]: column 2 is an outlier (≥ 6), so a = 1 and the codes are
    // round_even(x·127) = [127, −64 (−63.5 → even), 0, 32 (31.75)].
    const y = int8Linear(
      t([1, -0.5, 8, 0.25], [1, 4]),
      int8([10, -20, 30, 40], [1, 4]),
      t([0.1], [1, 1]),
    );
    const inliers = (127 * 10 + 64 * 20 + 32 * 40) * Math.fround(1 / 127) * Math.fround(0.1);
    const outlier = 8 * 30 * Math.fround(0.1);
    expect(y.readSync()[0]).toBeCloseTo(inliers + outlier, 5);
  });

  it('uses the kept f32 columns for attrs.columns', async () => {
    const y = int8Linear(
      t([1, 2], [1, 2]),
      int8([127, 0], [1, 2]),
      t([0.5], [1, 1]),
      t([3.25], [1, 1]),
      { columns: [1] },
    );
    expect(y.readSync()[0]).toBeCloseTo(0.5 * 127 + 2 * 3.25, 5);
  });

  it('an activation outlier column costs int8 precision unless it is split out', async () => {
    const [m, n, k] = [4, 16, 256];
    const x = gaussian(m * k, 1);
    for (let i = 0; i < m; i++) x[i * k + 17] = 60 * (i % 2 ? -1 : 1);
    const w = gaussian(n * k, 2);
    const q = quantizeInt8Outliers(w, [n, k]);
    const dequantized = Float32Array.from(
      w,
      (_, i) => (new Int8Array(q.weight.buffer)[i] ?? 0) * q.scales[Math.floor(i / k)]!,
    );
    const want = exact(x, dequantized, m, n, k);
    const run = async (threshold: number) =>
      int8Linear(
        t(x, [m, k]),
        engine.fromBytes(q.weight, [n, k], 'int8'),
        t(q.scales, [n, 1]),
        undefined,
        { threshold },
      ).readSync();
    const split = relative(await run(6), want);
    const plain = relative(await run(Number.POSITIVE_INFINITY), want);
    expect(split).toBeLessThan(0.01);
    expect(plain).toBeGreaterThan(10 * split);
  });

  it('weight columns kept in f32 (from calibration) keep the other channels precise', async () => {
    const [m, n, k] = [3, 8, 128];
    const x = gaussian(m * k, 3);
    x[5] = 20;
    const w = gaussian(n * k, 4);
    for (let j = 0; j < n; j++) w[j * k + 5] = 40;
    const q = quantizeInt8Outliers(w, [n, k], { calibration: x });
    expect(q.columns).toEqual([5]);
    expect([...q.outliers]).toEqual(Array(n).fill(40));
    const y = int8Linear(
      t(x, [m, k]),
      engine.fromBytes(q.weight, [n, k], 'int8'),
      t(q.scales, [n, 1]),
      t(q.outliers, [n, 1]),
      { columns: q.columns },
    );
    expect(relative(y.readSync(), exact(x, w, m, n, k))).toBeLessThan(0.02);
  });

  it('rejects malformed calls with typed errors', async () => {
    const x = t([1, 2, 3, 4], [1, 4]);
    const w = int8([1, 2, 3, 4], [1, 4]);
    const s = t([1], [1, 1]);
    const bad = (call: () => Tensor, code: string) =>
      expect(call).toThrow(expect.objectContaining({ code }));
    bad(() => int8Linear(x, w, t([1, 1], [1, 2])), 'E_SHAPE');
    bad(() => int8Linear(x, w, s, undefined, { columns: [1] }), 'E_SHAPE');
    bad(() => int8Linear(x, w, s, t([1], [1, 1]), { columns: [4] }), 'E_SHAPE');
    bad(() => int8Linear(x, w, s, t([1, 1], [1, 2]), { columns: [1, 1] }), 'E_SHAPE');
    bad(() => int8Linear(x, w, s, t([1], [1, 1])), 'E_SHAPE');
    bad(() => int8Linear(x, w, s, undefined, { threshold: 0 }), 'E_ARGUMENT');
    bad(() => int8Linear(x, t([1, 2, 3, 4], [1, 4]), s), 'E_KERNEL_MISSING');
  });
});
