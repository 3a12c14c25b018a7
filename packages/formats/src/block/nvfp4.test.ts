import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { fixtureFloats, relativeMse } from '../../../../tooling/test-helpers/fixtures.ts';
import { fp4E2m1fn, fp8E4m3fn } from '../scalar/minifloats.ts';
import { nvfp4, nvfp4Scaled } from './nvfp4.ts';

describe('nvfp4_scaled (two-level scaling)', () => {
  const input = fixtureFloats('ggml-blocks/input.f32');

  it('stores the tensor scale amax / (6·448) as a little-endian float32 header', () => {
    const bytes = nvfp4Scaled.encode(input);
    let amax = 0;
    for (const v of input) amax = Math.max(amax, Math.abs(v));
    expect(new DataView(bytes.buffer).getFloat32(0, true)).toBe(Math.fround(amax / 2688));
    expect(bytes.length).toBe(4 + (input.length / 64) * 36);
    expect(nvfp4Scaled.byteLength(64)).toBe(40);
  });

  it('decodes as e2m1 · e4m3 · tensor scale, group by group', () => {
    const bytes = nvfp4Scaled.encode(input);
    const tensorScale = new DataView(bytes.buffer).getFloat32(0, true);
    const decoded = nvfp4Scaled.decode(bytes, input.length);
    const e4m3 = fp8E4m3fn.values!();
    const e2m1 = fp4E2m1fn.values!();
    for (const i of [0, 9, 17, 63, 64, 1000, 4095]) {
      const block = Math.floor(i / 64);
      const group = Math.floor((i % 64) / 16);
      const j = i % 16;
      const at = 4 + block * 36;
      const byte = bytes[at + 4 + 8 * group + (j % 8)]!;
      const code = j < 8 ? byte & 0xf : byte >> 4;
      expect(decoded[i]).toBe(
        Math.fround(e2m1[code]! * Math.fround(e4m3[bytes[at + group]!]! * tensorScale)),
      );
    }
  });

  it('keeps error low where block scales alone would saturate or underflow', () => {
    const rng = createRng(4);
    const big = Float32Array.from({ length: 4096 }, () => (rng.nextFloat() - 0.5) * 1e6);
    const tiny = big.map((v) => v * 1e-9);
    for (const x of [big, tiny]) {
      const two = relativeMse(x, nvfp4Scaled.decode(nvfp4Scaled.encode(x), x.length));
      const one = relativeMse(x, nvfp4.decode(nvfp4.encode(x), x.length));
      expect(two).toBeLessThan(0.02);
      expect(two).toBeLessThan(one);
    }
  });

  it('encodes the fixture with error close to ggml’s block-only nvfp4', () => {
    const two = relativeMse(input, nvfp4Scaled.decode(nvfp4Scaled.encode(input), input.length));
    expect(two).toBeLessThan(0.0115);
  });

  it('handles an all-zero tensor and a partial final block', () => {
    expect(Array.from(nvfp4Scaled.decode(nvfp4Scaled.encode(new Float32Array(10)), 10))).toEqual(
      new Array(10).fill(0),
    );
    // E2M1 values at full scale: exact up to the float32 rounding of the tensor scale 6/2688.
    const x = Float32Array.from(
      { length: 70 },
      (_, i) => [0, 0.5, 1, 1.5, 2, 3, 4, 6, -6, -1][i % 10]!,
    );
    const y = nvfp4Scaled.decode(nvfp4Scaled.encode(x), 70);
    expect(y.length).toBe(70);
    for (let i = 0; i < 70; i++)
      expect(Math.abs(y[i]! - x[i]!)).toBeLessThanOrEqual(Math.abs(x[i]!) * 1e-6);
  });
});
