import { describe, expect, it } from 'vitest';
import { floatsOf, HostBackend, hostPlugin } from '../__fixtures__/host-backend.ts';
import { Engine } from '../engine/engine.ts';
import { f16 } from '../format/builtin/f16.ts';
import { defineKernel } from '../kernel/kernel.ts';
import { WriteRows } from '../kernel/op-names.ts';
import { reshape, view } from '../ops/reshape.ts';
import { writeRows } from '../ops/rows.ts';

async function engineOn(name = 'cpu') {
  const engine = new Engine({ logger: { warn: () => {} } }).use(hostPlugin(name, 1));
  const backend = (await engine.backends.get(name)) as HostBackend;
  return { engine, backend };
}

/** A host write-rows kernel (core cannot use backend-cpu's): copies src's bytes at `offset` rows. */
const writeRowsOn = (backend: string) =>
  defineKernel({
    op: WriteRows,
    backend,
    fn: ([dst, src], attrs) => {
      const width = dst!.shape[1]! * 4;
      (dst!.handle as Uint8Array).set(src!.handle as Uint8Array, attrs.offset * width);
      return dst!;
    },
  });

describe('refcounted storage', () => {
  it('a reshape shares the bytes: no upload, and the source’s dispose does not free them', async () => {
    const { engine, backend } = await engineOn();
    const x = engine.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const flat = reshape(x, [-1]);
    expect(flat.shape).toEqual([6]);
    expect(flat.handle).toBe(x.handle);
    expect(x.storage.references).toBe(2);
    x.dispose();
    expect(backend.released).toBe(0);
    expect(Array.from(flat.readSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => x.readSync()).toThrow(expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }));
    flat.dispose();
    flat.dispose();
    expect(backend.released).toBe(1);
  });

  it('views packed formats by element count, and refuses a count that changes', async () => {
    const { engine } = await engineOn();
    const x = engine.tensor([1, 2, 3, 4, 5, 6], [2, 3], { format: f16 });
    const v = view(x, [3, -1]);
    expect(v.format).toBe(f16);
    expect(v.shape).toEqual([3, 2]);
    expect(Array.from(v.readSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => reshape(x, [4])).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
    v.dispose();
    expect(() => reshape(v, [6])).toThrow(expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }));
  });
});

describe('mutability', () => {
  it('an in-place op on a tensor not created mutable is E_TENSOR_IMMUTABLE, bytes untouched', async () => {
    const { engine } = await engineOn();
    engine.registerKernel(writeRowsOn('cpu'));
    const cache = engine.zeros([3, 2]);
    const row = engine.tensor([7, 8], [1, 2]);
    expect(() => writeRows(cache, 1, row)).toThrow(
      expect.objectContaining({
        code: 'E_TENSOR_IMMUTABLE',
        message: expect.stringMatching(/mutable: true/),
      }),
    );
    expect(Array.from(cache.readSync())).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('a mutable tensor is written in place, its views see it, and its version moves', async () => {
    const { engine } = await engineOn();
    engine.registerKernel(writeRowsOn('cpu'));
    const cache = engine.zeros([3, 2], { mutable: true });
    const flat = reshape(cache, [6]);
    expect(flat.mutable).toBe(true);
    expect(writeRows(cache, 1, engine.tensor([7, 8], [1, 2]))).toBe(cache);
    expect(Array.from(flat.readSync())).toEqual([0, 0, 7, 8, 0, 0]);
    expect(cache.storage.version).toBe(1);
    const moved = await cache.to('cpu');
    expect(moved.mutable).toBe(true);
  });

  it('on a cpu detour, the written operand’s bytes go back into its own storage', async () => {
    const { engine } = await engineOn();
    engine.registerKernel(writeRowsOn('cpu'));
    engine.use(hostPlugin('gpu', 5, { init: () => new HostBackend('gpu'), kernels: [] }));
    await engine.setBackend('gpu');
    const cache = engine.zeros([2, 2], { mutable: true });
    const handle = cache.handle;
    expect(engine.plan(WriteRows, ['f32', 'f32'], 'gpu').route).toMatch(
      /copy operands to cpu; .* write #0 back into its gpu storage/,
    );
    expect(writeRows(cache, 1, engine.tensor([5, 6], [1, 2]))).toBe(cache);
    expect(cache.handle).toBe(handle);
    expect(Array.from(floatsOf(cache))).toEqual([0, 0, 5, 6]);
  });

  it('never decodes the written operand into a temporary (the plan refuses instead)', async () => {
    const { engine } = await engineOn();
    engine.registerKernel(writeRowsOn('cpu'));
    expect(() => engine.plan(WriteRows, ['f16', 'f32'], 'cpu')).toThrow(
      expect.objectContaining({ code: 'E_KERNEL_MISSING' }),
    );
  });

  it('refuses to retain a released storage (E_TENSOR_DISPOSED)', async () => {
    const { engine } = await engineOn();
    const t = engine.tensor([1, 2], [2]);
    const { storage } = t;
    t.dispose();
    expect(storage.references).toBe(0);
    expect(() => storage.retain()).toThrow(expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }));
  });
});
