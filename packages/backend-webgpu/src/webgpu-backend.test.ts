// The backend's contract on a real device (SwiftShader in CI): work is batched and pipelines are
// cached (counted, not timed), allocation failures and device loss are coded errors, and a lost
// device hands new work to the next backend with one warning.
import { cpuBackend } from '@lowbit/backend-cpu';
import { add, Engine, getFormat, matmul } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { formatTrait } from './format-traits.ts';
import { webgpuBackend } from './plugin.ts';
import { adapterOrSkip } from './test-device.ts';
import { WebGpuBackend, type WebGpuOptions } from './webgpu-backend.ts';

const available = await adapterOrSkip();

describe.runIf(available)('webgpu backend', () => {
  const warnings: string[] = [];
  const engine = new Engine({ logger: { warn: (m) => warnings.push(m) } })
    .use(cpuBackend())
    .use(
      webgpuBackend({ forceF32: true, flushEvery: 4, logger: { warn: (m) => warnings.push(m) } }),
    );

  it('ranks above wasm and cpu, and reports its device features', async () => {
    expect(await engine.ready()).toBe('webgpu');
    const backend = (await engine.backends.get('webgpu')) as WebGpuBackend;
    expect(backend.features.f16).toBe(false);
    expect(backend.features.maxBufferBytes).toBeGreaterThan(0);
  });

  it('creates each pipeline once, submits in batches and reuses pooled buffers', async () => {
    const backend = (await engine.backends.get('webgpu')) as WebGpuBackend;
    const a = engine.tensor([1, 2, 3, 4], [2, 2], { backend: 'webgpu' });
    const b = engine.tensor([5, 6, 7, 8], [2, 2], { backend: 'webgpu' });
    const first = matmul(a, b);
    expect(await first.read()).toEqual(new Float32Array([19, 22, 43, 50]));
    const before = backend.stats();
    let y = add(a, b);
    for (let i = 0; i < 9; i++) {
      const next = add(y, a);
      y.dispose();
      y = next;
    }
    expect(await y.read()).toEqual(new Float32Array([15, 26, 37, 48]));
    const after = backend.stats();
    expect(after.pipelines - before.pipelines).toBe(1);
    expect(after.dispatches - before.dispatches).toBe(10);
    // flushEvery 4: 10 dispatches are 2 full batches, then the download submits the rest.
    expect(after.submits - before.submits).toBe(3);
    expect(after.downloads - before.downloads).toBe(1);
    expect(after.buffersReused - before.buffersReused).toBeGreaterThan(0);
  });

  it('an invalid shader is E_GPU_ERROR on the next read (logged), never silent zeros', async () => {
    const backend = (await engine.backends.get('webgpu')) as WebGpuBackend;
    const out = engine.tensor([7, 7], [2], { backend: 'webgpu' });
    warnings.length = 0;
    backend.dispatch({
      key: 'broken-on-purpose',
      code: '@compute @workgroup_size(1) fn main() { let x: u32 = undefined_name; }',
      uniforms: new ArrayBuffer(16),
      buffers: [backend.buffer(out)],
      workgroups: [1],
    });
    await expect(out.read()).rejects.toMatchObject({
      code: 'E_GPU_ERROR',
      message: expect.stringContaining('broken-on-purpose'),
    });
    expect(warnings.join('\n')).toMatch(/broken-on-purpose.*invalid/);
    // Reported once: the next read works again.
    expect(await engine.tensor([1, 2], [2], { backend: 'webgpu' }).read()).toEqual(
      new Float32Array([1, 2]),
    );
  });

  it('refuses an allocation beyond the device with E_OUT_OF_MEMORY naming the size', async () => {
    const backend = (await engine.backends.get('webgpu')) as WebGpuBackend;
    const bytes = backend.features.maxBufferBytes * 2;
    expect(() => backend.allocate(bytes)).toThrow(
      expect.objectContaining({
        code: 'E_OUT_OF_MEMORY',
        message: expect.stringContaining(`${bytes} bytes`),
      }),
    );
  });

  it('after device loss: its tensors are E_DEVICE_LOST, new work falls back with one warning', async () => {
    const backend = (await engine.backends.get('webgpu')) as WebGpuBackend;
    const x = engine.tensor([1, 2], [2], { backend: 'webgpu' });
    backend.device.destroy();
    await backend.whenLost;
    await expect(x.read()).rejects.toMatchObject({ code: 'E_DEVICE_LOST' });
    expect(() => add(x, x)).toThrow(expect.objectContaining({ code: 'E_DEVICE_LOST' }));
    warnings.length = 0;
    const y = engine.tensor([1, 2], [2]);
    const z = engine.tensor([3, 4], [2]);
    expect(y.location).toBe('cpu');
    expect(await add(y, z).read()).toEqual(new Float32Array([4, 6]));
    engine.tensor([0], [1]);
    expect(warnings.filter((w) => w.includes('lost its device'))).toHaveLength(1);
  });
});

