/**
 * GPU buffers by size class (powers of two from 256 bytes): a released buffer waits in
 * `pending` until the commands recorded so far are submitted, then serves the next request of
 * its class. Holding it back keeps a later `queue.writeBuffer` (which runs before unsubmitted
 * commands) from overwriting data a recorded command still reads.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { BufferUsage } from './gpu-flags.ts';

const MIN_CLASS = 256;

export interface PoolStats {
  /** Buffers created (each a device allocation). */
  created: number;
  /** Requests served from the free lists. */
  reused: number;
}

/** The size class holding `bytes`: the next power of two, at least 256. */
export function sizeClass(bytes: number): number {
  let size = MIN_CLASS;
  while (size < bytes) size *= 2;
  return size;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private pending: GPUBuffer[] = [];
  readonly stats: PoolStats = { created: 0, reused: 0 };

  constructor(
    private readonly device: GPUDevice,
    private readonly usage = BufferUsage.Storage | BufferUsage.CopySrc | BufferUsage.CopyDst,
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const reused = this.free.get(size)?.pop();
    if (reused) {
      this.stats.reused++;
      return reused;
    }
    if (size > this.device.limits.maxStorageBufferBindingSize)
      throw outOfMemory(bytes, this.device);
    let buffer: GPUBuffer;
    try {
      buffer = this.device.createBuffer({ size, usage: this.usage });
    } catch (cause) {
      throw outOfMemory(bytes, this.device, cause);
    }
    this.stats.created++;
    return buffer;
  }

  /** Hands `buffer` back; it is reused only after the next submit (see the top comment). */
  release(buffer: GPUBuffer): void {
    this.pending.push(buffer);
  }

  /** Called after each submit: released buffers become reusable. */
  recycle(): void {
    for (const buffer of this.pending) {
      const list = this.free.get(buffer.size);
      if (list) list.push(buffer);
      else this.free.set(buffer.size, [buffer]);
    }
    this.pending = [];
  }

  destroy(): void {
    this.recycle();
    for (const list of this.free.values()) for (const buffer of list) buffer.destroy();
    this.free.clear();
  }
}

/** E_OUT_OF_MEMORY naming the request and the device's largest buffer. */
export function outOfMemory(bytes: number, device: GPUDevice, cause?: unknown): LowbitError {
  const limit = device.limits.maxStorageBufferBindingSize;
  return new LowbitError(
    ErrorCode.OutOfMemory,
    `The webgpu device could not allocate ${bytes} bytes (its largest storage buffer is ${limit} bytes). Dispose tensors you no longer need, split the tensor, or use another backend.`,
    { details: { bytes, limit }, ...(cause === undefined ? {} : { cause }) },
  );
}
