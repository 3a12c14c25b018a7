/**
 * The embedded kernels module: instantiation, and typed calls that lay their operands out in
 * linear memory (from the heap base, 16-byte aligned), run one export and copy results out.
 */
import { hadamardFactor, hadamardMatrix } from '@lowbit/transforms';
import { ResidentArena } from './resident.ts';
import { type Call, ThreadPool } from './threads/thread-pool.ts';
import { SHARED_PAGES, WASM_BASE64, WASM_SHARED_BASE64 } from './wasm-binary.generated.ts';

/** The module's exports (assembly/index.ts); pointers and sizes are plain numbers. */
export interface KernelExports {
  heapBase(): number;
  fwht(ptr: number, n: number, rows: number, scale: number): void;
  applySigns(ptr: number, n: number, rows: number, signs: number): void;
  hadamardAcross(...args: number[]): void;
  fft(...args: number[]): void;
  decodeTable(src: number, dst: number, count: number, bits: number, table: number): void;
  decode16(src: number, dst: number, count: number, kind: number): void;
  decodeQ4_0(src: number, dst: number, blocks: number): void;
  decodeQ8_0(src: number, dst: number, blocks: number): void;
  decodeQ4K(src: number, dst: number, blocks: number): void;
  decodeQ6K(src: number, dst: number, blocks: number): void;
  decodeMx(...args: number[]): void;
  decodeNvfp4(...args: number[]): void;
  encodeMinifloat(...args: number[]): void;
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

/** Bytes reserved after every buffer, so kernels may read a word past a packed stream's end. */
const PAD = 16;
const align = (bytes: number) => Math.ceil((bytes + PAD) / 16) * 16;

/**
 * Pointers into linear memory for one call, from the end of the resident arena up. Reserve
 * every buffer first, then read views: growing memory detaches the old ArrayBuffer.
 */
export class Frame {
  private end: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    start: number,
  ) {
    this.end = start;
  }

  /** A fresh 16-byte aligned buffer of `bytes`. */
  reserve(bytes: number): number {
    const at = this.end;
    this.end += align(bytes);
    const memory = this.memory;
    if (this.end > memory.buffer.byteLength)
      memory.grow(Math.ceil((this.end - memory.buffer.byteLength) / 65536));
    return at;
  }

  /** Reserves room for `data` and copies it in. */
  put(data: ArrayBufferView): number {
    const at = this.reserve(data.byteLength);
    this.bytes(at, data.byteLength).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    return at;
  }

  bytes(at: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, at, length);
  }

  floats(at: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, count);
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
   * Bytes of linear memory for weights kept between calls (default 1 GiB; 0 copies every
   * operand on every call). See ResidentArena.
   */
  residentBytes?: number;
}

export class WasmKernels {
  /** Weights kept in linear memory between calls. */
  readonly resident: ResidentArena;

  private constructor(
    readonly exports: KernelExports,
    readonly memory: WebAssembly.Memory,
    options: WasmKernelOptions,
    private readonly pool?: ThreadPool,
  ) {
    this.resident = new ResidentArena(exports.heapBase(), memory, options.residentBytes ?? 2 ** 30);
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

  /**
   * A new call frame: buffers laid out after the resident arena (the previous call's space is
   * reused). Place resident operands (`place`) before opening the frame.
   */
  frame(): Frame {
    return new Frame(this.memory, this.resident.end);
  }

  /**
   * Where a large weight's bytes stay in linear memory across calls (undefined: copy them).
   * `storage` is any view of a tensor's storage (see ResidentArena.place).
   */
  place(storage: ArrayBufferView): number | undefined {
    return this.resident.place(storage);
  }

  /**
   * Runs `body` over rows of `n` floats in chunks of at most 4 Mi values: each chunk of `input`
   * is copied into linear memory, transformed there in place, and copied to `output` (a new
   * array unless given; passing `input` itself transforms it in place).
   */
  mapRows(
    input: Float32Array,
    n: number,
    body: (frame: Frame, at: number, rows: number) => void,
    output: Float32Array = new Float32Array(input.length),
  ): Float32Array {
    const rowsPerChunk = Math.max(1, Math.floor((4 << 20) / n));
    for (let row = 0; row * n < input.length; row += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, input.length / n - row);
      const frame = this.frame();
      const at = frame.put(input.subarray(row * n, (row + rows) * n));
      body(frame, at, rows);
      output.set(frame.floats(at, rows * n), row * n);
    }
    return output;
  }

  /**
   * H (Hᵀ if `transposed`) times `scale` on `rows` rows of n at `at`: n a power of two, or
   * m·2^k (m = 12, 20, 28, 40) as H_m ⊗ H_{2^k} — the FWHT on each chunk, then H_m across.
   */
  private hadamard(
    frame: Frame,
    at: number,
    n: number,
    rows: number,
    scale: number,
    transposed: boolean,
  ): void {
    const { m, power } = hadamardFactor(n);
    if (m === 1) {
      this.exports.fwht(at, n, rows, scale);
      return;
    }
    this.exports.fwht(at, power, rows * m, 1);
    const h = frame.put(factorMatrix(m, transposed));
    this.exports.hadamardAcross(at, rows, m, power, h, scale, frame.reserve(m * 16));
  }

  /** In-place Hadamard transform (Hᵀ if `transposed`) of rows of n, scaled by `scale`. */
  fwht(data: Float32Array, n: number, scale: number, transposed = false): void {
    this.mapRows(
      data,
      n,
      (frame, at, rows) => this.hadamard(frame, at, n, rows, scale, transposed),
      data,
    );
  }

  /**
   * For each stage, flip signs (one ±1 per position) or run the Hadamard transform (Hᵀ if
   * `transposed`) with a scale — random and block Hadamard rotations are sequences of these.
   */
  rotate(
    input: Float32Array,
    n: number,
    stages: readonly (Int8Array | number)[],
    transposed = false,
  ): Float32Array {
    return this.mapRows(input, n, (frame, at, rows) => {
      for (const stage of stages) {
        if (typeof stage === 'number') this.hadamard(frame, at, n, rows, stage, transposed);
        else this.exports.applySigns(at, n, rows, frame.put(stage));
      }
    });
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
