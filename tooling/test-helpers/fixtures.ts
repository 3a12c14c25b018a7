/** Paths and readers for the repository's fixtures/ folder (real data with provenance). */
import { readFileSync } from 'node:fs';

export const fixturesRoot = new URL('../../fixtures/', import.meta.url);

export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, fixturesRoot)));
}

export function fixtureFloats(path: string): Float32Array {
  const bytes = fixtureBytes(path);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

export function fixtureJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, fixturesRoot), 'utf8')) as T;
}

/** Indices where two float arrays differ bit for bit (NaN payloads included). */
export function bitMismatches(got: Float32Array, want: Float32Array, limit = 10): number[] {
  const a = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const b = new Uint32Array(want.buffer, want.byteOffset, want.length);
  const bad: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && bad.length < limit; i++) {
    if (a[i] !== b[i] && !(Number.isNaN(got[i]!) && Number.isNaN(want[i]!))) bad.push(i);
  }
  return bad;
}

/** Σ(x − y)² / Σx², the relative MSE the ggml and MX manifests report. */
export function relativeMse(reference: Float32Array, approx: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = reference[i]! - approx[i]!;
    num += d * d;
    den += reference[i]! * reference[i]!;
  }
  return num / den;
}
