import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { iq4nlTable } from '../lut/lut-formats.ts';
import { nearestCode } from './iq4-quants.ts';

describe('iq4_nl nearestCode', () => {
  it('is iq4nlTable.encodeOne on every quarter-integer, ±1 ulp, specials and random doubles, with ties toward zero', () => {
    const rng = createRng(11);
    const xs = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0];
    for (let q = -140 * 4; q <= 140 * 4; q++) {
      const x = q / 4;
      xs.push(x, x + 2 ** -40, x - 2 ** -40);
    }
    for (let i = 0; i < 100_000; i++) xs.push((rng.nextFloat() * 2 - 1) * 140);
    const K = iq4nlTable.values!();
    const want = (x: number) => {
      const [inner, outer] = [
        iq4nlTable.encodeOne(x, 'toward-zero'),
        iq4nlTable.encodeOne(x, 'away-from-zero'),
      ];
      return Math.abs(x - K[inner]!) === Math.abs(K[outer]! - x) ? inner : iq4nlTable.encodeOne(x);
    };
    const mismatches = xs.filter((x) => nearestCode(x) !== want(x));
    expect(mismatches).toEqual([]);
  });
});
