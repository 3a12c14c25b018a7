// Elementwise add and mul of f32 with NumPy broadcasting (as the cpu kernel's strided walk):
// the output's last axis is one SIMD row loop in which each operand steps 1 or 0 (broadcast);
// the outer axes are walked with per-operand strides (0 on broadcast axes).

/** 0: add, 1: mul. */
@inline function op4(op: i32, a: v128, b: v128): v128 {
  return op == 0 ? f32x4.add(a, b) : f32x4.mul(a, b);
}

@inline function op1(op: i32, a: f32, b: f32): f32 {
  return op == 0 ? a + b : a * b;
}

/** y[j] = a[j·sa] op b[j·sb] for j < n, sa and sb each 0 or 1 (elements). */
function row(op: i32, a: usize, sa: i32, b: usize, sb: i32, y: usize, n: i32): void {
  const bytes = <usize>n << 2;
  const vectorBytes = bytes & ~15;
  const av = f32x4.splat(load<f32>(a));
  const bv = f32x4.splat(load<f32>(b));
  for (let j: usize = 0; j < vectorBytes; j += 16) {
    const x = sa ? v128.load(a + j) : av;
    const z = sb ? v128.load(b + j) : bv;
    v128.store(y + j, op4(op, x, z));
  }
  for (let j = vectorBytes; j < bytes; j += 4)
    store<f32>(y + j, op1(op, load<f32>(a + (sa ? j : 0)), load<f32>(b + (sb ? j : 0))));
}

/**
 * y = a op b over an output of `rank` axes. `dims` holds rank i32 sizes, then a's and b's
 * element strides per axis (0 where broadcast), then rank i32 of scratch for the index.
 */
export function binary(op: i32, a: usize, b: usize, y: usize, rank: i32, dims: usize): void {
  const last = <usize>(rank - 1) << 2;
  const n = load<i32>(dims + last);
  const stridesA = dims + (<usize>rank << 2);
  const stridesB = stridesA + (<usize>rank << 2);
  const index = stridesB + (<usize>rank << 2);
  let rows: i32 = 1;
  for (let axis = 0; axis < rank - 1; axis++) {
    rows *= load<i32>(dims + (<usize>axis << 2));
    store<i32>(index + (<usize>axis << 2), 0);
  }
  const sa = load<i32>(stridesA + last);
  const sb = load<i32>(stridesB + last);
  let ia: usize = 0;
  let ib: usize = 0;
  for (let r = 0; r < rows; r++) {
    row(op, a + (ia << 2), sa, b + (ib << 2), sb, y + ((<usize>r * <usize>n) << 2), n);
    for (let axis = rank - 2; axis >= 0; axis--) {
      const at = <usize>axis << 2;
      const i = load<i32>(index + at) + 1;
      const size = load<i32>(dims + at);
      ia += <usize>load<i32>(stridesA + at);
      ib += <usize>load<i32>(stridesB + at);
      if (i < size) {
        store<i32>(index + at, i);
        break;
      }
      store<i32>(index + at, 0);
      ia -= <usize>(load<i32>(stridesA + at) * size);
      ib -= <usize>(load<i32>(stridesB + at) * size);
    }
  }
}
