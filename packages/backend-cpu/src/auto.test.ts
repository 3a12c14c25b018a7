import { engine, getBackendName, ready, tensor } from '@lowbit/core';
import { describe, expect, it } from 'vitest';

describe('@lowbit/backend-cpu/auto', () => {
  it('registers cpu with the process-wide engine on import, once', async () => {
    await import('./auto.ts');
    await import('./auto.ts');
    expect(engine.listBackends().map((b) => b.name)).toEqual(['cpu']);
    expect(await ready()).toBe('cpu');
    expect(getBackendName()).toBe('cpu');
    expect(tensor([1, 2]).location).toBe('cpu');
  });
});
