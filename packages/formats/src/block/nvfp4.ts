/**
 * NVFP4 (NVIDIA Blackwell): E2M1 elements, an FP8 E4M3 scale per 16 elements, and an FP32
 * scale for the whole tensor (two-level scaling). Decoded value = e2m1 · e4m3 · tensorScale.
 *
 * Blocks use ggml's block_nvfp4 layout (64 values in 36 bytes): four E4M3 scale bytes, then for
 * each 16-value group 8 bytes in which byte j holds value j (low nibble) and j+8 (high nibble).
 * - `nvfp4`: the blocks alone, tensor scale 1 (ggml type 40, as found in GGUF files). Its
 *   former name `nvfp4_ggml` is kept as an alias.
 * - `nvfp4_scaled`: a 4-byte little-endian float32 tensor scale, then the blocks (called
 *   `nvfp4` before 0.x; readers of lowbit's own files tell the two apart by size).
 *
 * Encoding follows NVIDIA's recipe: tensorScale = amax / (6 · 448) so every block scale fits
 * E4M3; each block's scale starts at amax_block / 6 / tensorScale rounded to E4M3, and the
 * neighbouring E4M3 codes are tried too, keeping the one with the least squared error. Both
 * amaxes are taken over the finite values; within a 16-value group ±Inf stands for ±(the
 * group's largest finite magnitude), or ±6·448·tensorScale in a group with nothing finite and
 * non-zero, and NaN for 0 (E2M1 has no NaN).
 *
 * Under a rounding other than nearest-even (e.g. `stochastic`, which NVIDIA's NVFP4 training
 * recipe uses for gradients) the scales are chosen as above and the elements, divided by
 * their scale, are rounded in that mode.
 */
import {
  defineFormat,
  type EncodeOptions,
  type Format,
  f32,
  type Rng,
  type RoundingMode,
  resolveEncodeOptions,
  roundingModes,
} from '@lowbit/core';
import { encodeNumber, float32Bits, nearestEvenEncoder } from '../scalar/minifloat-nearest.ts';
import { fp4E2m1fn, fp8E4m3fn } from '../scalar/minifloats.ts';
import { mul, run } from './block-params.ts';
import {
  blockCount,
  blockValues,
  checkBlockDecode,
  finiteAbsMax,
  saturateNonFinite,
} from './block-support.ts';

const GROUP = 16;
const BLOCK = 64;
const BLOCK_BYTES = 36;
const E2M1_MAX = 6;
const E4M3_MAX = 448;
const e2m1 = fp4E2m1fn.codec;
const e4m3 = fp8E4m3fn.codec;
const e2m1Values = Float32Array.from({ length: 16 }, (_, c) => e2m1.value(c));
const e4m3Values = Float32Array.from({ length: 256 }, (_, c) => e4m3.value(c));
const e2m1Nearest = nearestEvenEncoder(e2m1)!;
const e4m3Nearest = nearestEvenEncoder(e4m3)!;

/** Encodes 16 values with scale code `s`; returns squared error, writes codes. */
function encodeGroup(x: Float32Array, from: number, scale: number, codes: Uint8Array): number {
  let error = 0;
  const inverse = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < GROUP; i++) {
    const code = encodeNumber(e2m1Nearest, x[from + i]! * inverse);
    codes[i] = code;
    const d = e2m1Values[code]! * scale - x[from + i]!;
    error += d * d;
  }
  return error;
}

/** Rewrites the 16 codes for scale `scale` under `rounding` (one RNG draw per value). */
function roundGroup(
  x: Float32Array,
  from: number,
  scale: number,
  rounding: RoundingMode,
  rng: Rng | undefined,
  codes: Uint8Array,
): void {
  const inverse = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < GROUP; i++)
    codes[i] = e2m1.encodeBits(float32Bits(x[from + i]! * inverse), rounding, true, rng);
}

/** The group's largest finite magnitude, after `saturateNonFinite` if it holds NaN or ±Inf. */
function groupAbsMax(block: Float32Array, from: number, largest: number): number {
  let amax = 0;
  for (let i = from; i < from + GROUP; i++) {
    const v = block[i]!;
    if (!Number.isFinite(v))
      return finiteAbsMax(saturateNonFinite(block.subarray(from, from + GROUP), largest));
    amax = Math.max(amax, Math.abs(v));
  }
  return amax;
}

/** Value = e2m1 · (e4m3 · tensor scale), each product rounded to float32 (block_nvfp4). */
const blockFields = [
  run('scale', 4, 0, 8, { as: fp8E4m3fn.params }),
  run('q', BLOCK, 32, 4, {
    as: fp4E2m1fn.params,
    dims: [
      { count: 4, stride: 64 },
      { count: 2, stride: 4 },
      { count: 8, stride: 8 },
    ],
  }),
];