describe('webgpu probe', () => {
  /** The engine's choice and warnings with `navigator.gpu` answering `requestAdapter` by `adapter`. */
  async function withNavigatorAdapter(adapter: unknown, options: WebGpuOptions = {}) {
    const warnings: string[] = [];
    const gpu = { requestAdapter: async () => adapter } as unknown as GPU;
    const previous = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
    try {
      const engine = new Engine({ logger: { warn: (m) => warnings.push(m) } })
        .use(cpuBackend())
        .use(webgpuBackend(options));
      return { chosen: await engine.ready(), warnings: warnings.join('\n') };
    } finally {
      if (previous) Object.defineProperty(globalThis, 'navigator', previous);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  }

  it('without an adapter, the probe fails with the reason logged, never a crash', async () => {
    const { chosen, warnings } = await withNavigatorAdapter(null);
    expect(chosen).toBe('cpu');
    expect(warnings).toMatch(/webgpu.*no WebGPU adapter/);
  });

  it('hardwareOnly refuses a software fallback adapter in the probe, naming it', async () => {
    const swiftShader = {
      info: { isFallbackAdapter: true, description: 'SwiftShader driver 5.0.0' },
      features: new Set(),
      requestDevice: () => Promise.reject(new Error('no device should be requested')),
    };
    const { chosen, warnings } = await withNavigatorAdapter(swiftShader, { hardwareOnly: true });
    expect(chosen).toBe('cpu');
    expect(warnings).toMatch(/webgpu.*SwiftShader driver 5\.0\.0\) is a software fallback/);
  });
});

describe('shader-f16 selection', () => {
  // A device that reports shader-f16 (SwiftShader has none, so this path's WGSL runs only on
  // hardware; here its selection is what is tested).
  const fakeDevice = (features: string[]) =>
    ({
      features: new Set(features),
      limits: { maxComputeWorkgroupStorageSize: 16384, maxStorageBufferBindingSize: 1 << 27 },
      lost: new Promise(() => {}),
      addEventListener() {},
    }) as unknown as GPUDevice;
  const access = { gpu: {} as GPU, adapter: { info: {} } as GPUAdapter };

  it('uses f16 decoders where the device has shader-f16, the f32 path under forceF32', () => {
    registerAllFormats();
    const f16 = getFormat('f16');
    const withF16 = new WebGpuBackend(access, fakeDevice(['shader-f16']));
    const forced = new WebGpuBackend(access, fakeDevice(['shader-f16']), { forceF32: true });
    const without = new WebGpuBackend(access, fakeDevice([]));
    expect([withF16, forced, without].map((b) => b.features.f16)).toEqual([true, false, false]);
    expect(formatTrait(f16, withF16.features)!.code).toMatch(/^enable f16;/);
    expect(formatTrait(f16, forced.features)!.code).not.toContain('enable f16');
    expect(formatTrait(f16, without.features)!.code).not.toContain('enable f16');
  });
});
