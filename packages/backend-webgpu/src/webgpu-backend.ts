/**
 * The webgpu backend: tensor storage is a pooled GPUBuffer (`GpuStorage`); kernels only record
 * compute passes into a command encoder, submitted every `flushEvery` dispatches and before a
 * download — the one place that waits (mapAsync on a staging buffer). This is the engine's
 * asynchronous-backend contract (docs/adding-a-backend.md).
 *
 * A lost device (driver reset, `device.destroy()`) marks the backend lost: the engine then
 * picks the next backend for new work (core's registry checks `lost`), and reading or computing
 * with a tensor that lived here fails with E_DEVICE_LOST.
 */
import {
  type Backend,
  type DataHandle,
  ErrorCode,
  type Format,
  f32,
  type KernelContext,
  LowbitError,
  type Shape,
  sizeOf,
  type Tensor,
} from '@lowbit/core';
import type { GpuAccess } from './acquire-gpu.ts';
import { BufferPool } from './buffer-pool.ts';
import { BufferUsage, MapModeRead } from './gpu-flags.ts';
import { PipelineCache, type PipelineSpec } from './pipeline-cache.ts';

export interface WebGpuOptions {
  /** Never use `shader-f16`, even where the device has it (to test the f32 path). */
  forceF32?: boolean;
  /** Submit recorded work after this many dispatches (default 64). */
  flushEvery?: number;
  /** Where GPU errors are reported as they arrive (default console.warn). */
  logger?: { warn(message: string): void };
  /**
   * Refuse a software fallback adapter (SwiftShader, lavapipe) in the probe, so the engine picks
   * the next backend, which on the CPU is faster (default false: any adapter will do).
   */
  hardwareOnly?: boolean;
}

/** A webgpu tensor's storage: `bytes` at the start of `buffer` (a pooled, larger size class). */
export interface GpuStorage {
  readonly buffer: GPUBuffer;
  readonly bytes: number;
}

export interface GpuFeatures {
  /** `shader-f16` is present and not disabled by `forceF32`. */
  f16: boolean;
  subgroups: boolean;
  maxWorkgroupStorage: number;
  maxBufferBytes: number;
}

export interface GpuStats {
  dispatches: number;
  submits: number;
  downloads: number;
  /** Pipelines compiled. */
  pipelines: number;
  buffersCreated: number;
  buffersReused: number;
  /** Packed elements the recorded format kernels decode (by construction of their grids). */
  decoded: number;
}

export type WebGpuContext = KernelContext<WebGpuBackend>;

/** One dispatch: a pipeline, its uniform block and its storage buffers in binding order. */
export interface Dispatch extends PipelineSpec {
  /** Binding 0: a uniform block (u32/i32/f32 words). */
  uniforms: ArrayBuffer;
  /** Bindings 1…n; an undefined slot leaves its binding out (a snippet's unused table). */
  buffers: readonly (GPUBuffer | undefined)[];
  workgroups: readonly [number, number?, number?];
}

const align4 = (n: number) => Math.max(4, Math.ceil(n / 4) * 4);

export class WebGpuBackend implements Backend {
  readonly name = 'webgpu';
  readonly device: GPUDevice;
  readonly adapterName: string;
  readonly features: GpuFeatures;
  /** Why the device was lost; undefined while it works. */
  lost: string | undefined;
  /** Resolves with the reason once the device is lost (not after dispose()). */
  readonly whenLost: Promise<string>;
  private readonly pool: BufferPool;
  private readonly uniformPool: BufferPool;
  private readonly pipelines: PipelineCache;
  private readonly constants = new Map<string, GPUBuffer>();
  private encoder: GPUCommandEncoder | undefined;
  private recorded = 0;
  private released = false;
  private readonly flushEvery: number;
  private readonly counts = { dispatches: 0, submits: 0, downloads: 0, decoded: 0 };
  private readonly logger: { warn(message: string): void };
  /** GPU errors since the last read, which that read throws. */
  private readonly failures: string[] = [];
  /** Error-scope verdicts not yet settled; a read waits for them. */
  private readonly checks = new Set<Promise<void>>();
  // Kept so Dawn's instance outlives the device.
  private readonly access: GpuAccess;