function defineNvfp4(
  name: string,
  withTensorScale: boolean,
  summary: string,
  aliases: readonly string[] = [],
  formerNames: readonly string[] = [],
): Format {
  const header = withTensorScale ? 4 : 0;
  const format: Format = {
    name,
    aliases,
    formerNames,
    family: 'block',
    summary,
    bits: 4,
    bitsPerValue: (BLOCK_BYTES * 8) / BLOCK,
    block: {
      size: BLOCK,
      bytes: BLOCK_BYTES,
      scales: [
        { format: 'fp8_e4m3fn', blockSize: GROUP, scope: 'block' },
        ...(withTensorScale ? [{ format: 'f32', blockSize: BLOCK, scope: 'tensor' as const }] : []),
      ],
    },
    range: {
      max:
        E2M1_MAX * E4M3_MAX * (withTensorScale ? 3.4028234663852886e38 / (E2M1_MAX * E4M3_MAX) : 1),
      min:
        -E2M1_MAX *
        E4M3_MAX *
        (withTensorScale ? 3.4028234663852886e38 / (E2M1_MAX * E4M3_MAX) : 1),
      minNormal: 0.5 * 2 ** -9,
      minSubnormal: withTensorScale ? 2 ** -149 : 0.5 * 2 ** -9,
      epsilon: Number.NaN,
    },
    params: {
      kind: 'block',
      size: BLOCK,
      bytes: BLOCK_BYTES,
      fields: blockFields,
      ...(withTensorScale
        ? {
            header: { bytes: 4, fields: [run('tensorScale', 1, 0, 32, { as: f32.params })] },
            value: mul('q', mul('scale', 'tensorScale')),
          }
        : { value: mul('q', 'scale') }),
    },
    special: { nan: 'single', infinity: false, negativeZero: true },
    roundingModes,
    defaults: { rounding: 'nearest-even', overflow: 'saturate' },
    byteLength: (count: number) => header + blockCount(count, BLOCK) * BLOCK_BYTES,
    encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
      const { rounding, rng } = resolveEncodeOptions(format, options);
      const amax = finiteAbsMax(values);
      const tensorScale =
        withTensorScale && amax > 0 ? Math.fround(amax / (E2M1_MAX * E4M3_MAX)) : 1;
      const largest = E2M1_MAX * E4M3_MAX * tensorScale;
      const blocks = blockCount(values.length, BLOCK);
      const out = new Uint8Array(header + blocks * BLOCK_BYTES);
      if (withTensorScale) new DataView(out.buffer).setFloat32(0, tensorScale, true);
      const block = new Float32Array(BLOCK);
      const codes = new Uint8Array(GROUP);
      const best = new Uint8Array(GROUP);
      for (let b = 0; b < blocks; b++) {
        blockValues(values, b, BLOCK, block);
        const at = header + b * BLOCK_BYTES;
        for (let g = 0; g < 4; g++) {
          const groupMax = groupAbsMax(block, g * GROUP, largest);
          const start = encodeNumber(e4m3Nearest, groupMax / E2M1_MAX / tensorScale);
          let bestError = Number.POSITIVE_INFINITY;
          let bestCode = start;
          for (
            let code = Math.max(0, start - 2);
            code <= Math.min(e4m3.maxCode, start + 2);
            code++
          ) {
            const error = encodeGroup(block, g * GROUP, e4m3Values[code]! * tensorScale, codes);
            if (error < bestError) {
              bestError = error;
              bestCode = code;
              best.set(codes);
            }
          }
          out[at + g] = bestCode;
          if (rounding !== 'nearest-even')
            roundGroup(block, g * GROUP, e4m3Values[bestCode]! * tensorScale, rounding, rng, best);
          for (let j = 0; j < 8; j++) out[at + 4 + 8 * g + j] = best[j]! | (best[j + 8]! << 4);
        }
      }
      return out;
    },
    decode(bytes: Uint8Array, count: number): Float32Array {
      checkBlockDecode(format, bytes, count);
      const tensorScale = withTensorScale
        ? new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true)
        : 1;
      const out = new Float32Array(blockCount(count, BLOCK) * BLOCK);
      for (let b = 0; b < out.length / BLOCK; b++) {
        const at = header + b * BLOCK_BYTES;
        for (let g = 0; g < 4; g++) {
          const scale = Math.fround(e4m3Values[bytes[at + g]!]! * tensorScale);
          for (let j = 0; j < 8; j++) {
            const q = bytes[at + 4 + 8 * g + j]!;
            out[b * BLOCK + g * GROUP + j] = e2m1Values[q & 0xf]! * scale;
            out[b * BLOCK + g * GROUP + j + 8] = e2m1Values[q >> 4]! * scale;
          }
        }
      }
      return count === out.length ? out : out.slice(0, count);
    },
  };
  return defineFormat(format);
}

export const nvfp4 = defineNvfp4(
  'nvfp4',
  false,
  'NVIDIA NVFP4 blocks as GGUF stores them (ggml type 40): E2M1, E4M3 scale per 16',
  ['nvfp4_ggml'],
);

export const nvfp4Scaled = defineNvfp4(
  'nvfp4_scaled',
  true,
  'NVFP4 with NVIDIA’s FP32 tensor scale: a 4-byte header, then nvfp4 blocks',
  [],
  ['nvfp4'],
);

/** @deprecated The ggml layout is `nvfp4` now; this is the same descriptor. */
export const nvfp4Ggml = nvfp4;
