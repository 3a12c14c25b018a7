import { createRng } from '@lowbit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDecoder, createEncoder, info, streamUnit, values } from './bulk.ts';
import { allFormats, registerAllFormats } from './register-all.ts';

registerAllFormats();

const streamable = allFormats.filter((f) => {
  try {
    streamUnit(f);
    return !('canEncode' in f) || (f as { canEncode: boolean }).canEncode;
  } catch {
    return false;
  }
});

function concat<T extends Float32Array | Uint8Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('bulk API', () => {
  it('info reports the numeric facts', () => {
    expect(info('fp8_e4m3fn')).toMatchObject({
      bits: 8,
      max: 448,
      minNormal: 2 ** -6,
      minSubnormal: 2 ** -9,
      epsilon: 0.125,
      blockSize: null,
    });
    expect(info('q4_K')).toMatchObject({ bitsPerValue: 4.5, blockSize: 256 });
  });

  it('values gives exact tables for small scalar formats only', () => {
    expect(values('int4').length).toBe(16);
    expect(values('bf16').length).toBe(65536);
    expect(() => values('q4_0')).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
  });

  it('refuses to stream formats with a per-tensor scale', () => {
    expect(() => createEncoder('nvfp4_scaled')).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED' }),
    );
  });

  it.each(streamable.map((f) => [f.name, f] as const))(
    '%s: chunked encode/decode equals one-shot',
    (_name, format) => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 5 }),
          (sizes) => {
            const rng = createRng(sizes.length);
            const chunks = sizes.map((n) =>
              Float32Array.from({ length: n }, () => (rng.nextFloat() - 0.5) * 20),
            );
            const all = concat(chunks, (n) => new Float32Array(n));
            const rounding = format.roundingModes.includes('stochastic')
              ? 'stochastic'
              : 'nearest-even';
            const options = { rounding, seed: 11 } as const;
            const encoder = createEncoder(format, options);
            const bytes = concat(
              [...chunks.map((c) => encoder.push(c)), encoder.end()],
              (n) => new Uint8Array(n),
            );
            expect(bytes).toEqual(format.encode(all, options));
            const decoder = createDecoder(format, all.length);
            const cut = Math.floor(bytes.length / 2);
            const first = decoder.push(bytes.subarray(0, cut));
            const second = decoder.push(bytes.subarray(cut));
            const last = decoder.end();
            expect(concat([first, second, last], (n) => new Float32Array(n))).toEqual(
              format.decode(bytes, all.length),
            );
          },
        ),
        { numRuns: 8 },
      );
    },
  );
});
