// Prefill linear (many rows of x) runs the tiled GEMM: each weight is decoded once per 16 rows
// of x, not once per output (counted by the backend, never timed), and agrees with cpu.
import { cpuBackend } from '@lowbit/backend-cpu';
import { Engine, linear } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { webgpuBackend } from '../plugin.ts';
import { adapterOrSkip } from '../test-device.ts';
import type { WebGpuBackend } from '../webgpu-backend.ts';

registerAllFormats();
const available = await adapterOrSkip();

const values = (count: number, seed: number) =>
  Float32Array.from({ length: count }, (_, i) => Math.sin(i * 0.37 + seed));

describe.runIf(available)('webgpu linear on many rows', () => {
  const engine = new Engine({ logger: { warn() {} } })
    .use(cpuBackend())
    .use(webgpuBackend({ forceF32: true }));

  it.each([
    ['q4_K', false],
    ['fp8_e4m3fn', true],
  ])(
    '%s (scales %s): tiled, each weight decoded once per 16 rows, equal to cpu',
    async (format, scaled) => {
      await engine.ready();
      const backend = (await engine.backends.get('webgpu')) as WebGpuBackend;
      const [m, n, k] = [20, 9, 256];
      const onCpu = { backend: 'cpu' };
      const onGpu = { backend: 'webgpu' };
      const x = values(m * k, 1);
      const w = values(n * k, 2);
      const s = Float32Array.from({ length: n * 2 }, (_, i) => 0.5 + i / 8);
      const run = (where: { backend: string }) =>
        linear(
          engine.tensor(x, [m, k], where),
          engine.tensor(w, [n, k], { ...where, format }),
          scaled ? engine.tensor(s, [n, 2], where) : undefined,
        ).read();
      const expected = await run(onCpu);
      const before = backend.stats().decoded;
      const got = await run(onGpu);
      expect(backend.stats().decoded - before).toBe(n * k * Math.ceil(m / 16));
      const scale = Math.max(...expected.map(Math.abs));
      for (let i = 0; i < expected.length; i++)
        expect(Math.abs(got[i]! - expected[i]!)).toBeLessThan(1e-5 * scale);
    },
  );

  it('a GEMV (one row) stays one invocation per output', async () => {
    const backend = (await engine.backends.get('webgpu')) as WebGpuBackend;
    const before = backend.stats().decoded;
    const y = linear(
      engine.tensor(values(64, 3), [1, 64], { backend: 'webgpu' }),
      engine.tensor(values(5 * 64, 4), [5, 64], { backend: 'webgpu', format: 'q8_0' }),
    );
    await y.read();
    expect(backend.stats().decoded - before).toBe(5 * 64);
  });
});
