import { describe, expect, it } from 'vitest';
import { createRng, rngFromState, splitMix64 } from './xoshiro128.ts';

// Golden values printed by __fixtures__/xoshiro128ss-reference.c (the authors' C code).
describe('xoshiro128**', () => {
  it('matches the reference generator from explicit state', () => {
    const rng = rngFromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => rng.nextU32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
    rng.jump();
    expect(Array.from({ length: 3 }, () => rng.nextU32())).toEqual([
      2327035934, 1140626159, 913312880,
    ]);
  });

  it('seeds through SplitMix64 exactly as the reference does', () => {
    expect(splitMix64(0n)()).toBe(16294208416658607535n);
    const cases: [number | bigint, number[]][] = [
      [0, [3737715805, 2584255861, 2876756834, 3286328325, 1553311962]],
      [42, [1776835114, 4165204688, 17111135, 2317295270, 2792088233]],
      [0xdeadbeefcafef00dn, [2474271784, 3449294574, 398812087, 2604086039, 1794633561]],
    ];
    for (const [seed, expected] of cases) {
      const rng = createRng(seed);
      expect(Array.from({ length: 5 }, () => rng.nextU32())).toEqual(expected);
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = createRng(7).fill(new Uint32Array(64));
    const b = createRng(7).fill(new Uint32Array(64));
    const c = createRng(8).fill(new Uint32Array(64));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('resumes from its state words', () => {
    const rng = createRng(99);
    rng.nextU32();
    const copy = rngFromState(rng.state());
    expect(copy.nextU32()).toBe(rng.nextU32());
  });

  it('nextFloat is uniform in [0, 1)', () => {
    const rng = createRng(1);
    let sum = 0;
    let outside = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // Mean of n uniforms has standard deviation 1/sqrt(12n) ≈ 0.0009; allow 5 sigma.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.0046);
  });

  it('rejects seeds that are not integers and an all-zero state', () => {
    expect(() => createRng(1.5)).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
    expect(() => rngFromState([0, 0, 0, 0])).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });
});
