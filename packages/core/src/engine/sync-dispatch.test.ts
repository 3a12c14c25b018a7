import { describe, expect, it, vi } from 'vitest';
import { HostBackend, hostKernels, hostPlugin } from '../__fixtures__/host-backend.ts';
import type { Backend } from '../backend/backend.ts';
import { Add } from '../kernel/op-names.ts';
import { add } from '../ops/elementwise.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Engine } from './engine.ts';

function engineWith(warn = vi.fn()) {
  const engine = new Engine({ logger: { warn } });
  engine.use(hostPlugin('cpu', 1));
  return engine;
}

describe('synchronous ops', () => {
  it('an op returns its Tensor, not a thenable', () => {
    const engine = engineWith();
    const a = engine.tensor([1, 2]);
    const sum = add(a, a);
    expect(sum).toBeInstanceOf(Tensor);
    expect('then' in sum).toBe(false);
    expect(Array.from(sum.readSync())).toEqual([2, 4]);
    expect(engine.run(Add, [a, a], {})[0]).toBeInstanceOf(Tensor);
  });

  it('an op before an asynchronous backend is ready says to await ready()', async () => {
    const engine = new Engine({ logger: { warn: vi.fn() } });
    engine.use(hostPlugin('gpu', 5, { init: async () => new HostBackend('gpu') }));
    engine.registerKernel({ op: 'fill', backend: 'gpu', fn: () => [] });
    expect(() => engine.run('fill', [], {})).toThrow(
      expect.objectContaining({
        code: 'E_BACKEND_NOT_READY',
        message: expect.stringMatching(/await ready\(\)/),
      }),
    );
    await engine.ready();
    expect(engine.run('fill', [], {})).toEqual([]);
  });

  it('a cpu detour from a backend that cannot read synchronously is a coded error', async () => {
    const engine = engineWith();
    const gpu: Backend = {
      name: 'gpu',
      upload: (bytes) => bytes.slice(),
      download: async (handle) => (handle as Uint8Array).slice(),
      release: () => {},
    };
    engine.use(hostPlugin('gpu', 5, { init: () => gpu, kernels: [] }));
    await engine.setBackend('gpu');
    const a = engine.tensor([1, 2]);
    expect(() => add(a, a)).toThrow(
      expect.objectContaining({
        code: 'E_KERNEL_MISSING',
        message: expect.stringMatching(/register a gpu kernel for "add".*await t\.to\("cpu"\)/),
      }),
    );
  });
});

describe('plan cache', () => {
  it('plans once for 1000 identical calls and again after a kernel registration', () => {
    const engine = engineWith();
    const a = engine.tensor([1, 2, 3]);
    const before = engine.stats().plans;
    for (let i = 0; i < 1000; i++) add(a, a).dispose();
    expect(engine.stats().plans).toBe(before + 1);
    engine.registerKernel({ ...hostKernels('cpu')[0]!, override: true });
    add(a, a);
    expect(engine.stats().plans).toBe(before + 2);
    add(a, engine.tensor([1, 2, 3], [3], { format: 'f16' }));
    expect(engine.stats().plans).toBe(before + 3);
  });

  it('re-plans after backends are registered, unregistered or selected', async () => {
    const engine = engineWith();
    const a = engine.tensor([1]);
    const plans = () => engine.stats().plans;
    add(a, a);
    const start = plans();
    engine.use(hostPlugin('other', 0));
    add(a, a);
    expect(plans()).toBe(start + 1);
    await engine.setBackend('other');
    add(a, a);
    expect(plans()).toBe(start + 2);
    engine.unregisterBackend('other');
    add(a, a);
    expect(plans()).toBe(start + 3);
    add(a, a);
    expect(plans()).toBe(start + 3);
  });
});

describe('cpu detours', () => {
  async function detouring(warn = vi.fn()) {
    const engine = engineWith(warn);
    engine.use(hostPlugin('gpu', 5, { kernels: [] }));
    await engine.setBackend('gpu');
    return engine;
  }

  it('are logged once per (op, backend, formats), even across re-plans', async () => {
    const warn = vi.fn();
    const engine = await detouring(warn);
    const a = engine.tensor([1, 2]);
    const h = engine.tensor([1, 2], [2], { format: 'f16' });
    for (let i = 0; i < 5; i++) add(a, a);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/add\(f32, f32\) on gpu runs on cpu/);
    engine.registerKernel({ op: 'other', backend: 'gpu', fn: () => [] });
    add(a, a);
    expect(warn).toHaveBeenCalledTimes(1);
    add(h, a);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]![0]).toMatch(/add\(f16, f32\) on gpu runs on cpu/);
  });

  it('engine.plan() describes the route: kernels, decodes and the detour', async () => {
    const engine = await detouring();
    expect(engine.plan(Add, ['f16', 'f32'], 'gpu').route).toBe(
      'add(f16, f32) on gpu → cpu: copy operands to cpu; decode #0 (f16) with cpu decode[*]; ' +
        'cpu add[f32…]; copy results back to gpu',
    );
    expect(engine.plan(Add, ['f32', 'f32'], 'cpu').route).toBe(
      'add(f32, f32) on cpu: cpu add[f32…]',
    );
    engine.use(hostPlugin('local', 0));
    expect(engine.plan(Add, ['f32', 'f16'], 'local').route).toBe(
      'add(f32, f16) on local: decode #1 (f16) with local decode[*]; local add[f32…]',
    );
  });
});
