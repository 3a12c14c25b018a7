import { describe, expect, it, vi } from 'vitest';
import { floatsOf, HostBackend, hostPlugin } from '../__fixtures__/host-backend.ts';
import { BACKEND_API_VERSION } from '../backend/backend.ts';
import { f16 } from '../format/builtin/f16.ts';
import { Add, Decode, MatMul } from '../kernel/op-names.ts';
import { add } from '../ops/elementwise.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Engine } from './engine.ts';

const quiet = () => new Engine({ logger: { warn: vi.fn() } });

describe('backend selection', () => {
  it('picks the highest-priority backend that initialises, logging the ones it skips', async () => {
    const warn = vi.fn();
    const engine = new Engine({ logger: { warn } });
    engine.use(hostPlugin('low', 1));
    engine.use(
      hostPlugin('broken', 9, {
        init: () => {
          throw new Error('no device');
        },
      }),
    );
    engine.use(hostPlugin('absent', 8, { probe: () => 0 }));
    expect(await engine.ready()).toBe('low');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls.join('\n')).toMatch(/"broken".*no device/);
    expect(warn.mock.calls.join('\n')).toMatch(/"absent".*probe\(\) returned 0/);
    const states = Object.fromEntries(engine.listBackends().map((b) => [b.name, b.state]));
    expect(states).toEqual({ broken: 'failed', absent: 'failed', low: 'ready' });
  });

  it('remembers a failure and reports every cause when nothing works', async () => {
    const engine = quiet();
    const init = vi.fn(async () => {
      throw new Error('adapter lost');
    });
    engine.use(hostPlugin('gpu', 5, { init }));
    engine.use(hostPlugin('wasm', 3, { probe: async () => 0 }));
    const error = await engine.ready().catch((e) => e);
    expect(error.code).toBe('E_BACKEND_NONE');
    expect(error.message).toContain('gpu: adapter lost');
    expect(error.message).toContain('wasm: probe() returned 0');
    await expect(engine.setBackend('gpu')).rejects.toMatchObject({ code: 'E_BACKEND_INIT' });
    expect(init).toHaveBeenCalledTimes(1);
  });

  it('tells the user to register a backend when none is', async () => {
    await expect(quiet().ready()).rejects.toThrow(/use\(cpuBackend\(\)\)/);
    expect(() => quiet().tensor([1])).toThrow(expect.objectContaining({ code: 'E_BACKEND_NONE' }));
  });

  it('accepts the TF.js form registerBackend(name, factory, priority)', async () => {
    const engine = quiet();
    engine.registerBackend('a', () => new HostBackend('a'), 2);
    engine.registerBackend('b', () => new HostBackend('b'), 7);
    expect(await engine.ready()).toBe('b');
  });

  it('waits for asynchronous init: sync creation says to await ready()', async () => {
    const engine = quiet();
    engine.use(hostPlugin('gpu', 5, { init: async () => new HostBackend('gpu') }));
    engine.use(hostPlugin('cpu', 1));
    expect(() => engine.tensor([1, 2])).toThrow(
      expect.objectContaining({ code: 'E_BACKEND_NOT_READY' }),
    );
    expect(await engine.ready()).toBe('gpu');
    expect(engine.tensor([1, 2]).location).toBe('gpu');
  });

  it('initialises a backend once even under concurrent requests', async () => {
    const engine = quiet();
    const init = vi.fn(async () => new HostBackend('gpu'));
    engine.use(hostPlugin('gpu', 5, { init }));
    await Promise.all([engine.ready(), engine.setBackend('gpu'), engine.ready()]);
    expect(init).toHaveBeenCalledTimes(1);
  });

  it('refuses conflicting registration, wrong API versions and malformed plugins', async () => {
    const engine = quiet();
    const plugin = hostPlugin('x', 1);
    engine.use(plugin);
    expect(() => engine.registerBackend(plugin)).not.toThrow();
    expect(() => engine.registerBackend(hostPlugin('x', 2))).toThrow(
      expect.objectContaining({ code: 'E_BACKEND_EXISTS' }),
    );
    expect(() =>
      engine.registerBackend(hostPlugin('y', 1, { apiVersion: BACKEND_API_VERSION + 1 })),
    ).toThrow(expect.objectContaining({ code: 'E_API_VERSION' }));
    await expect(engine.setBackend('z')).rejects.toMatchObject({ code: 'E_BACKEND_UNKNOWN' });
    const bad = hostPlugin('bad', 1, { init: () => ({ name: 'bad' }) as unknown as HostBackend });
    engine.use(bad);
    await expect(engine.setBackend('bad')).rejects.toThrow(/without upload, download, release/);
  });

  it("use(plugin, { override: true }) drops the replaced plugin's kernels", () => {
    const engine = quiet();
    engine.use(hostPlugin('x', 1));
    expect(engine.kernels.forBackend('x').length).toBeGreaterThan(0);
    engine.use(hostPlugin('x', 1, { kernels: [] }), { override: true });
    expect(engine.kernels.forBackend('x')).toEqual([]);
  });

  it('a kernel that returns a Promise (the pre-v2 async contract) gets a coded error', async () => {
    const engine = quiet();
    engine.use(hostPlugin('cpu', 1));
    await engine.ready();
    const x = engine.tensor([1, 2], [2]);
    engine.registerKernel({
      op: Add,
      backend: 'cpu',
      override: true,
      fn: (async () => x) as unknown as () => Tensor,
    });
    expect(() => add(x, x)).toThrow(
      expect.objectContaining({
        code: 'E_ARGUMENT',
        message: expect.stringMatching(/synchronous/),
      }),
    );
  });

  it('unregistering the active backend falls back to the next best', async () => {
    const engine = quiet();
    engine.use(hostPlugin('cpu', 1));
    engine.use(hostPlugin('fast', 10));
    expect(await engine.ready()).toBe('fast');
    expect(engine.unregisterBackend('fast')).toBe(true);
    expect(engine.kernels.forBackend('fast')).toEqual([]);
    expect(await engine.ready()).toBe('cpu');
  });
});