  constructor(access: GpuAccess, device: GPUDevice, options: WebGpuOptions = {}) {
    this.access = access;
    this.device = device;
    const info = access.adapter.info;
    this.adapterName =
      [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown';
    this.features = {
      f16: device.features.has('shader-f16') && !options.forceF32,
      subgroups: device.features.has('subgroups'),
      maxWorkgroupStorage: device.limits.maxComputeWorkgroupStorageSize,
      maxBufferBytes: device.limits.maxStorageBufferBindingSize,
    };
    this.flushEvery = options.flushEvery ?? 64;
    this.pool = new BufferPool(device);
    this.uniformPool = new BufferPool(device, BufferUsage.Uniform | BufferUsage.CopyDst);
    this.logger = options.logger ?? { warn: (m) => console.warn(m) };
    this.pipelines = new PipelineCache(
      device,
      (key, message) => this.fail(`pipeline ${key} is invalid`, message),
      (check) => this.track(check),
    );
    device.addEventListener?.('uncapturederror', (event) => {
      this.fail('the device reported an error', (event as GPUUncapturedErrorEvent).error.message);
    });
    this.whenLost = device.lost.then((info) => {
      const reason = `${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}`;
      if (!this.released) this.lost = reason;
      return reason;
    });
  }

  get disposed(): boolean {
    return this.released;
  }

  get gpu(): GPU {
    return this.access.gpu;
  }

  stats(): GpuStats {
    return {
      ...this.counts,
      pipelines: this.pipelines.created,
      buffersCreated: this.pool.stats.created + this.uniformPool.stats.created,
      buffersReused: this.pool.stats.reused + this.uniformPool.stats.reused,
    };
  }

  /** Adds to `stats().decoded` (format kernels say how many elements their dispatch decodes). */
  countDecoded(elements: number): void {
    this.counts.decoded += elements;
  }

  /** Throws E_DEVICE_LOST once the device is gone. */
  assertUsable(): void {
    if (this.lost === undefined) return;
    throw new LowbitError(
      ErrorCode.DeviceLost,
      `The webgpu device was lost (${this.lost}); tensors that lived on it are gone. Recreate them: new work runs on the next backend.`,
      { details: { backend: this.name, reason: this.lost } },
    );
  }

  /**
   * Records a GPU error (logged now): the next read throws all recorded as one E_GPU_ERROR,
   * because results computed after an invalid pipeline or command are zeros or garbage.
   */
  fail(what: string, message: string): void {
    this.logger.warn(`webgpu: ${what}: ${message}`);
    this.failures.push(`${what}: ${message}`);
  }

  private track(check: Promise<unknown>): void {
    const settled = check.then(
      () => undefined,
      () => undefined,
    );
    this.checks.add(settled);
    void settled.finally(() => this.checks.delete(settled));
  }

  /** Throws (and clears) the GPU errors recorded since the last read, once pending checks settle. */
  private async assertNoGpuError(): Promise<void> {
    if (this.checks.size) await Promise.all(this.checks);
    if (this.failures.length === 0) return;
    const failures = this.failures.splice(0);
    throw new LowbitError(
      ErrorCode.GpuError,
      `webgpu rejected work, so results computed since are unreliable (a bug in lowbit's WGSL: please report this message; other backends are unaffected):\n${failures.join('\n')}`,
      { details: { backend: this.name } },
    );
  }

  allocate(bytes: number): GpuStorage {
    this.assertUsable();
    return { buffer: this.pool.acquire(align4(bytes)), bytes };
  }

  upload(bytes: Uint8Array): DataHandle {
    const storage = this.allocate(bytes.byteLength);
    this.write(storage.buffer, bytes);
    return storage;
  }

  /** queue.writeBuffer with the length padded to 4 bytes, as WebGPU requires. */
  write(buffer: GPUBuffer, bytes: Uint8Array, offset = 0): void {
    if (bytes.byteLength === 0) return;
    const data = bytes.byteLength % 4 === 0 ? bytes : padded(bytes);
    this.device.queue.writeBuffer(buffer, offset, data.buffer, data.byteOffset, data.byteLength);
  }

  async download(handle: DataHandle): Promise<Uint8Array> {
    this.assertUsable();
    const { buffer, bytes } = handle as GpuStorage;
    if (bytes === 0) return new Uint8Array(0);
    const size = align4(bytes);
    const staging = this.device.createBuffer({
      size,
      usage: BufferUsage.MapRead | BufferUsage.CopyDst,
    });
    this.recorder().copyBufferToBuffer(buffer, 0, staging, 0, size);
    this.flush();
    this.counts.downloads++;
    try {
      await staging.mapAsync(MapModeRead);
    } catch (cause) {
      // A lost device rejects the map; say so with the coded error.
      await Promise.race([this.whenLost, Promise.resolve()]);
      this.assertUsable();
      throw cause;
    }
    const out = new Uint8Array(staging.getMappedRange(0, size).slice(0, bytes));
    staging.unmap();
    staging.destroy();
    await this.assertNoGpuError();
    return out;
  }

  release(handle: DataHandle): void {
    if (this.released || this.lost !== undefined) return;
    this.pool.release((handle as GpuStorage).buffer);
  }

  dispose(): void {
    if (this.released) return;
    this.released = true;
    if (this.lost === undefined) this.flush();
    this.pool.destroy();
    this.uniformPool.destroy();
    this.device.destroy();
  }

  /** An f32 (or `format`) result tensor of `shape` with fresh storage. */
  output(context: WebGpuContext, shape: Shape, format: Format = f32): Tensor {
    return context.wrap(this.allocate(format.byteLength(sizeOf(shape))), shape, format);
  }

  /** The GPUBuffer behind a tensor of this backend. */
  buffer(tensor: Tensor): GPUBuffer {
    this.assertUsable();
    return (tensor.handle as GpuStorage).buffer;
  }

  /** Records one compute pass; submits once `flushEvery` dispatches are waiting. */
  dispatch(d: Dispatch): void {
    this.assertUsable();
    const encoder = this.recorder();
    const pipeline = this.pipelines.get(d);
    const uniform = this.uniformPool.acquire(d.uniforms.byteLength);
    this.device.queue.writeBuffer(uniform, 0, d.uniforms);
    const bindGroup = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [uniform, ...d.buffers].flatMap((buffer, binding) =>
        buffer ? [{ binding, resource: { buffer } }] : [],
      ),
    });
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1] ?? 1, d.workgroups[2] ?? 1);
    pass.end();
    this.uniformPool.release(uniform);
    this.counts.dispatches++;
    if (++this.recorded >= this.flushEvery) this.flush();
  }

  /** A read-only buffer holding `words`, cached under `key` for the device's life (code tables). */
  constant(key: string, words: Uint32Array): GPUBuffer {
    let buffer = this.constants.get(key);
    if (!buffer) {
      buffer = this.pool.acquire(words.byteLength);
      this.write(buffer, new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
      this.constants.set(key, buffer);
    }
    return buffer;
  }

  /** A per-op input (indices, angle table): freed for reuse after the next submit. */
  scratch(words: Uint32Array | Float32Array): GPUBuffer {
    const buffer = this.pool.acquire(Math.max(4, words.byteLength));
    this.write(buffer, new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
    this.pool.release(buffer);
    return buffer;
  }

  /** Records a buffer-to-buffer copy (in queue order with the dispatches). */
  copy(from: GPUBuffer, fromOffset: number, to: GPUBuffer, toOffset: number, bytes: number): void {
    this.assertUsable();
    this.recorder().copyBufferToBuffer(from, fromOffset, to, toOffset, bytes);
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (this.encoder) {
      this.device.queue.submit([this.encoder.finish()]);
      this.track(
        this.device.popErrorScope().then(
          (error) => error && this.fail('a command was invalid', error.message),
          () => undefined,
        ),
      );
      this.encoder = undefined;
      this.recorded = 0;
      this.counts.submits++;
    }
    this.pool.recycle();
    this.uniformPool.recycle();
  }

  /** The open encoder; its recording (bind groups, passes, submit) runs in a validation scope. */
  private recorder(): GPUCommandEncoder {
    if (!this.encoder) {
      this.device.pushErrorScope('validation');
      this.encoder = this.device.createCommandEncoder();
    }
    return this.encoder;
  }
}

function padded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(align4(bytes.byteLength));
  out.set(bytes);
  return out;
}
