/** Shared pieces of block codecs: block counts, float32 exponent arithmetic. */
import { checkDecodeInput, type Format } from '@lowbit/core';

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

export function blockCount(count: number, blockSize: number): number {
  return Math.ceil(count / blockSize);
}

/** ⌊log2 |x|⌋ for finite non-zero x, exact (read from the float32 bit pattern). */
export function floorLog2(x: number): number {
  scratchFloat[0] = x;
  const bits = scratchBits[0]!;
  const exponent = (bits >>> 23) & 0xff;
  if (exponent !== 0) return exponent - 127;
  return -127 - (Math.clz32(bits & 0x7fffff) - 9);
}

/** |x| with its float32 mantissa rounded (half up) to `mantissaBits` bits. */
export function roundMantissa(x: number, mantissaBits: number): number {
  scratchFloat[0] = Math.abs(x);
  scratchBits[0] =
    (scratchBits[0]! + (1 << (22 - mantissaBits))) & ~((1 << (23 - mantissaBits)) - 1);
  return scratchFloat[0]!;
}

/** Values of one block, zero-padded past the end of the input. */
export function blockValues(
  values: Float32Array,
  block: number,
  blockSize: number,
  out: Float32Array,
): Float32Array {
  const start = block * blockSize;
  const end = Math.min(start + blockSize, values.length);
  out.fill(0);
  out.set(values.subarray(start, end));
  return out;
}

export function checkBlockDecode(format: Format, bytes: Uint8Array, count: number): void {
  checkDecodeInput(format, bytes, count);
}

/** The largest |v| over the finite values (NaN and ±Inf ignored); 0 when there is none. */
export function finiteAbsMax(values: Float32Array): number {
  let amax = 0;
  for (const v of values) if (Number.isFinite(v)) amax = Math.max(amax, Math.abs(v));
  return amax;
}

/**
 * The rule for non-finite input in block formats whose encoders expect finite values (README,
 * "±Inf and NaN in block formats"): ±Inf stands for ±(the block's largest finite magnitude),
 * so it cannot poison the scale and decodes to the block's saturated max; in a block with no
 * finite non-zero value it stands for ±`fallback`. NaN becomes 0. Rewrites `block` in place.
 */
export function saturateNonFinite(block: Float32Array, fallback: number): Float32Array {
  let limit = -1;
  for (let i = 0; i < block.length; i++) {
    const v = block[i]!;
    if (Number.isFinite(v)) continue;
    if (limit < 0) limit = finiteAbsMax(block) || fallback;
    block[i] = Number.isNaN(v) ? 0 : Math.sign(v) * limit;
  }
  return block;
}
