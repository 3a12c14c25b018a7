/** `lowbit encode --format F --in x.f32 --out x.bin`: raw float32 in, packed bytes out. */
import { getFormat } from '@lowbit/core';
import type { Command } from 'commander';
import { floatsFrom, readInput, writeAtomic } from '../files.ts';
import type { Io } from '../io.ts';
import { type CodecFlags, encodeOptionsFrom } from './codec-options.ts';

export function registerEncodeCommand(program: Command, io: Io): void {
  program
    .command('encode')
    .description('encode raw little-endian float32 values into a format’s packed bytes')
    .requiredOption('--format <name>', 'target format (see `lowbit formats`)')
    .requiredOption('--in <file>', 'raw little-endian float32 input')
    .requiredOption('--out <file>', 'packed output (written atomically)')
    .option('--rounding <mode>', 'rne (default) | rtz | rna | raz | stochastic')
    .option('--seed <n>', 'seed for stochastic rounding')
    .option('--no-saturate', 'overflow follows the format’s Inf/NaN rule instead of saturating')
    .option('--scale-rule <rule>', 'MX shared-scale rule: floor (default) | ceil | even | rceil')
    .action(async (flags: CodecFlags & { format: string; in: string; out: string }) => {
      const format = getFormat(flags.format);
      const options = encodeOptionsFrom(flags);
      const values = floatsFrom(await readInput(flags.in), flags.in);
      const bytes = format.encode(values, options);
      await writeAtomic(flags.out, bytes);
      io.stderr(
        `${values.length} values → ${bytes.length} bytes of ${format.name} (${format.bitsPerValue} bits/value)\n`,
      );
    });
}
