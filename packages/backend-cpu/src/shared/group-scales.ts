/**
 * Group scales of a linear layer's weight applied on the host (shared by the cpu and wasm
 * kernels): W [n, k] with row j's group g (of `group` values) multiplied by scales[j·(k/group) + g]. */
export function applyGroupScales(
  w: Float32Array,
  scales: Float32Array,
  k: number,
  group: number,
): Float32Array {
  const groups = k / group;
  return w.map((v, i) => v * scales[Math.floor(i / k) * groups + Math.floor((i % k) / group)]!);
}
