/**
 * `lowbit encode --format F --in x.f32 --out x.bin`: raw float32 in, packed bytes out.
 * A plain format name is the raw codec (no scales); a scaled spec such as `int4/g32` or
 * `fp8_e4m3fn/ch --shape R,C` quantizes as `analyze` does and writes a quantized file
 * (spec, shape, codes, scales — layout in @lowbit/quant's quantized-file.ts and the README).
 */
import type { Format } from '@lowbit/core';
import { quantize, serializeQuantized, storedBitsPerValue } from '@lowbit/quant';
import type { Command } from 'commander';
import { floatsFrom, readInput, writeAtomic } from '../files.ts';
import type { Io } from '../io.ts';
import { parseShape, requireRowsFor } from '../spec-shape.ts';
import { type CodecFlags, encodeOptionsFrom } from './codec-options.ts';
import { parseCodecSpec } from './codec-spec.ts';

/** How many non-zero finite inputs came back as 0, or beyond the format's range (clipped). */
function lostValues(format: Format, values: Float32Array, bytes: Uint8Array): number {
  const decoded = format.decode(bytes, values.length);
  let lost = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x) || x === 0) continue;
    if (decoded[i] === 0 || Math.abs(x) > format.range.max) lost++;
  }
  return lost;
}

export function registerEncodeCommand(program: Command, io: Io): void {
  program
    .command('encode')
    .description(
      'encode raw little-endian float32 values: a format name gives its packed bytes; a scaled spec (int4/g32, fp8_e4m3fn/ch …) a quantized file with its scales',
    )
    .requiredOption(
      '--format <spec>',
      'a format (see `lowbit formats`), unscaled; or a scaled spec NAME/tensor|/ch|/gN[/mse|/pctP][/zp] as analyze takes',
    )
    .requiredOption('--in <file>', 'raw little-endian float32 input')
    .requiredOption('--out <file>', 'packed output (written atomically)')
    .option(
      '--shape <dims>',
      'tensor shape for a scaled spec, e.g. 4096,4096 (required for /ch; groups run along the last axis; default: one row)',
    )
    .option('--rounding <mode>', 'rne (default) | rtz | rna | raz | stochastic')
    .option('--seed <n>', 'seed for stochastic rounding')
    .option(
      '--saturate',
      'clamp overflow to ±max (default: the format’s own rule: f16/bf16 keep Inf, 8-bit-and-smaller formats saturate)',
    )
    .option(
      '--no-saturate',
      'overflow follows the format’s special rule: Inf or NaN for floats that have them, wrap-around (mod 2^bits) for integers (int8: 448 → −64)',
    )
    .option('--scale-rule <rule>', 'MX shared-scale rule: floor (default) | ceil | even | rceil')
    .action(
      async (flags: CodecFlags & { format: string; in: string; out: string; shape?: string }) => {
        const codec = parseCodecSpec(flags.format);
        const options = encodeOptionsFrom(flags);
        const values = floatsFrom(await readInput(flags.in), flags.in);
        if (codec.kind === 'scaled') {
          const shape = flags.shape ? parseShape(flags.shape, values.length) : undefined;
          requireRowsFor(codec.spec, shape);
          const q = quantize(values, shape ?? [values.length], codec.spec.format, {
            ...codec.spec.options,
            ...options,
          });
          const bytes = serializeQuantized(codec.spec.label, q);
          await writeAtomic(flags.out, bytes);
          io.stderr(
            `${values.length} values [${q.shape.join('×')}] → ${bytes.length} bytes of ${codec.spec.label} (${storedBitsPerValue(q).toFixed(3)} bits/value with scales)\n`,
          );
          return;
        }
        const { format } = codec;
        if (flags.shape !== undefined)
          io.stderr(`note: --shape is ignored by the unscaled ${format.name} codec.\n`);
        const bytes = format.encode(values, options);
        await writeAtomic(flags.out, bytes);
        io.stderr(
          `${values.length} values → ${bytes.length} bytes of ${format.name} (${format.bitsPerValue} bits/value)\n`,
        );
        const lost = format.block ? 0 : lostValues(format, values, bytes);
        if (lost * 2 > values.length) {
          io.stderr(
            `warning: ${lost} of ${values.length} values became zero or were clipped to ±${format.range.max}: ${format.name} here is unscaled. For weights use a scaled spec, e.g. --format ${format.name}/g32, or ${format.name}/ch with --shape ROWS,COLS.\n`,
          );
        }
      },
    );
}
