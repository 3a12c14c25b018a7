/**
 * The embedded kernels module: instantiation, its linear memory's allocator (heap.ts), call
 * scratch (`Frame`), the count of bytes crossing the JS↔wasm boundary, and the Hadamard steps
 * the rotation kernels share.
 */
import { hadamardFactor, hadamardMatrix } from '@lowbit/transforms';
import { LinearHeap } from './heap.ts';
import { type Call, ThreadPool } from './threads/thread-pool.ts';
import { SHARED_PAGES, WASM_BASE64, WASM_SHARED_BASE64 } from './wasm-binary.generated.ts';

/** The module's exports (assembly/index.ts); pointers and sizes are plain numbers. */
export interface KernelExports {
  heapBase(): number;
  fwht(ptr: number, n: number, rows: number, scale: number): void;
  applySigns(ptr: number, n: number, rows: number, signs: number): void;
  hadamardAcross(...args: number[]): void;
  fft(...args: number[]): void;
  fftFourStep(...args: number[]): void;
  decodeTable(src: number, dst: number, count: number, bits: number, table: number): void;
  decode16(src: number, dst: number, count: number, kind: number): void;
  decodeQ4_0(src: number, dst: number, blocks: number): void;
  decodeQ8_0(src: number, dst: number, blocks: number): void;
  decodeQ4K(src: number, dst: number, blocks: number): void;
  decodeQ5K(src: number, dst: number, blocks: number): void;
  decodeQ6K(src: number, dst: number, blocks: number): void;
  decodeMx(...args: number[]): void;
  decodeNvfp4(...args: number[]): void;
  decodeAny(...args: number[]): void;
  gemvDecoded(...args: number[]): void;
  encodeMinifloat(...args: number[]): void;
  encodeHalf(src: number, dst: number, count: number, saturate: number): void;
  packCodes(src: number, dst: number, count: number, bits: number): void;
  encodeQ8_0(src: number, dst: number, blocks: number): void;
  encodeQ4_0(src: number, dst: number, blocks: number): void;
  quantizeActivations(...args: number[]): void;
  quantizeRows(x: number, xq: number, xd: number, m: number, k: number): void;
  gemvQ8_0(...args: number[]): void;
  gemvQ4_0(...args: number[]): void;
  gemvMxfp4(...args: number[]): void;
  gemvNvfp4(...args: number[]): void;
  gemvQ4K(...args: number[]): void;
  gemvQ5K(...args: number[]): void;
  gemvQ6K(...args: number[]): void;
  gemvF16(x: number, w: number, y: number, m: number, n: number, k: number): void;
  gemvInt8(...args: number[]): void;
  gemvInt4(...args: number[]): void;
  gemvTq2_0(...args: number[]): void;
  gemvF32(x: number, w: number, y: number, m: number, n: number, k: number): void;
  gemvF32Columns(...args: number[]): void;
  matmul(...args: number[]): void;
  rmsnorm(...args: number[]): void;
  softmax(x: number, rows: number, n: number): void;
  rope(...args: number[]): void;
  swiglu(gate: number, up: number, y: number, count: number): void;
  attention(...args: number[]): void;
  attentionF16(...args: number[]): void;
  binary(op: number, a: number, b: number, y: number, rank: number, dims: number): void;
}

const decoded = new Map<string, Uint8Array<ArrayBuffer>>();

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  let bytes = decoded.get(base64);
  if (!bytes) {
    const text = atob(base64);
    bytes = new Uint8Array(new ArrayBuffer(text.length));
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    decoded.set(base64, bytes);
  }
  return bytes;
}

/** The embedded module's bytes, decoded from base64 once (probe and init both need them). */
export function wasmBytes(): Uint8Array<ArrayBuffer> {
  return fromBase64(WASM_BASE64);
}

/** Bytes copied across the JS↔wasm boundary (tests count these; see WasmBackend). */
export interface Traffic {
  /** Host bytes copied into linear memory. */
  toWasm: number;
  /** Linear memory copied out to host arrays. */
  toHost: number;
}

/**
 * One call's scratch: blocks from the heap, freed together by `close()` (use `kernels.call`).
 * Allocating may grow memory and detach earlier views: reserve first, then make views.
 */
