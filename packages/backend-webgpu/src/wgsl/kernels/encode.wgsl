// encode to a scalar format: one invocation per output word, which gathers the codes whose bits
// fall in it (core's little-endian bit stream). A value's code comes from the format's encode
// table (encode-table.ts): binary search of its ordered key among the run starts. Values land
// at element `start` of `out`; with `keep` the word's other bits are kept (writeRows into a
// cache), else zeroed (a fresh tensor's tail).
struct Params {
  count: u32,
  stride: u32,
  values: u32,
  bits: u32,
  runs: u32,
  nan_positive: u32,
  nan_negative: u32,
  nan_shift: u32,
  positive_infinity: u32,
  negative_infinity: u32,
  start: u32,
  keep: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<u32>;
// starts[0 .. runs) then codes[0 .. runs).
@group(0) @binding(2) var<storage, read> table: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;

fn code_of(i: u32) -> u32 {
  let b = x[i];
  if ((b & 0x7fffffffu) > 0x7f800000u) {
    let payload = select((b & 0x7fffffu) >> (p.nan_shift & 31u), 0u, p.nan_shift >= 32u);
    return select(p.nan_positive, p.nan_negative, (b >> 31u) == 1u) | payload;
  }
  if (b == 0x7f800000u) {
    return p.positive_infinity;
  }
  if (b == 0xff800000u) {
    return p.negative_infinity;
  }
  let key = select(b | 0x80000000u, ~b, (b >> 31u) == 1u);
  var lo = 0u;
  var hi = p.runs;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (table[mid] <= key) {
      lo = mid + 1u;
    } else {
      hi = mid;
    }
  }
  return table[p.runs + lo - 1u];
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let index = gid.x + gid.y * p.stride;
  if (index >= p.count) {
    return;
  }
  let w = (p.start * p.bits) / 32u + index;
  let first_bit = w * 32u;
  let end = p.start + p.values;
  let first = max(first_bit / p.bits, p.start);
  let last = min((first_bit + 31u) / p.bits, end - 1u);
  var word = 0u;
  var written = 0u;
  for (var c = first; c <= last; c++) {
    let code = code_of(c - p.start);
    let mask = (1u << p.bits) - 1u;
    let bit = c * p.bits;
    if (bit >= first_bit) {
      word = word | (code << (bit - first_bit));
      written = written | (mask << (bit - first_bit));
    } else {
      word = word | (code >> (first_bit - bit));
      written = written | (mask >> (first_bit - bit));
    }
  }
  out[w] = select(word, (out[w] & ~written) | word, p.keep != 0u);
}
