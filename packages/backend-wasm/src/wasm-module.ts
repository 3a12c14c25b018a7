/** Instantiating the embedded kernels module and moving rows in and out of its memory. */
import { WASM_BASE64 } from './wasm-binary.generated.ts';

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  fwht(ptr: number, n: number, rows: number, scale: number): void;
}

export function wasmBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(WASM_BASE64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export class WasmKernels {
  private constructor(private readonly exports: Exports) {}

  static async create(): Promise<WasmKernels> {
    const module = await WebAssembly.compile(wasmBytes());
    const instance = await WebAssembly.instantiate(module, {});
    return new WasmKernels(instance.exports as unknown as Exports);
  }

  /** A Float32Array view of `count` floats at the heap base, growing memory if needed. */
  private scratch(count: number): Float32Array {
    const base = this.exports.heapBase();
    const needed = base + count * 4;
    const memory = this.exports.memory;
    if (needed > memory.buffer.byteLength)
      memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
    return new Float32Array(memory.buffer, base, count);
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
