/** tensor() from a Float16Array, where the runtime has one (the type test runs everywhere). */
import { describe, expect, it, vi } from 'vitest';
import { floatsOf, hostPlugin } from '../__fixtures__/host-backend.ts';
import { Engine, type Float16ArrayLike } from './engine.ts';

type Float16Ctor = new (values: readonly number[]) => Float16ArrayLike;
const Float16 = (globalThis as { Float16Array?: Float16Ctor }).Float16Array;

describe('Float16Array input', () => {
  it.runIf(Float16 !== undefined)('widens the halves exactly to f32', async () => {
    const engine = new Engine({ logger: { warn: vi.fn() } });
    engine.use(hostPlugin('host', 1));
    await engine.ready();
    const halves = new Float16!([1, -0.5, 65504, 2 ** -24, 0.1]);
    expect(Array.from(floatsOf(engine.tensor(halves)))).toEqual(Array.from(halves));
  });
});
