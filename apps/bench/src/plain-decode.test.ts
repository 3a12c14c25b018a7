import { getFormat } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { decodeMx, decodeNvfp4, decodeScalar, valueTable } from './plain-decode.mjs';

registerAllFormats();

/** Random bytes (every code and every scale, NaN scales included), seeded. */
function bytesOf(length: number, seed: number): Uint8Array {
  let state = seed;
  return Uint8Array.from({ length }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 24;
  });
}

/** Indices where the values differ (NaN equals NaN: the peer need not canonicalise it). */
const mismatches = (got: Float32Array, want: Float32Array) =>
  [...want.keys()].filter((i) => !Object.is(got[i], want[i]));

describe('plain-JS table decode peer: the values of the formats’ own codecs', () => {
  it.each(['fp8_e4m3fn', 'fp8_e5m2', 'fp6_e2m3fn', 'fp4_e2m1fn', 'int4'])('%s', (name) => {
    const format = getFormat(name);
    const count = 4096;
    const bytes = bytesOf(format.byteLength(count) + 4, format.bits);
    const got = decodeScalar(bytes, count, format.bits, valueTable(name), new Float32Array(count));
    expect(mismatches(got, format.decode(bytes, count))).toEqual([]);
  });

  it.each([
    ['mxfp8_e4m3', 'fp8_e4m3fn', 8, false],
    ['mxfp6_e2m3', 'fp6_e2m3fn', 6, false],
    ['mxfp4', 'fp4_e2m1fn', 4, true],
  ] as const)('%s', (name, element, bits, ggml) => {
    const format = getFormat(name);
    const count = 32 * 300;
    const bytes = bytesOf(format.byteLength(count), bits);
    const got = decodeMx(bytes, count, bits, valueTable(element), ggml, new Float32Array(count));
    expect(mismatches(got, format.decode(bytes, count))).toEqual([]);
  });

  it('nvfp4 (with and without a tensor-scale header)', () => {
    const e4m3 = valueTable('fp8_e4m3fn');
    const e2m1 = valueTable('fp4_e2m1fn');
    const count = 64 * 100;
    const nvfp4 = getFormat('nvfp4');
    const bytes = bytesOf(nvfp4.byteLength(count), 7);
    // A finite tensor scale (the header's f32), so the values are not all NaN.
    new DataView(bytes.buffer).setFloat32(0, 0.75, true);
    const header = bytes.length - (count / 64) * 36;
    const got = decodeNvfp4(bytes, count, e4m3, e2m1, header, new Float32Array(count));
    expect(mismatches(got, nvfp4.decode(bytes, count))).toEqual([]);
  });
});
