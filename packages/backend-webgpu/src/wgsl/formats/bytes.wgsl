// Byte and f16 reads from `packed` for block layouts whose blocks are not word aligned (ggml's).
fn read_byte(offset: u32) -> u32 {
  return (packed[offset >> 2u] >> ((offset & 3u) * 8u)) & 0xffu;
}

fn read_f16(offset: u32) -> f32 {
  return unpack2x16float(read_byte(offset) | (read_byte(offset + 1u) << 8u)).x;
}

fn read_i8(offset: u32) -> i32 {
  return i32(read_byte(offset) << 24u) >> 24u;
}
