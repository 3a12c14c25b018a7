// Transforms at the sizes the conformance cases do not reach: the longest Hadamard row the
// kernel holds (4096), an m·2^k row (28·128), fft/dct on a longer odd row, and the coded
// refusal beyond 4096.
import { cpuBackend } from '@lowbit/backend-cpu';
import { dct, Engine, fft, fwht, randomHadamard } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { webgpuBackend } from '../plugin.ts';
import { adapterOrSkip } from '../test-device.ts';

const available = await adapterOrSkip();

const values = (count: number, seed: number) =>
  Float32Array.from({ length: count }, (_, i) => Math.sin(i * 0.61 + seed));

function expectClose(got: Float32Array, expected: Float32Array, bound: number): void {
  const scale = Math.max(...expected.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
  expect(worst).toBeLessThan(bound * scale);
}

describe.runIf(available)('webgpu transforms', () => {
  const engine = new Engine({ logger: { warn() {} } })
    .use(cpuBackend())
    .use(webgpuBackend({ forceF32: true }));
  const on = (backend: string, n: number, seed: number) =>
    engine.tensor(values(n, seed), [1, n], { backend });

  it.each([4096, 28 * 128])(
    'fwht and two-block random Hadamard of length %i equal cpu',
    async (n) => {
      await engine.ready();
      for (const op of [
        (x: ReturnType<typeof on>) => fwht(x, { normalize: true }),
        (x: ReturnType<typeof on>) => randomHadamard(x, { seed: 5, twoBlock: true }),
      ]) {
        const expected = await op(on('cpu', n, 1)).read();
        expectClose(await op(on('webgpu', n, 1)).read(), expected, 1e-6);
      }
    },
  );

  it('fft and dct of length 100 equal cpu', async () => {
    const [re, im] = fft(on('webgpu', 100, 1), on('webgpu', 100, 2));
    const [cpuRe, cpuIm] = fft(on('cpu', 100, 1), on('cpu', 100, 2));
    expectClose(await re.read(), await cpuRe.read(), 1e-5);
    expectClose(await im.read(), await cpuIm.read(), 1e-5);
    const y = dct(on('webgpu', 100, 3), { inverse: true });
    expectClose(await y.read(), await dct(on('cpu', 100, 3), { inverse: true }).read(), 1e-5);
  });

  it('refuses a Hadamard row longer than 4096 with E_UNSUPPORTED', () => {
    expect(() => fwht(on('webgpu', 8192, 1))).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED', message: expect.stringContaining('8192') }),
    );
  });
});
