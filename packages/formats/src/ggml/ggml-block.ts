/**
 * The shape every ggml block type shares: `blockSize` values stored in `blockBytes` bytes,
 * decoded and encoded one block at a time. Rows must be whole blocks in ggml; here a partial
 * final block is zero-padded on encode and only `count` values are returned on decode.
 * Layouts follow ggml's `block_*` structs (ggml-common.h); multi-byte fields are little-endian.
 */
import {
  type BlockParams,
  defineFormat,
  type EncodeOptions,
  ErrorCode,
  type Format,
  f16,
  LowbitError,
  resolveEncodeOptions,
  type ScaleLayout,
} from '@lowbit/core';
import {
  blockCount,
  blockValues,
  checkBlockDecode,
  saturateNonFinite,
} from '../block/block-support.ts';

/** ±Inf in a block with no finite non-zero value becomes ±f16 max, which every ggml block holds. */
export const F16_MAX = 65504;

export interface GgmlBlockSpec {
  name: string;
  /** ggml's `enum ggml_type` id, as stored in GGUF files. */
  ggmlType: number;
  summary: string;
  blockSize: number;
  blockBytes: number;
  /** Bits per element excluding scales (for tables). */
  bits: number;
  scales: readonly ScaleLayout[];
  /** Largest magnitude a block can hold, and the smallest positive one (informative). */
  maxMagnitude: number;
  minPositive: number;
  /** The layout as data (BlockParams without kind, size and bytes, which come from above). */
  layout: Pick<BlockParams, 'fields' | 'tables' | 'value'>;
  decodeBlock(bytes: Uint8Array, at: number, out: Float32Array): void;
  /** Absent for decode-only types. */
  encodeBlock?(values: Float32Array, out: Uint8Array, at: number): void;
}

export interface GgmlBlockFormat extends Format {
  readonly ggmlType: number;
  readonly canEncode: boolean;
}

const halfTable = f16.values!();

/** Little-endian binary16 at `at`, widened exactly. */
export function readHalf(bytes: Uint8Array, at: number): number {
  return halfTable[bytes[at]! | (bytes[at + 1]! << 8)]!;
}

const oneFloat = new Float32Array(1);
/** Writes `value` as binary16 (round to nearest even) and returns the stored value. */
export function writeHalf(bytes: Uint8Array, at: number, value: number): number {
  oneFloat[0] = value;
  const half = f16.encode(oneFloat);
  bytes[at] = half[0]!;
  bytes[at + 1] = half[1]!;
  return readHalf(bytes, at);
}

/** The value of largest magnitude, with its sign (the first one on ties). */
export function signedAbsMax(x: Float32Array): number {
  let best = 0;
  for (const v of x) if (Math.abs(v) > Math.abs(best)) best = v;
  return best;
}

export function defineGgmlBlock(spec: GgmlBlockSpec): GgmlBlockFormat {
  const { blockSize, blockBytes } = spec;
  const format: GgmlBlockFormat = {
    name: spec.name,
    family: 'block',
    summary: spec.summary,
    bits: spec.bits,
    bitsPerValue: (blockBytes * 8) / blockSize,
    ggmlType: spec.ggmlType,
    canEncode: spec.encodeBlock !== undefined,
    block: { size: blockSize, bytes: blockBytes, scales: spec.scales },
    range: {
      max: spec.maxMagnitude,
      min: -spec.maxMagnitude,
      minNormal: spec.minPositive,
      minSubnormal: spec.minPositive,
      epsilon: Number.NaN,
    },
    params: { kind: 'block', size: blockSize, bytes: blockBytes, ...spec.layout },
    special: { nan: 'none', infinity: false, negativeZero: false },
    // ggml's encoders search scales and codes together for the least error: nearest only.
    roundingModes: ['nearest-even'],
    defaults: { rounding: 'nearest-even', overflow: 'saturate' },
    byteLength: (count: number) => blockCount(count, blockSize) * blockBytes,
    encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
      resolveEncodeOptions(format, options);
      if (!spec.encodeBlock) {
        throw new LowbitError(
          ErrorCode.Unsupported,
          `${spec.name} can be decoded but not encoded yet; encode to a related type (e.g. q4_K, iq4_nl) instead.`,
          { details: { format: spec.name } },
        );
      }
      const blocks = blockCount(values.length, blockSize);
      const out = new Uint8Array(blocks * blockBytes);
      const block = new Float32Array(blockSize);
      for (let b = 0; b < blocks; b++) {
        blockValues(values, b, blockSize, block);
        spec.encodeBlock(saturateNonFinite(block, F16_MAX), out, b * blockBytes);
      }
      return out;
    },
    decode(bytes: Uint8Array, count: number): Float32Array {
      checkBlockDecode(format, bytes, count);
      const blocks = blockCount(count, blockSize);
      const out = new Float32Array(blocks * blockSize);
      const block = new Float32Array(blockSize);
      for (let b = 0; b < blocks; b++) {
        spec.decodeBlock(bytes, b * blockBytes, block);
        out.set(block, b * blockSize);
      }
      return count === out.length ? out : out.slice(0, count);
    },
  };
  return defineFormat(format);
}
