import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { fixtureFloats } from '../../../tooling/test-helpers/fixtures.ts';
import { parseFormatSpec } from './analyze-specs.ts';
import { dequantize, quantize } from './quantize.ts';
import { deserializeQuantized, isQuantizedFile, serializeQuantized } from './quantized-file.ts';

registerAllFormats();
const weights = fixtureFloats('ggml-blocks/input.f32').slice(2048, 3072);
const shape = [8, 128];

function roundTrip(spec: string) {
  const { format, options } = parseFormatSpec(spec);
  const q = quantize(weights, shape, format, options);
  const bytes = serializeQuantized(spec, q);
  return { q, bytes, read: deserializeQuantized(bytes) };
}

describe('quantized file', () => {
  it('reads back every scaled spec bit-exactly as dequantize gives it', () => {
    for (const spec of ['int4/g32', 'int4/g64/mse/zp', 'fp8_e4m3fn/ch', 'nf4/g64', 'int8/tensor']) {
      const { q, bytes, read } = roundTrip(spec);
      expect(isQuantizedFile(bytes), spec).toBe(true);
      expect(read.spec).toBe(spec);
      expect(read.tensor.shape).toEqual(shape);
      expect(read.tensor.scales).toEqual(q.scales);
      expect(new Uint32Array(dequantize(read.tensor).buffer), spec).toEqual(
        new Uint32Array(dequantize(q).buffer),
      );
    }
  });

  it('reads a file that recorded the tensor-scale container as "nvfp4" (its name before nvfp4_scaled)', () => {
    const { q, bytes } = roundTrip('nvfp4_scaled');
    // The same file as lowbit wrote it before the rename: spec "nvfp4", padded to 4 bytes.
    const rest = bytes.subarray(8 + 12);
    const old = new Uint8Array(8 + 8 + rest.length);
    old.set(bytes.subarray(0, 6));
    new DataView(old.buffer).setUint16(6, 5, true);
    old.set(new TextEncoder().encode('nvfp4'), 8);
    old.set(rest, 16);
    const read = deserializeQuantized(old);
    expect(read.spec).toBe('nvfp4');
    expect(read.tensor.format.name).toBe('nvfp4_scaled');
    expect(new Uint32Array(dequantize(read.tensor).buffer)).toEqual(
      new Uint32Array(dequantize(q).buffer),
    );
    // A file of the ggml layout under the same name reads as nvfp4.
    expect(deserializeQuantized(roundTrip('nvfp4').bytes).tensor.format.name).toBe('nvfp4');
  });

  it('lays out magic, version, spec, shape, counts, codes, scales as documented', () => {
    const { q, bytes } = roundTrip('int4/g32');
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('LBQT');
    expect(view.getUint16(4, true)).toBe(1);
    expect(view.getUint16(6, true)).toBe(8);
    expect(new TextDecoder().decode(bytes.subarray(8, 16))).toBe('int4/g32');
    // rank, 2 dims, code bytes, scales, zero points
    expect(Array.from({ length: 6 }, (_, i) => view.getUint32(16 + 4 * i, true))).toEqual([
      2, 8, 128, 512, 32, 0,
    ]);
    expect(bytes.subarray(40, 40 + 512)).toEqual(q.data);
    expect(view.getFloat32(40 + 512, true)).toBe(q.scales[0]);
    expect(bytes.length).toBe(40 + 512 + 4 * 32);
  });

  it('refuses cut, padded, foreign and self-contradicting files with coded errors', () => {
    const { bytes } = roundTrip('int4/g32');
    expect(() => deserializeQuantized(bytes.subarray(0, bytes.length - 3))).toThrow(
      expect.objectContaining({
        code: 'E_FILE_TRUNCATED',
        message: expect.stringMatching(/677 bytes .* needs 680/),
      }),
    );
    expect(() => deserializeQuantized(bytes.subarray(0, 20))).toThrow(
      expect.objectContaining({ code: 'E_FILE_TRUNCATED' }),
    );
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => deserializeQuantized(longer)).toThrow(
      expect.objectContaining({ code: 'E_FILE_CORRUPT' }),
    );
    expect(() => deserializeQuantized(new Uint8Array(100))).toThrow(
      expect.objectContaining({ code: 'E_FILE_CORRUPT' }),
    );
    // A shape claiming 2^32 − 1 rows: refused by the count check, nothing allocated.
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(20, 0xffffffff, true);
    expect(() => deserializeQuantized(huge)).toThrow(
      expect.objectContaining({ code: 'E_FILE_CORRUPT' }),
    );
    const future = bytes.slice();
    future[4] = 2;
    expect(() => deserializeQuantized(future)).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED_VERSION' }),
    );
  });

  it('refuses to label a tensor with a spec it was not made with', () => {
    const q = quantize(weights, shape, 'int4', { granularity: 'group', groupSize: 64 });
    expect(() => serializeQuantized('int4/g32', q)).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });
});
