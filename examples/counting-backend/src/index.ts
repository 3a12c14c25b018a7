/**
 * An example third-party backend, built only from @lowbit/core's public API (plus the cpu
 * package's exported helpers): host storage, a call counter, and one kernel (`add`). Every
 * other op reaches it through the engine's cpu fallback.
 */

import { broadcastBinary } from '@lowbit/backend-cpu';
import {
  Add,
  BACKEND_API_VERSION,
  type Backend,
  type BackendPlugin,
  type DataHandle,
  defineKernel,
  f32,
  type KernelContext,
  type Tensor,
} from '@lowbit/core';

export class CountingBackend implements Backend {
  readonly calls = new Map<string, number>();

  constructor(readonly name: string) {}

  count(what: string): void {
    this.calls.set(what, (this.calls.get(what) ?? 0) + 1);
  }

  upload(bytes: Uint8Array): DataHandle {
    this.count('upload');
    return bytes.slice();
  }

  async download(handle: DataHandle): Promise<Uint8Array> {
    this.count('download');
    return (handle as Uint8Array).slice();
  }

  /** Storage is on the host, so ops it lacks can detour through cpu without waiting. */
  downloadSync(handle: DataHandle): Uint8Array {
    this.count('downloadSync');
    return handle as Uint8Array;
  }

  /** Lets in-place ops it lacks (write-rows) detour through cpu and write their result back. */
  writeSync(handle: DataHandle, bytes: Uint8Array, byteOffset = 0): void {
    this.count('writeSync');
    (handle as Uint8Array).set(bytes, byteOffset);
  }

  release(): void {
    this.count('release');
  }
}

const floats = (t: Tensor) => f32.decode(t.handle as Uint8Array, t.size);

export function countingBackend(
  name = 'counting',
  priority = 100,
): BackendPlugin & { instance: CountingBackend } {
  const instance = new CountingBackend(name);
  const add = defineKernel({
    op: Add,
    backend: name,
    fn([a, b], _attrs, { backend, wrap }: KernelContext<CountingBackend>) {
      backend.count('kernel:add');
      const { values, shape } = broadcastBinary(
        floats(a!),
        a!.shape,
        floats(b!),
        b!.shape,
        (x, y) => x + y,
      );
      return wrap(f32.encode(values), shape, f32);
    },
  });
  return {
    name,
    apiVersion: BACKEND_API_VERSION,
    priority,
    probe: () => 1,
    init: () => instance,
    kernels: [add],
    instance,
  };
}
