import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { nearestEvenEncoder } from './minifloat-nearest.ts';
import { minifloatFormats } from './minifloats.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (x: number) => {
  f32[0] = x;
  return u32[0]!;
};

/** Every float32 at, one ulp below and one ulp above each value and each midpoint, both signs. */
function edges(values: Float32Array): number[] {
  const finite = [...values].filter(Number.isFinite).map(Math.abs);
  const sorted = [...new Set(finite)].sort((a, b) => a - b);
  const points = [...sorted, 2 * sorted[sorted.length - 1]!];
  for (let i = 0; i + 1 < sorted.length; i++) points.push((sorted[i]! + sorted[i + 1]!) / 2);
  const out: number[] = [];
  for (const p of points)
    for (const b of [bitsOf(p) - 1, bitsOf(p), bitsOf(p) + 1])
      if (b >= 0) out.push(b >>> 0, (b | 0x80000000) >>> 0);
  return out;
}

const covered = minifloatFormats.filter((f) => f.bits <= 8 && f.name !== 'e8m0');

describe('nearestEvenEncoder', () => {
  it('covers every minifloat of at most 8 bits but e8m0', () => {
    for (const f of covered) expect(nearestEvenEncoder(f.codec), f.name).toBeDefined();
    expect(covered.map((f) => f.name)).toContain('fp4_e2m1fn');
  });

  it.each(covered.map((f) => [f.name, f] as const))(
    '%s: matches encodeBits on every tie ±1 ulp, specials and 200k random bit patterns',
    (_, format) => {
      const fast = nearestEvenEncoder(format.codec)!;
      const rng = createRng(7);
      const specials = [
        0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 1, 0x807fffff,
      ];
      const random = Array.from({ length: 200_000 }, () => rng.nextU32());
      let mismatches = 0;
      for (const bits of [...edges(format.values!()), ...specials, ...random])
        if (fast(bits) !== format.codec.encodeBits(bits, 'nearest-even', true)) mismatches++;
      expect(mismatches).toBe(0);
    },
  );
});
