/**
 * The specs `lowbit analyze` takes.
 *
 * Format specs: `NAME[/tensor|/ch|/gN][/mse|/pctP][/zp]`, e.g. `int4/g128`, `int8/ch`,
 * `fp8_e4m3fn/tensor`, `int4/g64/mse/zp`, `nvfp4` (block formats use their own scales).
 * Transform specs (over the last axis): `none`, `hadamard`, `rht[:SEED]`,
 * `block-hadamard:B` (B ∈ 16, 32, 64, 128), `smooth:α` (per-column scales max|W_j|^α moved
 * out before quantization and back after — SmoothQuant's migration, weights only).
 */
import { ErrorCode, getFormat, LowbitError } from '@lowbit/core';
import {
  blockHadamard,
  fwht,
  ifwht,
  inverseBlockHadamard,
  inverseRandomHadamard,
  randomHadamard,
} from '@lowbit/transforms';
import type { QuantizeOptions } from './quantize.ts';

export interface FormatSpec {
  label: string;
  format: string;
  options: QuantizeOptions;
}

export function parseFormatSpec(spec: string): FormatSpec {
  const [name, ...parts] = spec.trim().split('/');
  const format = getFormat(name!);
  const options: QuantizeOptions = {};
  for (const part of parts) {
    if (part === 'tensor' || part === 't') options.granularity = 'tensor';
    else if (part === 'ch' || part === 'channel') options.granularity = 'channel';
    else if (/^g\d+$/.test(part)) {
      options.granularity = 'group';
      options.groupSize = Number(part.slice(1));
    } else if (part === 'mse') options.clip = 'mse';
    else if (/^pct[\d.]+$/.test(part)) {
      options.clip = 'percentile';
      options.percentile = Number(part.slice(3));
    } else if (part === 'zp') options.zeroPoint = true;
    else {
      throw new LowbitError(
        ErrorCode.Usage,
        `Unknown part "${part}" in format spec "${spec}"; use /tensor, /ch, /gN, /mse, /pctP or /zp.`,
      );
    }
  }
  if (!format.block && options.granularity === undefined) options.granularity = 'channel';
  return { label: spec.trim(), format: format.name, options };
}

export interface TransformSpec {
  label: string;
  /** Transforms rows of length n in place; returns the inverse to apply to the approximation. */
  apply(rows: Float32Array, n: number, rowCount: number): (rows: Float32Array) => void;
}

function columnScales(rows: Float32Array, n: number, alpha: number): Float64Array {
  const max = new Float64Array(n);
  for (let i = 0; i < rows.length; i++) max[i % n] = Math.max(max[i % n]!, Math.abs(rows[i]!));
  return Float64Array.from(max, (m) => (m > 0 ? m ** alpha : 1));
}

export function parseTransformSpec(spec: string): TransformSpec {
  const [name, argument] = spec.trim().split(':');
  switch (name) {
    case 'none':
      return { label: 'none', apply: () => () => {} };
    case 'hadamard':
      return {
        label: 'hadamard',
        apply: (rows, n) => {
          fwht(rows, n, { normalize: true });
          return (approx) => ifwht(approx, n, { normalize: true });
        },
      };
    case 'rht': {
      const seed = argument === undefined ? 0 : Number(argument);
      return {
        label: spec.trim(),
        apply: (rows, n) => {
          randomHadamard(rows, n, { seed });
          return (approx) => inverseRandomHadamard(approx, n, { seed });
        },
      };
    }
    case 'block-hadamard': {
      const block = Number(argument);
      return {
        label: spec.trim(),
        apply: (rows) => {
          blockHadamard(rows, block);
          return (approx) => inverseBlockHadamard(approx, block);
        },
      };
    }
    case 'smooth': {
      const alpha = argument === undefined ? 0.5 : Number(argument);
      if (!(alpha >= 0 && alpha <= 1))
        throw new LowbitError(ErrorCode.Usage, `smooth:α needs α in [0, 1], got "${argument}".`);
      return {
        label: spec.trim(),
        apply: (rows, n) => {
          const s = columnScales(rows, n, alpha);
          for (let i = 0; i < rows.length; i++) rows[i]! /= s[i % n]!;
          return (approx) => {
            for (let i = 0; i < approx.length; i++) approx[i]! *= s[i % n]!;
          };
        },
      };
    }
    default:
      throw new LowbitError(
        ErrorCode.Usage,
        `Unknown transform "${spec}"; use none, hadamard, rht[:seed], block-hadamard:16|32|64|128 or smooth:α.`,
      );
  }
}

/**
 * Storage bits per value a spec costs when rows fill whole blocks and groups: the format's own
 * bitsPerValue for block formats, code bits plus one f32 scale (and zero point) per group for
 * /gN. Per-channel and per-tensor scales depend on the shape, so they are left out here; the
 * reports' `bitsPerValue` counts everything actually stored, padding included.
 */
export function nominalBitsPerValue(spec: FormatSpec): number {
  const format = getFormat(spec.format);
  if (format.block) return format.bitsPerValue;
  if (spec.options.granularity !== 'group') return format.bits;
  return format.bits + (32 * (spec.options.zeroPoint ? 2 : 1)) / spec.options.groupSize!;
}
