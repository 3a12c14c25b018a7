// The plugin proof: a backend defined outside @lowbit/core registers, wins dispatch for the op
// it implements, falls back to cpu for the ops it lacks, and unregistering restores cpu.
// This promise ("register custom backend plugins") must stay green.
import { cpuBackend } from '@lowbit/backend-cpu';
import {
  add,
  engine,
  getBackendName,
  matmul,
  ready,
  tensor,
  unregisterBackend,
  use,
} from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { countingBackend } from './index.ts';

describe('third-party backend plugin', () => {
  it('is picked by priority, runs its own kernel, falls back to cpu, and unregisters cleanly', async () => {
    use(cpuBackend());
    const plugin = countingBackend('counting', 100);
    use(plugin);
    expect(await ready()).toBe('counting');

    const a = tensor([1, 2, 3, 4], [2, 2]);
    const b = tensor([10, 20, 30, 40], [2, 2]);
    expect(a.location).toBe('counting');

    // Dispatch picks the plugin's own kernel for `add`.
    const sum = add(a, b);
    expect(plugin.instance.calls.get('kernel:add')).toBe(1);
    expect(sum.location).toBe('counting');
    expect(Array.from(await sum.read())).toEqual([11, 22, 33, 44]);

    // `matmul` is not in the plugin: the engine copies operands to cpu and the result back
    // (synchronously: the plugin's storage is on the host), and says so once.
    expect(engine.plan('matmul', ['f32', 'f32'], 'counting')).toMatchObject({
      backend: 'cpu',
      viaCpu: true,
      route:
        'matmul(f32, f32) on counting → cpu: copy operands to cpu; cpu matmul[f32…]; ' +
        'copy results back to counting',
    });
    const product = matmul(a, b);
    expect(product.location).toBe('counting');
    expect(plugin.instance.calls.get('downloadSync')).toBe(2); // the two operands
    expect(Array.from(await product.read())).toEqual([70, 100, 150, 220]);
    expect(plugin.instance.calls.get('kernel:add')).toBe(1);

    // Unregistering restores the default backend and its kernels.
    expect(unregisterBackend('counting')).toBe(true);
    expect(getBackendName()).toBeUndefined();
    expect(await ready()).toBe('cpu');
    const c = tensor([1, 2], [2]);
    expect(c.location).toBe('cpu');
    expect(Array.from(add(c, c).readSync())).toEqual([2, 4]);
    expect(engine.plan('add', ['f32', 'f32'], 'cpu').backend).toBe('cpu');
    expect(plugin.instance.calls.get('kernel:add')).toBe(1);
  });
});
