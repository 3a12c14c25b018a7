/**
 * Repro for dispose: a wasm backend with `threads` is disposed, then an op and a read are tried.
 * Run in a child process by dispose.test.ts, since the bug it guards against blocks the thread
 * forever in Atomics.wait, where no test timeout can reach it.
 */
import { matmul } from '@lowbit/core';
import { wasmEngine } from '../cross-check.ts';

/** The error code (or 'ok') of each step after dispose. */
export async function afterDispose(threads: number): Promise<Record<string, string>> {
  const engine = await wasmEngine(threads);
  await engine.setBackend('wasm');
  const a = engine.tensor(new Float32Array(128 * 128).fill(1), [128, 128]);
  matmul(a, a); // 2^21 multiply-adds: split over the threads
  a.backend.dispose?.();
  const outcome = async (step: () => unknown) => {
    try {
      await step();
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  };
  return {
    threads: String(threads),
    matmul: await outcome(() => matmul(a, a)),
    read: await outcome(() => a.read()),
    readSync: await outcome(() => a.readSync()),
    tensor: await outcome(() => engine.tensor([1, 2])),
  };
}
