/**
 * A minimal host backend for core's own tests (core cannot depend on @lowbit/backend-cpu):
 * byte storage, an `add` kernel for f32, and a decode kernel for any format.
 */
import { BACKEND_API_VERSION, type Backend, type BackendPlugin } from '../backend/backend.ts';
import { f32 } from '../format/builtin/f32.ts';
import type { KernelConfig } from '../kernel/kernel.ts';
import { Add, Decode } from '../kernel/op-names.ts';
import type { Tensor } from '../tensor/tensor.ts';

export class HostBackend implements Backend {
  released = 0;
  /** Handles core asked to free on garbage collection (Backend.watch). */
  readonly watched = new Set<unknown>();
  constructor(readonly name: string) {}
  upload(bytes: Uint8Array): Uint8Array {
    return bytes.slice();
  }
  async download(handle: unknown): Promise<Uint8Array> {
    return (handle as Uint8Array).slice();
  }
  downloadSync(handle: unknown): Uint8Array {
    return handle as Uint8Array;
  }
  writeSync(handle: unknown, bytes: Uint8Array, byteOffset = 0): void {
    (handle as Uint8Array).set(bytes, byteOffset);
  }
  release(): void {
    this.released++;
  }
  watch(handle: unknown): void {
    this.watched.add(handle);
  }
}

export const floatsOf = (t: Tensor) => f32.decode(t.handle as Uint8Array, t.size);

export function hostKernels(backend: string): KernelConfig[] {
  return [
    {
      op: Add,
      backend,
      fn: ([a, b], _attrs, { wrap }) => {
        const x = floatsOf(a!);
        const y = floatsOf(b!);
        return wrap(f32.encode(x.map((v, i) => v + y[i]!)), a!.shape, f32);
      },
    },
    {
      op: Decode,
      backend,
      formats: ['*'],
      fn: ([x], _attrs, { wrap }) =>
        wrap(f32.encode(x!.format.decode(x!.handle as Uint8Array, x!.size)), x!.shape, f32),
    },
  ];
}

export function hostPlugin(
  name: string,
  priority: number,
  overrides: Partial<BackendPlugin> = {},
): BackendPlugin {
  return {
    name,
    apiVersion: BACKEND_API_VERSION,
    priority,
    init: () => new HostBackend(name),
    kernels: hostKernels(name),
    ...overrides,
  };
}
