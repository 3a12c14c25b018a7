/**
 * The bulk API over any format: `info` (numeric facts), `values` (exact value table of small
 * scalar formats), and streaming encoders/decoders that accept data in chunks of any size and
 * produce exactly the bytes (values) one call on the whole input would.
 */
import {
  type EncodeOptions,
  ErrorCode,
  type Format,
  LowbitError,
  resolveEncodeOptions,
  resolveFormat,
} from '@lowbit/core';

export interface FormatInfo {
  name: string;
  bits: number;
  bitsPerValue: number;
  max: number;
  minNormal: number;
  minSubnormal: number;
  epsilon: number;
  blockSize: number | null;
}

export function info(format: string | Format): FormatInfo {
  const f = resolveFormat(format);
  return {
    name: f.name,
    bits: f.bits,
    bitsPerValue: f.bitsPerValue,
    max: f.range.max,
    minNormal: f.range.minNormal,
    minSubnormal: f.range.minSubnormal,
    epsilon: f.range.epsilon,
    blockSize: f.block?.size ?? null,
  };
}

/** The exact value of every code of a scalar format of at most 16 bits (index = code). */
export function values(format: string | Format): Float32Array {
  const f = resolveFormat(format);
  if (!f.values) {
    throw new LowbitError(
      ErrorCode.Unsupported,
      `${f.name} has no value table: only scalar formats of at most 16 bits do (it is ${f.block ? 'a block format' : `${f.bits}-bit`}).`,
    );
  }
  return f.values();
}

/** Values per independently encodable unit: a block, or enough codes to fill whole bytes. */
export function streamUnit(format: Format): number {
  if (format.block) {
    if (format.block.scales.some((s) => s.scope === 'tensor')) {
      throw new LowbitError(
        ErrorCode.Unsupported,
        `${format.name} has a per-tensor scale, which needs the whole tensor before the first byte; encode it in one call.`,
      );
    }
    return format.block.size;
  }
  let unit = 1;
  while ((unit * format.bits) % 8 !== 0) unit++;
  return unit;
}

export interface StreamEncoder {
  /** Encodes what can be encoded of `chunk` (whole units), keeping the rest for later. */
  push(chunk: Float32Array): Uint8Array;
  /** Encodes what is left (a partial final unit is padded, as one-shot encoding does). */
  end(): Uint8Array;
}

/**
 * A chunked encoder. Stochastic rounding draws from one stream across chunks, so the output
 * equals `format.encode(all values, options)` byte for byte.
 */
export function createEncoder(format: string | Format, options: EncodeOptions = {}): StreamEncoder {
  const f = resolveFormat(format);
  const unit = streamUnit(f);
  const resolved = resolveEncodeOptions(f, options);
  const shared: EncodeOptions = {
    ...options,
    rounding: resolved.rounding,
    overflow: resolved.overflow,
    scaleRule: resolved.scaleRule,
    ...(resolved.rng ? { rng: resolved.rng } : {}),
  };
  let pending = new Float32Array(0);
  return {
    push(chunk) {
      const all = new Float32Array(pending.length + chunk.length);
      all.set(pending);
      all.set(chunk, pending.length);
      const whole = all.length - (all.length % unit);
      pending = all.slice(whole);
      return f.encode(all.subarray(0, whole), shared);
    },
    end() {
      const rest = pending;
      pending = new Float32Array(0);
      return f.encode(rest, shared);
    },
  };
}

export interface StreamDecoder {
  /** Decodes the whole units in `bytes` (plus any kept from before), up to the total count. */
  push(bytes: Uint8Array): Float32Array;
  /** Decodes what is left (the final, possibly partial, unit). */
  end(): Float32Array;
}

/** A chunked decoder for `count` values: chunks may split bytes and blocks anywhere. */
export function createDecoder(format: string | Format, count: number): StreamDecoder {
  const f = resolveFormat(format);
  const unit = streamUnit(f);
  const unitBytes = f.byteLength(unit);
  let pending = new Uint8Array(0);
  let left = count;
  return {
    push(bytes) {
      const all = new Uint8Array(pending.length + bytes.length);
      all.set(pending);
      all.set(bytes, pending.length);
      const units = Math.min(Math.floor(all.length / unitBytes), Math.floor(left / unit));
      pending = all.slice(units * unitBytes);
      left -= units * unit;
      return f.decode(all.subarray(0, units * unitBytes), units * unit);
    },
    end() {
      const out = f.decode(pending, left);
      pending = new Uint8Array(0);
      left = 0;
      return out;
    },
  };
}
