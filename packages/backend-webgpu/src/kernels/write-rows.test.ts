// f16 KV caches: rows written at an offset that splits a word (odd row length) keep their
// neighbours and equal cpu's bytes; attention picks the native-f16 cache reader only where
// shader-f16 is usable (the native reader's WGSL runs only on hardware that has it).
import { cpuBackend } from '@lowbit/backend-cpu';
import { Engine, writeRows } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { webgpuBackend } from '../plugin.ts';
import { adapterOrSkip } from '../test-device.ts';
import { cachePrelude } from './attention.ts';

const available = await adapterOrSkip();

const values = (count: number, seed: number) =>
  Float32Array.from({ length: count }, (_, i) => Math.sin(i * 0.7 + seed) * 3);

describe('cachePrelude', () => {
  it('reads f16 caches natively only with shader-f16', () => {
    expect(cachePrelude('f16', true)).toBe('cache/f16-native');
    expect(cachePrelude('f16', false)).toBe('cache/f16');
    expect(cachePrelude('f32', true)).toBe('cache/f32');
  });
});

describe.runIf(available)('webgpu writeRows into an f16 cache', () => {
  const engine = new Engine({ logger: { warn() {} } })
    .use(cpuBackend())
    .use(webgpuBackend({ forceF32: true }));

  it('rows of 5 at offset 1 (a split word at each end) equal cpu, bytes exactly', async () => {
    await engine.ready();
    const run = async (backend: string) => {
      const cache = engine.tensor(values(4 * 5, 1), [4, 5], {
        backend,
        format: 'f16',
        mutable: true,
      });
      writeRows(cache, 1, engine.tensor(values(2 * 5, 2), [2, 5], { backend }));
      return cache.readBytes();
    };
    expect(await run('webgpu')).toEqual(await run('cpu'));
  });
});