export class Frame {
  private readonly blocks: number[] = [];

  constructor(private readonly kernels: WasmKernels) {}

  /** A fresh 16-byte aligned buffer of `bytes`, freed with the frame. */
  reserve(bytes: number): number {
    const at = this.kernels.heap.alloc(bytes);
    this.blocks.push(at);
    return at;
  }

  /** Reserves room for host `data` and copies it in (counted as boundary traffic). */
  put(data: ArrayBufferView): number {
    const at = this.reserve(data.byteLength);
    this.kernels.copyIn(at, data);
    return at;
  }

  /** Reserves room for int32 `values` and writes them in (no intermediate typed array). */
  putInts(values: ArrayLike<number>): number {
    const at = this.reserve(values.length * 4);
    this.kernels.copyInts(at, values);
    return at;
  }

  bytes(at: number, length: number): Uint8Array {
    return new Uint8Array(this.kernels.memory.buffer, at, length);
  }

  floats(at: number, count: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, at, count);
  }

  close(): void {
    for (const at of this.blocks) this.kernels.heap.free(at);
    this.blocks.length = 0;
  }
}

export interface WasmKernelOptions {
  /**
   * Threads for matmul and GEMV, the caller's included (default 1). Above 1 the kernels run
   * over shared memory with worker threads; where those cannot start (see ThreadPool) they
   * run on one thread — `threads` reports what was obtained.
   */
  threads?: number;
  /**
   * Most bytes of linear memory live at once — tensors and call scratch (default: as much as
   * the WebAssembly memory can grow). Beyond it allocation fails with E_UNSUPPORTED.
   */
  heapBytes?: number;
}

export class WasmKernels {
  /** The allocator of linear memory: tensors and call scratch. */
  readonly heap: LinearHeap;
  /** Bytes copied across the JS↔wasm boundary so far. */
  readonly traffic: Traffic = { toWasm: 0, toHost: 0 };
  /** Constant tables (code tables, FFT twiddles) placed once, by identity. */
  private readonly constants = new WeakMap<ArrayBufferView, number>();

  private constructor(
    readonly exports: KernelExports,
    readonly memory: WebAssembly.Memory,
    options: WasmKernelOptions,
    private readonly pool?: ThreadPool,
  ) {
    this.heap = new LinearHeap(exports.heapBase(), memory, options.heapBytes);
  }

  static async create(options: WasmKernelOptions = {}): Promise<WasmKernels> {
    const threads = Math.max(1, Math.floor(options.threads ?? 1));
    if (threads > 1) {
      const shared = await WasmKernels.createShared(threads - 1, options);
      if (shared) return shared;
    }
    const module = await WebAssembly.compile(wasmBytes());
    const instance = await WebAssembly.instantiate(module, {});
    const exports = instance.exports as unknown as KernelExports & { memory: WebAssembly.Memory };
    return new WasmKernels(exports, exports.memory, options);
  }

