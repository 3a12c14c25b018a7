/** Instantiating the embedded kernels module and moving rows in and out of its memory. */
import { WASM_BASE64 } from './wasm-binary.generated.ts';

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  fwht(ptr: number, n: number, rows: number, scale: number): void;
  linearQ8_0(x: number, w: number, y: number, m: number, n: number, k: number): void;
  decode16(src: number, dst: number, count: number, kind: number): void;
}

let decoded: Uint8Array<ArrayBuffer> | undefined;

/** The embedded module's bytes, decoded from base64 once (probe and init both need them). */
export function wasmBytes(): Uint8Array<ArrayBuffer> {
  if (!decoded) {
    const text = atob(WASM_BASE64);
    decoded = new Uint8Array(new ArrayBuffer(text.length));
    for (let i = 0; i < text.length; i++) decoded[i] = text.charCodeAt(i);
  }
  return decoded;
}

export class WasmKernels {
  private constructor(private readonly exports: Exports) {}

  static async create(): Promise<WasmKernels> {
    const module = await WebAssembly.compile(wasmBytes());
    const instance = await WebAssembly.instantiate(module, {});
    return new WasmKernels(instance.exports as unknown as Exports);
  }

  /** Makes sure linear memory holds `bytes` bytes past the heap base; returns the base. */
  private reserve(bytes: number): number {
    const base = this.exports.heapBase();
    const memory = this.exports.memory;
    const needed = base + bytes;
    if (needed > memory.buffer.byteLength)
      memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
    return base;
  }

  /** A Float32Array view of `count` floats at the heap base, growing memory if needed. */
  private scratch(count: number): Float32Array {
    const base = this.reserve(count * 4);
    return new Float32Array(this.exports.memory.buffer, base, count);
  }

  /** y = x·Wᵀ with W [n, k] in q8_0 bytes (k a multiple of 32) and x [m, k] f32. */
  linearQ8_0(x: Float32Array, w: Uint8Array, m: number, n: number, k: number): Float32Array {
    const wAt = x.length * 4;
    const yAt = wAt + Math.ceil(w.length / 16) * 16;
    const base = this.reserve(yAt + m * n * 4);
    const memory = this.exports.memory.buffer;
    new Float32Array(memory, base, x.length).set(x);
    new Uint8Array(memory, base + wAt, w.length).set(w);
    this.exports.linearQ8_0(base, base + wAt, base + yAt, m, n, k);
    return new Float32Array(this.exports.memory.buffer, base + yAt, m * n).slice();
  }

  /** Decodes binary16 (`kind` 0) or bfloat16 (`kind` 1) codes to f32. */
  decode16(bytes: Uint8Array, count: number, kind: 0 | 1): Float32Array {
    const dstAt = Math.ceil((count * 2) / 16) * 16;
    const base = this.reserve(dstAt + count * 4);
    new Uint8Array(this.exports.memory.buffer, base, count * 2).set(bytes.subarray(0, count * 2));
    this.exports.decode16(base, base + dstAt, count, kind);
    return new Float32Array(this.exports.memory.buffer, base + dstAt, count).slice();
  }

  /** In-place FWHT of rows of n (a power of two) in `data`, in chunks of at most 4 Mi floats. */
  fwht(data: Float32Array, n: number, scale: number): void {
    const rowsPerChunk = Math.max(1, Math.floor((4 << 20) / n));
    for (let row = 0; row * n < data.length; row += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, data.length / n - row);
      const view = this.scratch(rows * n);
      view.set(data.subarray(row * n, (row + rows) * n));
      this.exports.fwht(view.byteOffset, n, rows, scale);
      data.set(this.scratch(rows * n), row * n);
    }
  }
}
