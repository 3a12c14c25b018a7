import { engine, linear, rmsnorm, rope, softmax, swiglu } from '@lowbit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';
import { applyGroupScales } from '../shared/group-scales.ts';

beforeAll(() => {
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
});

const t = (values: number[], shape?: number[]) => engine.tensor(Float32Array.from(values), shape);

describe('cpu transformer ops against their definitions', () => {
  it('rmsnorm: x / √(mean(x²) + eps) · w', async () => {
    const y = rmsnorm(t([3, 4, 0, 0], [1, 4]), t([1, 2, 3, 4]), { eps: 0 }).readSync();
    const r = Math.sqrt((9 + 16) / 4);
    expect([...y]).toEqual([3 / r, 8 / r, 0, 0].map(Math.fround));
  });

  it('softmax sums to one, is shift-invariant and gives masked entries 0', async () => {
    const y = softmax(
      t([1, 2, 3, Number.NEGATIVE_INFINITY, 1001, 1002, 1003, 0], [2, 4]),
    ).readSync();
    const e = [Math.exp(-2), Math.exp(-1), 1];
    const s = e[0]! + e[1]! + e[2]!;
    expect([...y.slice(0, 4)]).toEqual([...e.map((v) => Math.fround(v / s)), 0]);
    expect(y[4]).toBeCloseTo(y[0]!, 6);
  });

  it('rope rotates pair i of position p by p·θ^(−2i/d), interleaved or neox', async () => {
    const x = [1, 0, 1, 0];
    const inter = rope(t(x, [1, 4]), { headDim: 4, offset: 2 }).readSync();
    const a0 = 2;
    const a1 = 2 * 10000 ** (-2 / 4);
    expect(inter[0]).toBeCloseTo(Math.cos(a0), 6);
    expect(inter[1]).toBeCloseTo(Math.sin(a0), 6);
    expect(inter[2]).toBeCloseTo(Math.cos(a1), 6);
    expect(inter[3]).toBeCloseTo(Math.sin(a1), 6);
    const neox = rope(t([1, 1, 0, 0], [1, 4]), { headDim: 4, offset: 2, style: 'neox' }).readSync();
    expect(neox[0]).toBeCloseTo(Math.cos(a0), 6);
    expect(neox[2]).toBeCloseTo(Math.sin(a0), 6);
    expect(neox[1]).toBeCloseTo(Math.cos(a1), 6);
    expect(neox[3]).toBeCloseTo(Math.sin(a1), 6);
    expect(() => rope(t(x, [1, 4]), { headDim: 3 })).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });

  it('swiglu = silu(gate) · up; silu alone without up', async () => {
    const silu = (g: number) => g / (1 + Math.exp(-g));
    expect([...swiglu(t([0, 1, -2]), t([5, 2, 3])).readSync()]).toEqual(
      [0, 2 * silu(1), 3 * silu(-2)].map(Math.fround),
    );
    expect([...swiglu(t([1])).readSync()]).toEqual([Math.fround(silu(1))]);
  });

  it('linear with per-group scales multiplies each row group before the product', async () => {
    expect([
      ...applyGroupScales(
        Float32Array.from([1, 1, 1, 1, 2, 2, 2, 2]),
        Float32Array.from([1, 10, 100, 1000]),
        4,
        2,
      ),
    ]).toEqual([1, 1, 10, 10, 200, 200, 2000, 2000]);
    const y = linear(
      t([1, 2, 3, 4], [1, 4]),
      t([1, 1, 1, 1, 1, 0, 0, 1], [2, 4]),
      t([2, 3, 1, 10], [2, 2]),
    );
    expect([...y.readSync()]).toEqual([2 * 3 + 3 * 7, 1 * 1 + 10 * 4]);
  });
});