  private static async createShared(
    workers: number,
    options: WasmKernelOptions,
  ): Promise<WasmKernels | undefined> {
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ ...SHARED_PAGES, shared: true });
    } catch {
      return undefined;
    }
    const module = await WebAssembly.compile(fromBase64(WASM_SHARED_BASE64));
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const exports = instance.exports as unknown as KernelExports;
    const pool = await ThreadPool.create(module, memory, instance.exports, workers);
    return pool && new WasmKernels(exports, memory, options, pool);
  }

  /** Threads that share matmul and GEMV work (1 without a pool). */
  get threads(): number {
    return this.pool?.size ?? 1;
  }

  /** Runs the calls at once, one per thread (in turn without a pool). */
  parallel(calls: readonly Call[]): void {
    if (this.pool) this.pool.run(calls);
    else {
      const exports = this.exports as unknown as Record<string, (...args: number[]) => void>;
      for (const { fn, args } of calls) exports[fn]!(...args);
    }
  }

  /** Stops the worker threads. */
  dispose(): void {
    this.pool?.dispose();
  }

  /** Closed frames, reused by the next calls (nested calls each take their own). */
  private readonly spareFrames: Frame[] = [];

  /** Runs `body` with a scratch frame, freed when it returns or throws. */
  call<T>(body: (frame: Frame) => T): T {
    const frame = this.spareFrames.pop() ?? new Frame(this);
    try {
      return body(frame);
    } finally {
      frame.close();
      this.spareFrames.push(frame);
    }
  }

  private wholeView?: Uint8Array;
  private wholeInts?: Int32Array;

  /** A byte view of all of linear memory, made again only after the memory grew. */
  private get heapBytes(): Uint8Array {
    const buffer = this.memory.buffer;
    if (this.wholeView?.buffer !== buffer) this.wholeView = new Uint8Array(buffer);
    return this.wholeView;
  }

  /** An int32 view of all of linear memory, made again only after the memory grew. */
  private get heapInts(): Int32Array {
    const buffer = this.memory.buffer;
    if (this.wholeInts?.buffer !== buffer) this.wholeInts = new Int32Array(buffer);
    return this.wholeInts;
  }

  /** Writes int32 `values` at `at` (4-byte aligned; counted as copied in). */
  copyInts(at: number, values: ArrayLike<number>): void {
    const ints = this.heapInts;
    const first = at >> 2;
    for (let i = 0; i < values.length; i++) ints[first + i] = values[i]!;
    this.traffic.toWasm += values.length * 4;
  }

  /** Copies host `data` into linear memory at `at` (counted). */
  copyIn(at: number, data: ArrayBufferView): void {
    this.heapBytes.set(
      data instanceof Uint8Array
        ? data
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      at,
    );
    this.traffic.toWasm += data.byteLength;
  }

  /** A host copy of `length` bytes at `at` (counted). */
  copyOut(at: number, length: number): Uint8Array<ArrayBuffer> {
    this.traffic.toHost += length;
    return this.heapBytes.slice(at, at + length);
  }

  /** Moves `length` bytes inside linear memory (no host copy). */
  move(to: number, from: number, length: number): void {
    this.heapBytes.copyWithin(to, from, from + length);
  }

  /** A constant table's address: copied in once per backend, kept for its lifetime. */
  constant(table: ArrayBufferView): number {
    let at = this.constants.get(table);
    if (at === undefined) {
      at = this.heap.alloc(table.byteLength);
      this.heap.constants++;
      this.copyIn(at, table);
      this.constants.set(table, at);
    }
    return at;
  }

  /**
   * H (Hᵀ if `transposed`) times `scale`, in place on `rows` rows of n at `at`: n a power of
   * two, or m·2^k (m = 12, 20, 28, 40) as H_m ⊗ H_{2^k} — the FWHT on each chunk, then H_m across.
   */
  hadamard(at: number, n: number, rows: number, scale: number, transposed = false): void {
    const { m, power } = hadamardFactor(n);
    if (m === 1) {
      this.exports.fwht(at, n, rows, scale);
      return;
    }
    this.exports.fwht(at, power, rows * m, 1);
    const h = this.constant(factorMatrix(m, transposed));
    this.call((frame) =>
      this.exports.hadamardAcross(at, rows, m, power, h, scale, frame.reserve(m * 16)),
    );
  }

  /**
   * In place on `rows` rows of n at `at`: for each stage, flip signs (one ±1 per position) or
   * run the Hadamard transform (Hᵀ if `transposed`) with a scale — random and block Hadamard
   * rotations are sequences of these.
   */
  rotate(
    at: number,
    n: number,
    rows: number,
    stages: readonly (Int8Array | number)[],
    transposed = false,
  ): void {
    for (const stage of stages) {
      if (typeof stage === 'number') this.hadamard(at, n, rows, stage, transposed);
      else this.call((frame) => this.exports.applySigns(at, n, rows, frame.put(stage)));
    }
  }
}

const factorMatrices = new Map<string, Float32Array>();

/** H_m (or its transpose) as f32, for hadamardAcross. */
function factorMatrix(m: 12 | 20 | 28 | 40, transposed: boolean): Float32Array {
  const key = `${m}${transposed ? 'T' : ''}`;
  let matrix = factorMatrices.get(key);
  if (!matrix) {
    const h = hadamardMatrix(m);
    matrix = Float32Array.from(h, (_, i) =>
      transposed ? h[(i % m) * m + Math.floor(i / m)]! : h[i]!,
    );
    factorMatrices.set(key, matrix);
  }
  return matrix;
}
