import { describe, expect, it, vi } from 'vitest';
import { hostPlugin } from '../__fixtures__/host-backend.ts';
import { Engine } from '../engine/engine.ts';

describe('Tensor.read', () => {
  it('returns an f32 tensor’s downloaded copy as its values, without copying it again', async () => {
    const engine = new Engine({ logger: { warn: vi.fn() } });
    engine.use(hostPlugin('cpu', 1));
    const t = engine.tensor([1, -2.5, 3e38, Number.NaN]);
    const download = vi.spyOn(t.backend, 'download');
    const values = await t.read();
    const downloaded = await download.mock.results[0]!.value;
    expect(values.buffer).toBe(downloaded.buffer);
    expect(Array.from(values)).toEqual([1, -2.5, Math.fround(3e38), Number.NaN]);
    // Other formats still decode.
    const half = engine.tensor([1, 0.5], [2], { format: 'f16' });
    expect(Array.from(await half.read())).toEqual([1, 0.5]);
  });
});
