import { add, Engine } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { cpuBackend } from './plugin.ts';

const disposedCode = expect.objectContaining({ code: 'E_BACKEND_DISPOSED' });

describe('cpu backend after dispose()', () => {
  it('ops, reads and new tensors fail with E_BACKEND_DISPOSED', async () => {
    const engine = new Engine();
    engine.use(cpuBackend());
    await engine.ready();
    const a = engine.tensor([1, 2, 3]);
    expect(Array.from(await add(a, a).read())).toEqual([2, 4, 6]);
    a.backend.dispose?.();
    expect(() => add(a, a)).toThrow(disposedCode);
    await expect(a.read()).rejects.toEqual(disposedCode);
    expect(() => a.readSync()).toThrow(disposedCode);
    expect(() => engine.tensor([1])).toThrow(disposedCode);
  });

  it('unregistering the backend disposes it: its tensors then say so', async () => {
    const engine = new Engine();
    engine.use(cpuBackend());
    await engine.ready();
    const a = engine.tensor([1]);
    engine.unregisterBackend('cpu');
    await expect(a.read()).rejects.toEqual(disposedCode);
  });
});
