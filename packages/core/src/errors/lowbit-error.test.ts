import { describe, expect, it } from 'vitest';
import { ErrorCode } from './error-codes.ts';
import { LowbitError } from './lowbit-error.ts';
import { didYouMean, editDistance, nearestNames } from './suggest.ts';

describe('LowbitError', () => {
  it('carries a stable code, details and cause', () => {
    const cause = new Error('disk');
    const error = new LowbitError(ErrorCode.FileTruncated, 'File ends early.', {
      details: { offset: 12 },
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('E_FILE_TRUNCATED');
    expect(error.details).toEqual({ offset: 12 });
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('E_FILE_TRUNCATED: File ends early.');
  });

  it('is recognised across duplicate copies of the package by its Symbol.for marker', () => {
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('lowbit.error'), {
      value: true,
    });
    expect(LowbitError.isInstance(foreign)).toBe(true);
    expect(LowbitError.isInstance(new Error('x'))).toBe(false);
    expect(LowbitError.isInstance(null)).toBe(false);
  });

  it('has unique codes', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^E_[A-Z0-9_]+$/);
  });
});

describe('suggestions', () => {
  it('computes edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('q4_0', 'q4_0')).toBe(0);
  });

  it('ranks near names first and drops far ones', () => {
    const names = ['fp8_e4m3fn', 'fp8_e5m2', 'q4_0', 'q4_1', 'nvfp4', 'mxfp4'];
    expect(nearestNames('fp8_e4m3', names)[0]).toBe('fp8_e4m3fn');
    expect(nearestNames('q40', names).slice(0, 2).sort()).toEqual(['q4_0', 'q4_1']);
    expect(nearestNames('zzzzzzzzzzzz', names)).toEqual([]);
    expect(didYouMean('nvfp5', names)).toContain('"nvfp4"');
    expect(didYouMean('zzzzzzzzzzzz', names)).toBe('');
  });
});