describe('kernel registry and dispatch plan', () => {
  const engine = quiet();
  engine.use(hostPlugin('cpu', 1));
  engine.use(hostPlugin('gpu', 2, { kernels: [] }));
  engine.registerKernel({
    op: Add,
    backend: 'gpu',
    formats: ['f16', 'f16'],
    fn: () => {
      throw new Error('unused');
    },
  });
  engine.registerKernel({
    op: Decode,
    backend: 'gpu',
    formats: ['f16'],
    fn: () => {
      throw new Error('unused');
    },
  });

  it('prefers an exact kernel on the operands’ backend', () => {
    const plan = engine.plan(Add, ['f16', 'f16'], 'gpu');
    expect(plan).toMatchObject({ backend: 'gpu', viaCpu: false, decode: [] });
    expect(plan.kernel.formats).toEqual(['f16', 'f16']);
  });

  it('falls back to cpu, decoding packed operands there, when the backend lacks the op', () => {
    const plan = engine.plan(Add, ['f16', 'f32'], 'gpu');
    expect(plan).toMatchObject({ backend: 'cpu', viaCpu: true });
    expect(plan.decode.map((d) => d.input)).toEqual([0]);
  });

  it('decodes on the same backend before leaving it', () => {
    const local = quiet();
    local.use(hostPlugin('cpu', 1));
    local.use(hostPlugin('gpu', 2));
    expect(local.plan(Add, ['f16', 'f32'], 'gpu')).toMatchObject({
      backend: 'gpu',
      viaCpu: false,
      decode: [{ input: 0 }],
    });
  });

  it('says what is missing, with a suggestion for misspelt ops', () => {
    expect(() => engine.plan(MatMul, ['f32', 'f32'], 'gpu')).toThrow(
      expect.objectContaining({ code: 'E_KERNEL_MISSING' }),
    );
    expect(() => engine.plan('ad', ['f32', 'f32'], 'gpu')).toThrow(/Did you mean "add"/);
  });

  it('refuses duplicate kernels unless overridden, and unregisters by formats', () => {
    const fn = () => {
      throw new Error('unused');
    };
    expect(() =>
      engine.registerKernel({ op: Add, backend: 'gpu', formats: ['f16', 'f16'], fn }),
    ).toThrow(expect.objectContaining({ code: 'E_KERNEL_EXISTS' }));
    engine.registerKernel({ op: Add, backend: 'gpu', formats: ['f16', 'f16'], fn, override: true });
    expect(engine.plan(Add, ['f16', 'f16'], 'gpu').kernel.fn).toBe(fn);
    expect(engine.unregisterKernel(Add, 'gpu', ['f16', 'f16'])).toBe(true);
    expect(engine.plan(Add, ['f16', 'f16'], 'gpu').backend).toBe('cpu');
  });

  it('ranks exact formats above wildcards', () => {
    const local = quiet();
    const wildcard = () => {
      throw new Error('wildcard');
    };
    const exact = () => {
      throw new Error('exact');
    };
    local.registerKernel({ op: 'op', backend: 'b', formats: ['q4_0', '*'], fn: exact });
    local.registerKernel({ op: 'op', backend: 'b', formats: ['*', '*'], fn: wildcard });
    expect(local.kernels.find('op', 'b', ['q4_0', 'f32'])?.fn).toBe(exact);
    expect(local.kernels.find('op', 'b', ['q8_0', 'f32'])?.fn).toBe(wildcard);
    expect(local.kernels.find('op', 'b', ['q8_0'])).toBeUndefined();
  });
});

