/** Test support (not exported): a wasm engine and a cpu engine, and how results are compared. */
import { cpuBackend } from '@lowbit/backend-cpu';
import { createRng, Engine } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { expect } from 'vitest';
import { wasmBackend } from './index.ts';

export async function engines(): Promise<{ wasm: Engine; cpu: Engine }> {
  const wasm = await wasmEngine();
  const cpu = new Engine();
  cpu.use(cpuBackend());
  return { wasm, cpu };
}

/** An engine running wasm (with `threads`), cpu beside it for what wasm lacks. */
export async function wasmEngine(threads = 1): Promise<Engine> {
  registerAllFormats();
  const wasm = new Engine({ logger: { warn: () => {} } });
  wasm.use(cpuBackend());
  wasm.use(wasmBackend({ threads }));
  expect(await wasm.ready()).toBe('wasm');
  return wasm;
}

/** Uniform values in [−scale, scale). */
export function randomFloats(count: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => (rng.nextFloat() * 2 - 1) * scale);
}

export function randomBytes(count: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: count }, () => rng.nextU32() & 0xff);
}

/** ‖got − want‖ / ‖want‖. */
export function relativeError(got: Float32Array, want: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num += (got[i]! - want[i]!) ** 2;
    den += want[i]! ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-300));
}

/** Bit-identical, except that any two NaNs are equal (payloads are not part of the contract). */
export function expectSameBits(got: Float32Array, want: Float32Array, label = ''): void {
  expect(got.length).toBe(want.length);
  const a = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const b = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && !(Number.isNaN(got[i]) && Number.isNaN(want[i])))
      expect(`${label} [${i}] 0x${a[i]!.toString(16)}`).toBe(
        `${label} [${i}] 0x${b[i]!.toString(16)}`,
      );
  }
}

/** Byte-identical; reports the first differing index (a deep `toEqual` on large arrays is slow). */
export function expectSameBytes(got: Uint8Array, want: Uint8Array, label = ''): void {
  expect(got.length, `${label} length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i])
      expect(`${label} [${i}] 0x${got[i]!.toString(16)}`).toBe(
        `${label} [${i}] 0x${want[i]!.toString(16)}`,
      );
  }
}
