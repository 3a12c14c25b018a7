/** Row access for models: embedding gather (getRows) and KV-cache append (writeRows). */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import type { Format } from '../format/format.ts';
import { GetRows, WriteRows } from '../kernel/op-names.ts';
import type { Tensor } from '../tensor/tensor.ts';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function matrix(op: string, name: string, t: Tensor): [number, number] {
  if (t.rank !== 2) {
    throw new LowbitError(
      ErrorCode.Shape,
      `${op}: ${name} must be 2-D [rows, D]; got [${t.shape.join(', ')}] (reshape it first).`,
    );
  }
  return [t.shape[0]!, t.shape[1]!];
}

/**
 * Rows `indices` of `table` [V, D] (any format, decoded row by row), as f32 [T, D]: the
 * embedding lookup. A block format needs D to be a whole number of blocks.
 */
/**
 * Where a table's rows lie in its packed bytes: a tensor-wide header (nvfp4_scaled's f32 tensor scale;
 * 0 for most formats) and then `rowBytes` per row. A row decodes as header ⧺ its bytes.
 */
export function rowLayout(format: Format, width: number): { header: number; rowBytes: number } {
  const header = format.byteLength(0);
  return { header, rowBytes: format.byteLength(width) - header };
}

export function getRows(table: Tensor, indices: ArrayLike<number>): Tensor {
  table.assertLive();
  if (typeof indices?.length !== 'number') {
    throw new LowbitError(
      ErrorCode.Argument,
      'get-rows: indices must be an array (or typed array) of row numbers.',
    );
  }
  const [rows, width] = matrix(GetRows, 'table', table);
  const { format } = table;
  const block = format.block?.size ?? 1;
  const { header, rowBytes } = rowLayout(format, width);
  if (width % block !== 0) {
    throw new LowbitError(
      ErrorCode.Shape,
      `get-rows: rows of ${width} ${format.name} values do not start on block boundaries ` +
        `(blocks of ${block}); use a table whose row length is a multiple of ${block}.`,
    );
  }
  if (header + rows * rowBytes !== table.byteLength) {
    throw new LowbitError(
      ErrorCode.Shape,
      `get-rows: rows of ${width} ${format.name} values (${format.bits} bits each) do not end on ` +
        `a byte boundary; use a row length that is a multiple of ${8 / gcd(format.bits, 8)}.`,
    );
  }
  for (let t = 0; t < indices.length; t++) {
    const index = indices[t]!;
    if (!(Number.isInteger(index) && index >= 0 && index < rows)) {
      throw new LowbitError(
        ErrorCode.Argument,
        `get-rows: indices[${t}] = ${index} is not a row of the table (0 … ${rows - 1}).`,
        { details: { position: t, index, rows } },
      );
    }
  }
  return table.host.runOne(GetRows, [table], { indices });
}

/** Formats writeRows can write into (elementwise codecs a kernel encodes row by row). */
export const WRITABLE_FORMATS: readonly string[] = ['f32', 'f16'];

/**
 * Writes `src` [n, D] (f32) into rows offset … offset+n−1 of `dst` [R, D] in place — a KV-cache
 * append. `dst` must have been created `mutable: true` (E_TENSOR_IMMUTABLE otherwise) and be
 * f32 or f16. Returns `dst` itself, so `attention(q, writeRows(k, pos, kNew), …)` reads the
 * cache after the write.
 */
export function writeRows(dst: Tensor, offset: number, src: Tensor): Tensor {
  dst.assertLive();
  src.assertLive();
  const [rows, width] = matrix(WriteRows, 'dst', dst);
  const [count, srcWidth] = matrix(WriteRows, 'src', src);
  if (!WRITABLE_FORMATS.includes(dst.format.name)) {
    throw new LowbitError(
      ErrorCode.Unsupported,
      `write-rows: cannot write into a ${dst.format.name} tensor in place; make the cache ` +
        `${WRITABLE_FORMATS.join(' or ')}.`,
    );
  }
  if (srcWidth !== width) {
    throw new LowbitError(
      ErrorCode.Shape,
      `write-rows: src rows have ${srcWidth} values, dst rows ${width}.`,
    );
  }
  if (!(Number.isInteger(offset) && offset >= 0 && offset + count <= rows)) {
    throw new LowbitError(
      ErrorCode.Argument,
      `write-rows: rows ${offset} … ${offset + count - 1} do not fit in dst's ${rows} rows; ` +
        'allocate a larger cache or write at a smaller offset.',
      { details: { offset, count, rows } },
    );
  }
  return dst.host.runOne(WriteRows, [dst, src], { offset });
}
