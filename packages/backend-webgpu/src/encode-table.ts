/**
 * What a scalar format's encoder does to every float32, as a table a shader can search: the
 * finite float32s in their total order (key: sign-flipped bits) split into runs that encode to
 * one code. Built on the host by asking the format's own codec — at every representable value,
 * then bisecting between neighbours whose codes differ — so the GPU result is the codec's bit
 * for bit, under any deterministic rounding or overflow mode. ±Inf are asked directly; NaN by
 * sign, and whether the codec keeps its payload (IEEE minifloats shift the mantissa down) is
 * checked on sample payloads — a codec doing anything else is refused with E_UNSUPPORTED.
 *
 * Between two neighbouring representable values a deterministic rounding picks one of the two
 * codes (or an overflow code past the largest), switching once; that is what the bisection
 * relies on. Stochastic rounding has no such table and is refused.
 */
import { type EncodeOptions, ErrorCode, type Format, LowbitError, scalarBits } from '@lowbit/core';

export interface EncodeTable {
  /** Run i covers keys [starts[i], starts[i + 1]); then `codes[i]`. starts[0] = key(−max). */
  starts: Uint32Array;
  codes: Uint32Array;
  /** NaN's code by sign, OR'd with its mantissa >> nanShift (32: the payload is dropped). */
  nan: [number, number];
  nanShift: number;
  positiveInfinity: number;
  negativeInfinity: number;
  bits: number;
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** Float32 bits → a u32 whose unsigned order is the float order (−0 just below +0). */
export function orderedKey(bits: number): number {
  return bits >>> 31 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

function fromKey(key: number): number {
  scratchBits[0] = key >= 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  return scratch[0]!;
}

function keyOf(value: number): number {
  scratch[0] = value;
  return orderedKey(scratchBits[0]!);
}

/** The codes the format's codec gives `values` (its little-endian bit stream, unpacked). */
function codesOf(format: Format, bits: number, values: Float32Array, options: EncodeOptions) {
  const bytes = format.encode(values, options);
  const out = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let code = 0;
    for (let b = 0; b < bits; b++) {
      const at = i * bits + b;
      code |= ((bytes[at >> 3]! >> (at & 7)) & 1) << b;
    }
    out[i] = code >>> 0;
  }
  return out;
}

const MAX_KEY = keyOf(3.4028234663852886e38);
const MIN_KEY = keyOf(-3.4028234663852886e38);

export function buildEncodeTable(format: Format, options: EncodeOptions): EncodeTable {
  if (format.params.kind === 'block') throw new Error('scalar formats only');
  const bits = scalarBits(format.params);
  const ask = (keys: number[]) => codesOf(format, bits, Float32Array.from(keys, fromKey), options);
  const representable = [...(format.values?.() ?? [])].filter(Number.isFinite).map(keyOf);
  const points = [...new Set([MIN_KEY, MAX_KEY, ...representable])].sort((a, b) => a - b);
  const atPoints = ask(points);
  const switches: [number, number][] = [];
  // Open intervals (lo, hi) whose ends encode differently: bisect all of them a level at a time.
  let open: Interval[] = [];
  for (let i = 1; i < points.length; i++)
    if (atPoints[i] !== atPoints[i - 1])
      open.push([points[i - 1]!, atPoints[i - 1]!, points[i]!, atPoints[i]!]);
  open = guessMidpoints(open, ask, switches);
  while (open.length) {
    const next: typeof open = [];
    const mids = open.map(([lo, , hi]) => lo + Math.floor((hi - lo) / 2));
    const atMids = ask(mids);
    open.forEach(([lo, clo, hi, chi], i) => {
      const [mid, cmid] = [mids[i]!, atMids[i]!];
      for (const [a, ca, b, cb] of [
        [lo, clo, mid, cmid],
        [mid, cmid, hi, chi],
      ] as const) {
        if (ca === cb) continue;
        if (b - a === 1) switches.push([b, cb]);
        else next.push([a, ca, b, cb]);
      }
    });
    open = next;
  }
  switches.sort((a, b) => a[0] - b[0]);
  const specials = Uint32Array.of(0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000);
  const [positiveInfinity, negativeInfinity, nanPositive, nanNegative] = codesOf(
    format,
    bits,
    new Float32Array(specials.buffer),
    options,
  );
  const nan: [number, number] = [nanPositive!, nanNegative!];
  const nanShift = nanPayloadShift(format, bits, options, nan);
  return {
    starts: Uint32Array.from([MIN_KEY, ...switches.map(([key]) => key)]),
    codes: Uint32Array.from([atPoints[0]!, ...switches.map(([, code]) => code)]),
    nan,
    nanShift,
    positiveInfinity: positiveInfinity!,
    negativeInfinity: negativeInfinity!,
    bits,
  };
}

type Interval = [number, number, number, number];

/**
 * Most roundings switch at the arithmetic midpoint of the two values: try its key and its
 * neighbours first (three probes), and leave only the intervals where that fails to bisect.
 */
function guessMidpoints(
  open: Interval[],
  ask: (keys: number[]) => Uint32Array,
  switches: [number, number][],
): Interval[] {
  const mids = open.map(([lo, , hi]) => {
    const key = keyOf((fromKey(lo) + fromKey(hi)) / 2);
    return Math.min(Math.max(key, lo + 1), hi - 1);
  });
  const probes = ask(mids.flatMap((m) => [m - 1, m, m + 1]));
  return open.filter(([lo, clo, hi, chi], i) => {
    if (hi - lo < 3) return true;
    const m = mids[i]!;
    const [before, at, after] = [probes[3 * i]!, probes[3 * i + 1]!, probes[3 * i + 2]!];
    if (before === clo && at === chi) switches.push([m, chi]);
    else if (at === clo && after === chi) switches.push([m + 1, chi]);
    else return true;
    return false;
  });
}

/** NaNs with assorted payloads and both signs (quiet and signalling). */
const SAMPLE_NANS = Uint32Array.of(
  0x7fc00001,
  0xffc12345,
  0x7f800001,
  0xff812345,
  0x7fffffff,
  0xfff00000,
  0x7fa5a5a5,
  0xffdead00,
);

/** How the codec maps a NaN's payload: 32 (dropped) or the shift of `nan | mantissa >> shift`. */
function nanPayloadShift(
  format: Format,
  bits: number,
  options: EncodeOptions,
  nan: [number, number],
): number {
  const got = codesOf(format, bits, new Float32Array(SAMPLE_NANS.slice().buffer), options);
  const params = format.params;
  const shifts = [32, ...(params.kind === 'minifloat' ? [23 - params.mantissaBits] : [])];
  for (const shift of shifts) {
    const fits = [...SAMPLE_NANS].every((x, i) => {
      const payload = shift === 32 ? 0 : (x & 0x7fffff) >>> shift;
      return got[i] === (nan[x >>> 31]! | payload) >>> 0;
    });
    if (fits) return shift;
  }
  throw new LowbitError(
    ErrorCode.Unsupported,
    `webgpu cannot encode to ${format.name}: its codec maps NaN payloads in a way the GPU encoder does not model. Encode on the host instead.`,
  );
}
