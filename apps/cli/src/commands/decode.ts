/** `lowbit decode --format F --in x.bin --out y.f32 [--count N]`: packed bytes in, float32 out. */
import { ErrorCode, type Format, getFormat, LowbitError } from '@lowbit/core';
import type { Command } from 'commander';
import { readInput, writeAtomic } from '../files.ts';
import { parseIntegerFlag } from '../flags.ts';
import type { Io } from '../io.ts';

/** The most values `bytes` bytes can hold in `format` (whole blocks for block formats). */
export function valueCapacity(format: Format, bytes: number): number {
  const header = format.byteLength(0);
  if (format.block)
    return Math.max(0, Math.floor((bytes - header) / format.block.bytes)) * format.block.size;
  return Math.floor((bytes * 8) / format.bits);
}

export function registerDecodeCommand(program: Command, io: Io): void {
  program
    .command('decode')
    .description('decode a format’s packed bytes into raw little-endian float32 values')
    .requiredOption('--format <name>', 'source format (see `lowbit formats`)')
    .requiredOption('--in <file>', 'packed input')
    .requiredOption('--out <file>', 'raw little-endian float32 output (written atomically)')
    .option('--count <n>', 'number of values (default: as many as the input holds)')
    .action(async (flags: { format: string; in: string; out: string; count?: string }) => {
      const format = getFormat(flags.format);
      const bytes = await readInput(flags.in);
      const capacity = valueCapacity(format, bytes.length);
      let count = capacity;
      if (flags.count !== undefined) {
        count = parseIntegerFlag('--count', flags.count, { min: 0 });
        if (format.byteLength(count) > bytes.length) {
          throw new LowbitError(
            ErrorCode.FileTruncated,
            `"${flags.in}" holds ${bytes.length} bytes, but ${count} ${format.name} values need ${format.byteLength(count)}; lower --count (at most ${capacity}).`,
            { details: { path: flags.in, bytes: bytes.length, needed: format.byteLength(count) } },
          );
        }
      }
      const values = format.decode(bytes, count);
      await writeAtomic(
        flags.out,
        new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
      );
      io.stderr(`${bytes.length} bytes of ${format.name} → ${count} float32 values\n`);
    });
}
