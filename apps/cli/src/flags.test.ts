import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowbitError } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { collectIo } from './__fixtures__/collect-io.ts';
import { parseIntegerFlag, parseNumberFlag } from './flags.ts';
import { run } from './index.ts';

function usageMessage(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (LowbitError.isInstance(error) && error.code === 'E_USAGE') return error.message;
    throw error;
  }
  throw new Error('expected an E_USAGE error');
}

describe('parseIntegerFlag', () => {
  it('accepts decimal integers inside the range', () => {
    expect(parseIntegerFlag('--n', '0', { min: 0 })).toBe(0);
    expect(parseIntegerFlag('--n', '64', { min: 1, max: 64 })).toBe(64);
    expect(parseIntegerFlag('--n', '-3')).toBe(-3);
    expect(parseIntegerFlag('--n', '+7', { min: 1 })).toBe(7);
  });

  it('refuses what Number() would let through, naming the flag and the range', () => {
    for (const text of ['', ' ', 'abc', '1.5', '1e3', '0x10', 'Infinity', 'NaN', '3abc', '1,2'])
      expect(usageMessage(() => parseIntegerFlag('--count', text, { min: 0 }))).toBe(
        `--count must be an integer of at least 0 (got "${text}").`,
      );
    expect(usageMessage(() => parseIntegerFlag('--threads', '0', { min: 1, max: 64 }))).toBe(
      '--threads must be an integer from 1 to 64 (got "0").',
    );
    expect(usageMessage(() => parseIntegerFlag('--threads', '65', { min: 1, max: 64 }))).toMatch(
      /from 1 to 64/,
    );
    expect(() => parseIntegerFlag('--n', '9007199254740993')).toThrow(/must be an integer/);
  });
});

describe('parseNumberFlag', () => {
  it('accepts decimals and exponents inside the range', () => {
    expect(parseNumberFlag('--t', '2.5', { min: 0, exclusiveMin: true })).toBe(2.5);
    expect(parseNumberFlag('--t', '.5')).toBe(0.5);
    expect(parseNumberFlag('--t', '1e3', { max: 1000 })).toBe(1000);
    expect(parseNumberFlag('--t', '-0.25')).toBe(-0.25);
  });

  it('refuses non-numbers, non-finite values and values outside the range', () => {
    const range = { min: 0, exclusiveMin: true, max: 60_000 };
    for (const text of ['', 'abc', 'Infinity', '-Infinity', 'NaN', '0x10', '1e999', '5ms'])
      expect(usageMessage(() => parseNumberFlag('--time', text, range))).toBe(
        `--time must be a number greater than 0 and at most 60000 (got "${text}").`,
      );
    expect(() => parseNumberFlag('--time', '0', range)).toThrow(/greater than 0/);
    expect(() => parseNumberFlag('--time', '60001', range)).toThrow(/at most 60000/);
  });
});

describe('every numeric flag of every command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lowbit-flags-'));
  const input = join(dir, 'x.f32');
  writeFileSync(input, new Uint8Array(new Float32Array(1024).fill(0.5).buffer));
  const cases: [argv: string[], flag: string][] = [
    ...['abc', '', '0', '-5', 'Infinity', '1e9'].map((v): [string[], string] => [
      ['bench', '--quick', '--time', v],
      '--time',
    ]),
    ...['0', '-1', '1.5', 'abc', '1000'].map((v): [string[], string] => [
      ['bench', '--quick', '--time', '1', '--threads', v],
      '--threads',
    ]),
    ...['abc', '-1', '1.5', '1e3', ''].map((v): [string[], string] => [
      ['decode', '--format', 'f32', '--in', input, '--out', join(dir, 'y.f32'), '--count', v],
      '--count',
    ]),
    ...['0,1024', '8,', 'a,b', '8,1.5e2', '0x8,128'].map((v): [string[], string] => [
      ['analyze', '--in', input, '--shape', v],
      '--shape',
    ]),
  ];

  it.each(cases)('%j is a usage error naming %s and its range', async (argv, flag) => {
    const io = collectIo();
    expect(await run(argv, io), io.err).toBe(2);
    expect(io.err).toMatch(new RegExp(`^E_USAGE: ${flag} must be (an integer|a number) `));
    expect(io.out).toBe('');
  });
});
