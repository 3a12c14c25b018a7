// The encode table reproduces the codec: looked up on the host exactly as encode.wgsl does, it
// gives the codec's code for random float32 bit patterns, edge values and every deterministic
// rounding mode, on formats of every scalar kind.
import { getFormat } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { buildEncodeTable, type EncodeTable, orderedKey } from './encode-table.ts';

registerAllFormats();

/** encode.wgsl's code_of, on the host. */
function lookup(table: EncodeTable, bits: number): number {
  if ((bits & 0x7fffffff) > 0x7f800000) {
    const payload = table.nanShift >= 32 ? 0 : (bits & 0x7fffff) >>> table.nanShift;
    return (table.nan[bits >>> 31]! | payload) >>> 0;
  }
  if (bits === 0x7f800000) return table.positiveInfinity;
  if (bits === 0xff800000) return table.negativeInfinity;
  const key = orderedKey(bits);
  let [lo, hi] = [0, table.starts.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table.starts[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return table.codes[lo - 1]!;
}

function samples(): Uint32Array {
  const out = new Uint32Array(4000);
  let s = 12345;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    // Mostly moderate magnitudes (exponent 100…150), some anywhere.
    out[i] = i % 4 === 0 ? s : (s & 0x807fffff) | ((100 + (s % 51)) << 23);
  }
  out.set([0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f7fffff, 0xff7fffff, 1]);
  return out;
}

describe('buildEncodeTable', () => {
  it.each([
    ['fp8_e4m3fn', 'nearest-even'],
    ['fp4_e2m1fn', 'toward-zero'],
    ['int4', 'half-away'],
    ['uint6', 'away-from-zero'],
    ['posit8_es1', 'nearest-even'],
    ['nf4', 'nearest-even'],
    ['e8m0', 'nearest-even'],
    ['bf16', 'nearest-even'],
  ] as const)('%s (%s): the table gives the codec’s codes', (name, rounding) => {
    const format = getFormat(name);
    if (!format.roundingModes?.includes(rounding) && rounding !== 'nearest-even') return;
    const table = buildEncodeTable(format, { rounding });
    const bits = samples();
    const values = new Float32Array(bits.buffer);
    const fresh = buildEncodeTable(format, { rounding });
    expect(fresh.starts).toEqual(table.starts);
    const width = table.bits;
    const bytes = format.encode(values, { rounding });
    for (let i = 0; i < values.length; i++) {
      let code = 0;
      for (let b = 0; b < width; b++)
        code |= ((bytes[(i * width + b) >> 3]! >> ((i * width + b) & 7)) & 1) << b;
      expect(lookup(table, bits[i]!), `${values[i]}`).toBe(code >>> 0);
    }
  });
});
