import { engine, reshape, tensor, writeRows, zeros } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';

beforeAll(() => {
  registerAllFormats();
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
});

describe('cpu write-rows', () => {
  it('appends rows in place, one token after another, and returns dst itself', () => {
    const cache = zeros([4, 3], { mutable: true });
    const before = reshape(cache, [12]);
    expect(writeRows(cache, 0, tensor([1, 2, 3], [1, 3]))).toBe(cache);
    writeRows(cache, 1, tensor([4, 5, 6, 7, 8, 9], [2, 3]));
    expect(Array.from(cache.readSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0]);
    expect(Array.from(before.readSync())).toEqual(Array.from(cache.readSync()));
  });

  it('encodes into an f16 cache, and writes through a view of the cache', () => {
    const cache = zeros([2, 2], { format: 'f16', mutable: true });
    writeRows(cache, 1, tensor([0.1, 65504], [1, 2]));
    expect(Array.from(cache.readSync())).toEqual([0, 0, Math.fround(0.0999755859375), 65504]);
    const flat = zeros([4], { mutable: true });
    writeRows(reshape(flat, [2, 2]), 1, tensor([5, 6], [1, 2]));
    expect(Array.from(flat.readSync())).toEqual([0, 0, 5, 6]);
  });

  it('bumps the storage version when src is decoded first (f16 src into an f32 cache)', () => {
    const cache = zeros([2, 2], { mutable: true });
    const version = cache.storage.version;
    writeRows(cache, 1, tensor([3, 4], [1, 2], { format: 'f16' }));
    expect(Array.from(cache.readSync())).toEqual([0, 0, 3, 4]);
    expect(cache.storage.version).toBe(version + 1);
  });

  it('checks dst and src are live before validating them', () => {
    const cache = zeros([2, 2], { mutable: true });
    const row = tensor([1, 2, 3], [1, 3]);
    row.dispose();
    expect(() => writeRows(cache, 5, row)).toThrow(
      expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }),
    );
    cache.dispose();
    expect(() => writeRows(cache, 5, tensor([1, 2], [1, 2]))).toThrow(
      expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }),
    );
  });

  it('refuses an immutable dst, rows past the end, a width mismatch and a packed dst', () => {
    const row = tensor([1, 2], [1, 2]);
    expect(() => writeRows(zeros([2, 2]), 0, row)).toThrow(
      expect.objectContaining({ code: 'E_TENSOR_IMMUTABLE' }),
    );
    const cache = zeros([2, 2], { mutable: true });
    expect(() => writeRows(cache, 2, row)).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
    expect(() => writeRows(cache, -1, row)).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(() => writeRows(cache, 0, tensor([1, 2, 3], [1, 3]))).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
    expect(() => writeRows(zeros([2, 32], { format: 'q8_0', mutable: true }), 0, row)).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED' }),
    );
    expect(Array.from(cache.readSync())).toEqual([0, 0, 0, 0]);
  });
});
