/**
 * Posits ⟨n, es⟩ (Gustafson; Posit Standard 2022, which fixes es = 2): sign, a run-length
 * regime, es exponent bits, then fraction bits; negatives are the two's complement of the
 * positive pattern; 0…0 is zero and 10…0 is NaR (decoded as NaN).
 *
 * Encoding builds the value's unbounded bit string (regime, exponent, 23 float32 fraction bits),
 * keeps the first n−1 bits and rounds on the bit string, as the standard defines: nearest with
 * ties to the even pattern by default. Non-zero values never round to zero (they stop at
 * ±minpos) and finite values never reach NaR (they stop at ±maxpos). NaN and ±Inf encode to NaR.
 */
import {
  defineFormat,
  type Format,
  type Rng,
  type RoundingMode,
  roundingModes,
  roundsUp,
} from '@lowbit/core';
import { tableCodec } from './table-codec.ts';

export interface PositFormat extends Format {
  readonly es: number;
  /** Code of one value. */
  encodeOne(x: number, rounding?: RoundingMode, rng?: Rng): number;
  /** Value of one code (NaR → NaN). */
  codeValue(code: number): number;
}

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** Value of posit⟨n, es⟩ code `code` (NaR → NaN), straight from the definition. */
export function positValue(n: number, es: number, code: number): number {
  const size = 2 ** n;
  const nar = size / 2;
  const bodyBits = n - 1;
  if (code === 0) return 0;
  if (code === nar) return Number.NaN;
  const negative = code >= nar;
  let body = negative ? size - code : code; // magnitude pattern, top (sign) bit clear
  let position = bodyBits - 1;
  const first = (body >>> position) & 1;
  let run = 0;
  while (position >= 0 && ((body >>> position) & 1) === first) {
    run++;
    position--;
  }
  position--; // the regime's terminating bit (absent if the run filled the word)
  const regime = first === 1 ? run - 1 : -run;
  let exponent = 0;
  for (let i = 0; i < es; i++) {
    exponent = exponent * 2 + (position >= 0 ? (body >>> position) & 1 : 0);
    position--;
  }
  const fractionBits = Math.max(position + 1, 0);
  body &= 2 ** fractionBits - 1;
  const value = 2 ** (regime * 2 ** es + exponent) * (1 + body / 2 ** fractionBits);
  return negative ? -value : value;
}

export function definePosit(n: number, es: number): PositFormat {
  const name = `posit${n}_es${es}`;
  const size = 2 ** n;
  const nar = size / 2;
  const maxpos = nar - 1;
  const bodyBits = n - 1;

  const codeValue = (code: number) => positValue(n, es, code);

  function encodeOne(x: number, rounding: RoundingMode = 'nearest-even', rng?: Rng): number {
    if (x === 0) return 0;
    if (!Number.isFinite(x)) return nar;
    scratchFloat[0] = Math.abs(x);
    const bits = scratchBits[0]!;
    let exponent = (bits >>> 23) & 0xff;
    let fraction = bits & 0x7fffff;
    if (exponent === 0) {
      // Subnormal float32: normalise so the leading one becomes the implicit bit.
      const shift = Math.clz32(fraction) - 8;
      fraction = (fraction << shift) & 0x7fffff;
      exponent = 1 - shift;
    }
    const scale = exponent - 127;
    const useedLog = 2 ** es;
    let k = Math.floor(scale / useedLog);
    let e = scale - k * useedLog;
    let f = fraction;
    if (k > n - 2) [k, e, f] = [n - 2, 0, 0]; // beyond maxpos: clamp (the pattern then rounds to maxpos)
    if (k < -(n - 2)) [k, e, f] = [-(n - 2), 0, 0]; // below minpos: clamp to minpos
    const regimeBits = k >= 0 ? 2 ** (k + 2) - 2 : 1;
    const regimeLength = k >= 0 ? k + 2 : 1 - k;
    const length = regimeLength + es + 23;
    const pattern = (regimeBits * 2 ** es + e) * 2 ** 23 + f;
    const drop = length - bodyBits;
    let magnitude: number;
    if (drop <= 0) {
      magnitude = pattern * 2 ** -drop;
    } else {
      const kept = Math.floor(pattern / 2 ** drop);
      const rest = pattern - kept * 2 ** drop;
      const up = roundsUp(rest, 0, 2 ** drop, rounding, rng, kept % 2 === 1);
      magnitude = kept + (up ? 1 : 0);
    }
    magnitude = Math.min(Math.max(magnitude, 1), maxpos);
    return x < 0 ? size - magnitude : magnitude;
  }

  const table = Float32Array.from({ length: size }, (_, c) => codeValue(c));
  const maxValue = codeValue(maxpos);
  const format: PositFormat = {
    name,
    family: 'posit',
    summary: `posit⟨${n},${es}⟩${es === 2 ? ' (Posit Standard 2022)' : ''}: tapered precision, NaR = 0x${nar.toString(16)}, max ${maxValue}`,
    bits: n,
    bitsPerValue: n,
    es,
    range: {
      max: maxValue,
      min: -maxValue,
      minNormal: codeValue(1),
      minSubnormal: codeValue(1),
      epsilon: codeValue(encodeOne(1) + 1) - 1,
    },
    params: { kind: 'posit', bits: n, es },
    special: { nan: 'single', infinity: false, negativeZero: false },
    roundingModes,
    defaults: { rounding: 'nearest-even', overflow: 'saturate' },
    ...tableCodec(
      () => format,
      n,
      table,
      (x, { rounding, rng }) => encodeOne(x, rounding, rng),
    ),
    encodeOne,
    codeValue,
  };
  return defineFormat(format);
}

export const positFormats = [
  definePosit(8, 0),
  definePosit(8, 1),
  definePosit(8, 2),
  definePosit(16, 1),
  definePosit(16, 2),
] as const;
