import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { checkParams } from './check-params.ts';
import { type Format, roundingModes } from './format.ts';

const NAME = /^[a-z][a-zA-Z0-9_]*$/;

function invalid(name: string, why: string): never {
  throw new LowbitError(ErrorCode.FormatInvalid, `Format "${name}" is invalid: ${why}.`, {
    details: { format: name },
  });
}

/**
 * Checks a format descriptor and freezes it. Every format, built-in or third-party, goes
 * through here before it can be registered, so consumers may trust the invariants below.
 */
export function defineFormat<F extends Format>(format: F): F {
  const { name } = format;
  if (!NAME.test(name))
    invalid(name, 'names start with a lower-case letter, then letters, digits and "_" (e.g. q4_K)');
  for (const alias of format.aliases ?? [])
    if (!NAME.test(alias) || alias === name)
      invalid(name, `alias "${alias}" is not a distinct valid name`);
  // Block formats may pack fractional bits per element (tq1_0: five trits per byte = 1.6).
  const wholeBits = format.block === undefined ? Number.isInteger(format.bits) : true;
  if (!(wholeBits && format.bits > 0 && format.bits <= 64)) {
    invalid(name, `bits must be in (0, 64] (an integer for scalar formats), got ${format.bits}`);
  }
  if (!(format.bitsPerValue >= format.bits)) {
    invalid(name, `bitsPerValue (${format.bitsPerValue}) is below bits (${format.bits})`);
  }
  if (format.block) {
    const { size, bytes, scales } = format.block;
    if (!(Number.isInteger(size) && size > 0 && Number.isInteger(bytes) && bytes > 0)) {
      invalid(name, 'block size and bytes must be positive integers');
    }
    // Each further block adds `bytes` (a per-tensor header, as NVFP4's scale, comes on top).
    if (format.byteLength(2 * size) - format.byteLength(size) !== bytes) {
      invalid(name, `byteLength must grow by the block's ${bytes} bytes per ${size} values`);
    }
    for (const scale of scales) {
      if (!(scale.blockSize > 0)) invalid(name, 'scale blockSize must be positive');
    }
  } else if (format.bits <= 16 && typeof format.values !== 'function') {
    invalid(name, 'scalar formats of at most 16 bits must provide values()');
  }
  const modes = format.roundingModes;
  if (!(modes.length > 0 && modes.every((mode) => roundingModes.includes(mode)))) {
    invalid(name, `roundingModes must be a non-empty list of ${roundingModes.join(', ')}`);
  }
  if (!modes.includes(format.defaults.rounding)) {
    invalid(name, `its default rounding "${format.defaults.rounding}" is not in roundingModes`);
  }
  const { max, min, minNormal, minSubnormal } = format.range;
  if (!(max >= min)) invalid(name, 'range.max must be ≥ range.min');
  if (!(minSubnormal > 0 && minNormal >= minSubnormal)) {
    invalid(name, 'range needs 0 < minSubnormal ≤ minNormal');
  }
  checkParams(format, (why) => invalid(name, why));
  return Object.freeze(format);
}
