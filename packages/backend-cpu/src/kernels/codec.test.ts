import { createRng, decode, encode, engine, f16, tensor } from '@lowbit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';

beforeAll(() => {
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
});

describe('cpu encode / decode kernels', () => {
  const rng = createRng(11);
  const values = Float32Array.from({ length: 1001 }, () => (rng.nextFloat() - 0.5) * 1e5);

  it('produce exactly the format codec’s bytes, for every rounding option', async () => {
    const x = tensor(values, [7, 143]);
    for (const rounding of ['nearest-even', 'toward-zero', 'half-away', 'stochastic'] as const) {
      const packed = encode(x, 'f16', { rounding, seed: 9, overflow: 'saturate' });
      expect(packed.format).toBe(f16);
      expect(packed.shape).toEqual([7, 143]);
      expect(packed.byteLength).toBe(2002);
      expect(packed.readBytesSync()).toEqual(
        f16.encode(values, { rounding, seed: 9, overflow: 'saturate' }),
      );
      const back = decode(packed);
      expect(back.readSync()).toEqual(
        f16.decode(f16.encode(values, { rounding, seed: 9, overflow: 'saturate' }), 1001),
      );
    }
  });

  it('decodes every f16 code to the value its bits spell (IEEE 754 binary16)', () => {
    const codes = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const got = decode(engine.fromBytes(new Uint8Array(codes.buffer), [65536], 'f16')).readSync();
    const wrong = [];
    for (const code of codes) {
      const want = halfFromBits(code);
      const same = Number.isNaN(want) ? Number.isNaN(got[code]!) : Object.is(got[code], want);
      if (!same) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });

  it('encodes each value between neighbouring f16 values to the neighbour the rounding mode picks', () => {
    // Midpoints of consecutive positive finite codes: exact in f32 (12 significant bits).
    const low = Array.from({ length: 0x7bff }, (_, i) => i);
    const mid = Float32Array.from(low, (c) => (halfFromBits(c) + halfFromBits(c + 1)) / 2);
    const codesFor = (rounding: 'nearest-even' | 'toward-zero' | 'half-away') =>
      new Uint16Array(encode(tensor(mid), 'f16', { rounding }).readBytesSync().buffer);
    const evenTie = codesFor('nearest-even');
    const truncated = codesFor('toward-zero');
    const away = codesFor('half-away');
    const wrong = low.filter(
      (c, i) => evenTie[i] !== (c % 2 === 0 ? c : c + 1) || truncated[i] !== c || away[i] !== c + 1,
    );
    expect(wrong).toEqual([]);
    const overflow = encode(tensor([1e6, -1e6, 65520, 65519]), 'f16').readBytesSync();
    expect(Array.from(new Uint16Array(overflow.buffer))).toEqual([0x7c00, 0xfc00, 0x7c00, 0x7bff]);
  });

  it('re-encodes packed tensors by decoding them first', async () => {
    const half = tensor(values, [1001], { format: 'f16' });
    const again = encode(half, 'f16');
    expect(again.readBytesSync()).toEqual(half.readBytesSync());
  });

  it('rejects unknown target formats with a suggestion', async () => {
    expect(() => encode(tensor([1]), 'f15')).toThrow(/Did you mean "f16"/);
  });
});

/** binary16 from its bits, by the definition: (−1)^s · 2^(e−15) · 1.m, subnormals 2^−14 · 0.m. */
function halfFromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}
