import { WriteRows, writeRows } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, expectSameBytes, randomFloats } from '../cross-check.ts';
import type { WasmBackend } from '../wasm-backend.ts';

describe('wasm write-rows: in place in linear memory, bytes identical to cpu', () => {
  it.each(['f32', 'f16'])(
    '%s cache: plan stays on wasm, 0 bytes cross the boundary',
    async (format) => {
      const { wasm, cpu } = await engines();
      expect(wasm.plan(WriteRows, [format, 'f32'], 'wasm')).toMatchObject({
        backend: 'wasm',
        viaCpu: false,
      });
      const initial = randomFloats(64 * 48, 1, 3);
      // Specials and f16 ties / overflow: the encode must round as the format's codec does.
      const rows = randomFloats(3 * 48, 2, 70000);
      rows.set([Number.NaN, Number.POSITIVE_INFINITY, -0, 65520, 1 + 2 ** -11, 2 ** -25, 1e-8]);
      const dst = wasm.tensor(initial, [64, 48], { format, mutable: true });
      const src = wasm.tensor(rows, [3, 48]);
      const backend = dst.backend as unknown as WasmBackend;
      const before = backend.traffic();
      const version = dst.storage.version;
      const out = writeRows(dst, 60, src);
      expect(backend.traffic()).toEqual(before);
      expect(out).toBe(dst);
      expect(dst.storage.version).toBe(version + 1);
      const want = writeRows(
        cpu.tensor(initial, [64, 48], { format, mutable: true }),
        60,
        cpu.tensor(rows, [3, 48]),
      );
      expectSameBytes(dst.readBytesSync(), want.readBytesSync(), format);
    },
  );

  it('bumps the storage version when src is decoded first (f16 src into an f32 cache)', async () => {
    const { wasm } = await engines();
    const dst = wasm.tensor(new Float32Array(4), [2, 2], { mutable: true });
    const version = dst.storage.version;
    writeRows(dst, 1, wasm.tensor([3, 4], [1, 2], { format: 'f16' }));
    expect(Array.from(dst.readSync())).toEqual([0, 0, 3, 4]);
    expect(dst.storage.version).toBe(version + 1);
  });
});
