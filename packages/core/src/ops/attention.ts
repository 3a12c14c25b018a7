/** Scaled dot-product attention over a (growing) KV cache, with grouped-query heads. */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { Attention, type AttentionAttrs } from '../kernel/op-names.ts';
import type { Tensor } from '../tensor/tensor.ts';

function fail(code: ErrorCode, message: string): never {
  throw new LowbitError(code, `attention: ${message}`);
}

/**
 * softmax(scale · q·kᵀ, causally masked by `positions`)·v per head, reading cache rows
 * 0 … length−1: q [T, H·Dh], kCache and vCache [S, KVH·Dh] → f32 [T, H·Dh].
 */
export function attention(
  q: Tensor,
  kCache: Tensor,
  vCache: Tensor,
  attrs: AttentionAttrs,
): Tensor {
  q.assertLive();
  kCache.assertLive();
  vCache.assertLive();
  if (typeof attrs !== 'object' || attrs === null)
    fail(ErrorCode.Argument, 'needs attrs { heads, kvHeads, length, positions? }.');
  const { heads, kvHeads, length, positions, causal = true } = attrs;
  if (q.rank !== 2 || kCache.rank !== 2 || vCache.rank !== 2)
    fail(
      ErrorCode.Shape,
      `q, kCache and vCache must be 2-D; got [${q.shape}], [${kCache.shape}], [${vCache.shape}].`,
    );
  const [rows, width] = q.shape as [number, number];
  if (!(Number.isInteger(heads) && heads > 0 && width % heads === 0))
    fail(ErrorCode.Shape, `heads ${heads} must be a positive integer dividing q's ${width}.`);
  if (!(Number.isInteger(kvHeads) && kvHeads > 0 && heads % kvHeads === 0))
    fail(ErrorCode.Shape, `kvHeads ${kvHeads} must be a positive integer dividing heads ${heads}.`);
  const kvWidth = (width / heads) * kvHeads;
  const cache = kCache.shape[0]!;
  if (kCache.shape.join() !== vCache.shape.join() || kCache.shape[1] !== kvWidth)
    fail(
      ErrorCode.Shape,
      `kCache and vCache must both be [S, ${kvWidth}] (kvHeads × head dim ${width / heads}); ` +
        `got [${kCache.shape}] and [${vCache.shape}].`,
    );
  if (!(Number.isInteger(length) && length >= 1 && length <= cache))
    fail(ErrorCode.Argument, `length ${length} must count valid cache rows, 1 … ${cache}.`);
  if (causal && positions === undefined)
    fail(ErrorCode.Argument, 'a causal attention needs positions (one per query row).');
  if (positions !== undefined) {
    if (positions.length !== rows)
      fail(ErrorCode.Argument, `positions has ${positions.length} entries for ${rows} query rows.`);
    for (let t = 0; t < rows; t++) {
      const p = positions[t]!;
      if (!(Number.isInteger(p) && p >= 0 && p < length))
        fail(
          ErrorCode.Argument,
          `positions[${t}] = ${p} must be a cache row below length ${length}; write the ` +
            'token’s keys first and raise length.',
        );
    }
  }
  if (attrs.scale !== undefined && !Number.isFinite(attrs.scale))
    fail(ErrorCode.Argument, `scale must be finite; got ${attrs.scale}.`);
  return q.host.runOne(Attention, [q, kCache, vCache], attrs);
}
