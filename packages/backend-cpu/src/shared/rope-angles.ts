/** The rope angle table in host memory, shared by the cpu and wasm rope kernels. */
import type { RopeAttrs } from '@lowbit/core';

/**
 * cos and sin of every (row, pair) angle (offset + r)·θ^(−2i/headDim), interleaved as
 * [cos, sin] per pair: the table every backend's rope kernel applies, computed in float64.
 */
export function ropeAngles(rowCount: number, attrs: RopeAttrs): Float32Array {
  const half = attrs.headDim / 2;
  const theta = attrs.theta ?? 10000;
  const offset = attrs.offset ?? 0;
  const out = new Float32Array(rowCount * half * 2);
  for (let r = 0; r < rowCount; r++) {
    for (let i = 0; i < half; i++) {
      const angle = (offset + r) * theta ** ((-2 * i) / attrs.headDim);
      out[(r * half + i) * 2] = Math.cos(angle);
      out[(r * half + i) * 2 + 1] = Math.sin(angle);
    }
  }
  return out;
}
