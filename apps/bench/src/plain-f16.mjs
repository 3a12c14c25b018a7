// The plain-JS best effort at f16, beside the JS library peer: decode through a 65,536-entry
// table, encode with float32 bit tricks (round to nearest even, F. Giesen's
// float_to_half_fast3_rtne; NaN keeps its top 10 payload bits and turns quiet, as core's codec).

/** The value of every binary16 code, computed from its fields (not from lowbit's codec). */
export function f16Table() {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 31;
    const mantissa = h & 1023;
    if (exponent === 0) table[h] = sign * mantissa * 2 ** -24;
    else if (exponent === 31) table[h] = mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else table[h] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return table;
}

/** Decodes binary16 codes into `out` through `table` (from f16Table). */
export function decodeF16(codes, out, table) {
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]];
  return out;
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);
const f16Overflow = 143 << 23; // 65536.0f: at or above it, infinity (or NaN)
const f16Subnormal = 113 << 23; // 2^-14: below it, a subnormal or zero
const half = 126 << 23; // 0.5f: adding it rounds a subnormal's bits into place (RNE)
const rebias = ((15 - 127) << 23) + 0xfff;

/** The binary16 code of a float32 bit pattern, round to nearest even. */
export function halfBits(bits) {
  const sign = (bits >>> 16) & 0x8000;
  const abs = bits & 0x7fffffff;
  if (abs >= f16Overflow) {
    if (abs > 0x7f800000) return sign | 0x7e00 | ((abs >>> 13) & 0x3ff);
    return sign | 0x7c00;
  }
  if (abs < f16Subnormal) {
    scratchBits[0] = abs;
    scratch[0] += 0.5;
    return sign | (scratchBits[0] - half);
  }
  return sign | ((abs + rebias + ((abs >>> 13) & 1)) >>> 13);
}

/** Encodes float32 values (a Float32Array) into binary16 codes in `out` (a Uint16Array). */
export function encodeF16(values, out) {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBits(bits[i]);
  return out;
}