describe('tensors', () => {
  const engine = quiet();
  engine.use(hostPlugin('cpu', 1));
  engine.use(hostPlugin('other', 0));

  it('holds values in the requested format, packed, and reads them back', async () => {
    const t = engine.tensor([1, 2.5, -3, 65504], [2, 2], { format: 'f16' });
    expect(t.format).toBe(f16);
    expect(t.byteLength).toBe(8);
    expect(t.shape).toEqual([2, 2]);
    expect(Array.from(await t.read())).toEqual([1, 2.5, -3, 65504]);
    expect(Array.from(t.readSync())).toEqual([1, 2.5, -3, 65504]);
    expect(Array.from(await t.readBytes())).toEqual([
      0x00, 0x3c, 0x00, 0x41, 0x00, 0xc2, 0xff, 0x7b,
    ]);
  });

  it('never infers the format from the array type', () => {
    const t = engine.tensor(Uint16Array.of(0x3c00));
    expect(t.format.name).toBe('f32');
    expect(t.readSync()[0]).toBe(0x3c00);
  });

  it('wraps packed bytes, checking their length against shape and format', () => {
    const t = engine.fromBytes(Uint8Array.of(0x00, 0x3c, 0x00, 0xc0), [2], 'f16');
    expect(Array.from(t.readSync())).toEqual([1, -2]);
    expect(() => engine.fromBytes(new Uint8Array(3), [2], 'f16')).toThrow(/takes 4 bytes, but 3/);
    expect(() => engine.tensor([1, 2, 3], [2, 2])).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
    expect(() => engine.fromBytes(new Uint8Array(4), [2], 'f61')).toThrow(/Did you mean "f16"/);
  });

  it('moves explicitly between backends and refuses mixed operands', async () => {
    const a = engine.tensor([1, 2]);
    const b = await a.to('other');
    expect(b.location).toBe('other');
    expect(await a.to('cpu')).toBe(a);
    expect(Array.from(await b.read())).toEqual([1, 2]);
    expect(() => add(a, b)).toThrow(expect.objectContaining({ code: 'E_BACKEND_MISMATCH' }));
  });

  it('runs ops through the fallback chain and frees the temporaries', async () => {
    const local = quiet();
    const cpu = new HostBackend('cpu');
    local.use(hostPlugin('cpu', 1, { init: () => cpu }));
    local.use(hostPlugin('gpu', 2, { kernels: [] }));
    await local.setBackend('gpu');
    const a = local.tensor([1, 2, 3], [3], { format: 'f16' });
    const b = local.tensor([10, 20, 30]);
    const sum = add(a, b);
    expect(sum.location).toBe('gpu');
    expect(Array.from(await sum.read())).toEqual([11, 22, 33]);
    // Two moved operands, one decoded operand and one cpu result were released.
    expect(cpu.released).toBe(4);
    expect(floatsOf(await sum.to('cpu'))).toEqual(Float32Array.of(11, 22, 33));
  });

  it('cannot be used after dispose()', async () => {
    const t = engine.tensor([1]);
    t.dispose();
    t.dispose();
    expect(t.disposed).toBe(true);
    await expect(t.read()).rejects.toMatchObject({ code: 'E_TENSOR_DISPOSED' });
    expect(() => t.readSync()).toThrow(expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }));
  });
});

describe('disposed backends', () => {
  it('an op dispatched to a disposed backend fails with E_BACKEND_DISPOSED', async () => {
    const engine = quiet();
    const backend = new HostBackend('gpu') as HostBackend & { disposed: boolean };
    engine.use(hostPlugin('gpu', 5, { init: () => backend }));
    await engine.ready();
    const a = engine.tensor([1, 2]);
    backend.disposed = true;
    const code = expect.objectContaining({ code: 'E_BACKEND_DISPOSED' });
    expect(() => engine.run(Add, [a, a], {})).toThrow(code);
    expect(() => engine.tensor([1])).toThrow(code);
  });
});
