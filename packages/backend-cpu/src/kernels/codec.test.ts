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

  it('re-encodes packed tensors by decoding them first', async () => {
    const half = tensor(values, [1001], { format: 'f16' });
    const again = encode(half, 'f16');
    expect(again.readBytesSync()).toEqual(half.readBytesSync());
  });

  it('rejects unknown target formats with a suggestion', async () => {
    expect(() => encode(tensor([1]), 'f15')).toThrow(/Did you mean "f16"/);
  });
});
