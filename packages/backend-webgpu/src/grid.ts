/**
 * Workgroup counts for `count` invocations of 64: at most 65535 workgroups per dimension, so
 * larger counts wrap into y; shaders rebuild the index as gid.x + gid.y · stride.
 */
const MAX_GROUPS = 65535;

export interface Grid {
  workgroups: [number, number];
  /** Invocations per row of the grid (gid.y's weight). */
  stride: number;
}

export function grid(count: number, size = 64): Grid {
  const groups = Math.max(1, Math.ceil(count / size));
  const x = Math.min(groups, MAX_GROUPS);
  return { workgroups: [x, Math.ceil(groups / x)], stride: x * size };
}

/** A uniform block from u32 words (floats by `f32Word`), padded to 16 bytes. */
export function uniforms(words: readonly number[]): ArrayBuffer {
  const out = new Uint32Array(Math.ceil(Math.max(words.length, 1) / 4) * 4);
  out.set(words.map((w) => w >>> 0));
  return out.buffer;
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The u32 word holding `value` as f32. */
export function f32Word(value: number): number {
  scratch[0] = value;
  return scratchBits[0]!;
}
