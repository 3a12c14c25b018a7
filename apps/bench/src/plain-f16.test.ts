import { halfFromFloatBits, halfToFloat } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { decodeF16, encodeF16, f16Table, halfBits } from './plain-f16.mjs';

describe('plain-JS f16 peer', () => {
  it('decodes all 65,536 codes as core does (NaN as NaN)', () => {
    const codes = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const out = decodeF16(codes, new Float32Array(65536), f16Table());
    const wrong = [...codes].filter((c) => !Object.is(out[c], Math.fround(halfToFloat(c))));
    expect(wrong).toEqual([]);
  });

  it('encodes every f16 value, every tie between neighbours and the points around it as core does', () => {
    const table = f16Table();
    const f32 = new Float32Array(1);
    const bits = new Uint32Array(f32.buffer);
    const wrong: number[] = [];
    const check = (pattern: number) => {
      if (halfBits(pattern >>> 0) !== halfFromFloatBits(pattern >>> 0)) wrong.push(pattern >>> 0);
    };
    for (let c = 0; c < 0x7c00; c++) {
      for (const sign of [0, 0x8000]) {
        f32[0] = (table[c | sign] + table[(c + 1) | sign]) / 2;
        for (let d = -2; d <= 2; d++) check(bits[0] + d);
        f32[0] = table[c | sign];
        check(bits[0]);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('encodes a strided sweep of all float32 bit patterns (incl. NaN payloads, ±Inf, overflow) as core does', () => {
    const wrong: number[] = [];
    for (let pattern = 0; pattern < 2 ** 32; pattern += 4099) {
      if (halfBits(pattern) !== halfFromFloatBits(pattern)) wrong.push(pattern);
    }
    for (const pattern of [
      0x7f800000, 0xff800000, 0x7fc00000, 0x477ff000, 0x477fefff, 0x47800000,
    ]) {
      if (halfBits(pattern) !== halfFromFloatBits(pattern)) wrong.push(pattern);
    }
    expect(wrong).toEqual([]);
  });

  it('encodes a Float32Array in bulk', () => {
    const values = Float32Array.of(1, -2.5, 65520, 1e-8, -0);
    expect([...encodeF16(values, new Uint16Array(5))]).toEqual([0x3c00, 0xc100, 0x7c00, 0, 0x8000]);
  });
});
