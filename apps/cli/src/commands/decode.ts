/**
 * `lowbit decode --in x.bin --out y.f32`: packed bytes in, float32 out. A quantized file (from
 * `encode` with a scaled spec) names its spec and shape; raw packed bytes need `--format`.
 */
import { ErrorCode, type Format, formatCandidates, getFormat, LowbitError } from '@lowbit/core';
import { dequantize, deserializeQuantized, isQuantizedFile, parseFormatSpec } from '@lowbit/quant';
import type { Command } from 'commander';
import { readInput, writeAtomic } from '../files.ts';
import { parseIntegerFlag } from '../flags.ts';
import type { Io } from '../io.ts';
import { isScaledSpec } from './codec-spec.ts';

/** The most values `bytes` bytes can hold in `format` (whole blocks for block formats). */
export function valueCapacity(format: Format, bytes: number): number {
  const header = format.byteLength(0);
  if (format.block)
    return Math.max(0, Math.floor((bytes - header) / format.block.bytes)) * format.block.size;
  return Math.floor((bytes * 8) / format.bits);
}

/** Bytes a whole file of `format` would have where `bytes` stops mid-block (or mid-value); else undefined. */
function wholeLength(format: Format, bytes: number): number | undefined {
  const header = format.byteLength(0);
  const unit = format.block ? format.block.bytes : format.bits % 8 === 0 ? format.bits / 8 : 1;
  if (bytes < header) return header;
  const rest = (bytes - header) % unit;
  return rest === 0 ? undefined : bytes + unit - rest;
}

/**
 * The format `name` means for a raw file of `bytes` bytes: itself, unless it was renamed since
 * and only the format that held the name before fits the size (an old `nvfp4` file is
 * `nvfp4_scaled`, with its 4-byte tensor scale).
 */
function bySize(name: string, bytes: number, countFlag?: string): Format {
  const current = getFormat(name);
  const fits = (f: Format) =>
    countFlag === undefined
      ? wholeLength(f, bytes) === undefined
      : f.byteLength(Number(countFlag)) === bytes;
  if (fits(current)) return current;
  return formatCandidates(name).find(fits) ?? current;
}

function truncated(path: string, bytes: number, needed: number, message: string): never {
  throw new LowbitError(ErrorCode.FileTruncated, message, {
    details: { path, bytes, needed },
  });
}

function decodeRaw(format: Format, bytes: Uint8Array, path: string, countFlag?: string) {
  const capacity = valueCapacity(format, bytes.length);
  if (countFlag === undefined) {
    const whole = wholeLength(format, bytes.length);
    if (whole !== undefined) {
      const unit = format.block ? `${format.block.bytes}-byte blocks` : 'values';
      truncated(
        path,
        bytes.length,
        whole,
        `"${path}" holds ${bytes.length} bytes, which ends inside a ${format.name} ${format.block ? 'block' : 'value'}: whole ${unit} need ${whole}. The file was cut short; pass --count N to decode only the first N values (at most ${capacity}).`,
      );
    }
    return format.decode(bytes, capacity);
  }
  const count = parseIntegerFlag('--count', countFlag, { min: 0 });
  if (format.byteLength(count) > bytes.length) {
    truncated(
      path,
      bytes.length,
      format.byteLength(count),
      `"${path}" holds ${bytes.length} bytes, but ${count} ${format.name} values need ${format.byteLength(count)}; lower --count (at most ${capacity}).`,
    );
  }
  return format.decode(bytes, count);
}

function decodeScaled(bytes: Uint8Array, path: string, formatFlag?: string) {
  let read: ReturnType<typeof deserializeQuantized>;
  try {
    read = deserializeQuantized(bytes);
  } catch (error) {
    if (!LowbitError.isInstance(error)) throw error;
    throw new LowbitError(error.code, `"${path}": ${error.message}`, {
      cause: error,
      details: { ...error.details, path },
    });
  }
  if (formatFlag !== undefined && parseFormatSpec(formatFlag).label !== read.spec) {
    throw new LowbitError(
      ErrorCode.Usage,
      `"${path}" holds "${read.spec}", not "${formatFlag}"; leave out --format to use the file's own spec.`,
    );
  }
  return { name: read.spec, values: dequantize(read.tensor) };
}

export function registerDecodeCommand(program: Command, io: Io): void {
  program
    .command('decode')
    .description(
      'decode packed bytes into raw little-endian float32 values: a quantized file (from encode with a scaled spec) as its spec says, raw bytes as --format says',
    )
    .option(
      '--format <spec>',
      'format of raw packed bytes (see `lowbit formats`); a quantized file names its own spec, so this is optional there and must match',
    )
    .requiredOption('--in <file>', 'packed input: raw bytes, or a quantized file')
    .requiredOption('--out <file>', 'raw little-endian float32 output (written atomically)')
    .option(
      '--count <n>',
      'raw bytes only: number of values (default: all; a file that ends mid-block is an error)',
    )
    .action(async (flags: { format?: string; in: string; out: string; count?: string }) => {
      const bytes = await readInput(flags.in);
      let result: { name: string; values: Float32Array };
      if (flags.format === undefined || isScaledSpec(flags.format)) {
        if (flags.format === undefined && !isQuantizedFile(bytes))
          throw new LowbitError(
            ErrorCode.Usage,
            `"${flags.in}" is not a quantized file (no "LBQT" magic); pass --format NAME for raw packed bytes.`,
          );
        if (flags.count !== undefined)
          throw new LowbitError(
            ErrorCode.Usage,
            '--count applies to raw packed bytes; a quantized file stores its shape.',
          );
        result = decodeScaled(bytes, flags.in, flags.format);
      } else {
        const format = bySize(flags.format.trim(), bytes.length, flags.count);
        result = { name: format.name, values: decodeRaw(format, bytes, flags.in, flags.count) };
      }
      const { name, values } = result;
      await writeAtomic(
        flags.out,
        new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
      );
      io.stderr(`${bytes.length} bytes of ${name} → ${values.length} float32 values\n`);
    });
}
