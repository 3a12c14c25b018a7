import { bytesSource } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { EXPORT_HEADER_BYTES, EXPORT_MAGIC, openLlama2c } from './index.ts';

/** A version-2 export of a dim-8, 1-layer model with group size 4; `size` bytes in all. */
function export2(version: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, EXPORT_MAGIC, true);
  view.setInt32(4, version, true);
  for (const [i, v] of [8, 16, 1, 2, 2, 4, 16].entries()) view.setInt32(8 + 4 * i, v, true);
  bytes[36] = 1;
  view.setInt32(37, 4, true);
  return bytes;
}

// norms 3·8 floats; token_embd 32, wq/wk/wv/wo 64 each, w1/w2/w3 128 each: codes + scales/4·4 bytes.
const V2_BYTES =
  EXPORT_HEADER_BYTES +
  3 * 8 * 4 +
  [32, 64, 64, 64, 64, 128, 128, 128].reduce((n, c) => n + 2 * c, 0);

describe('llama2.c export versions 1 and 2', () => {
  it('lays out a version-2 file: norms in f32, matrices as int8 codes then group scales', async () => {
    const bytes = export2(2, V2_BYTES);
    const view = new DataView(bytes.buffer);
    const wq = EXPORT_HEADER_BYTES + 96 + 64; // after the norms and token_embd's 32 codes + 8 scales
    bytes.set([1, 0xff, 127, 0x81], wq); // codes 1, −1, 127, −127
    view.setFloat32(wq + 64, 0.5, true);
    const model = await openLlama2c(bytesSource(bytes), 'v2.bin');
    expect(model.version).toBe(2);
    expect(model.groupSize).toBe(4);
    expect(model.tensorInfo('blk.0.attn_q.weight')).toMatchObject({ type: 'q8', offset: wq });
    expect(model.tensorInfo('output.weight').offset).toBe(
      model.tensorInfo('token_embd.weight').offset,
    );
    const values = await model.readTensor('blk.0.attn_q.weight');
    expect(Array.from(values.subarray(0, 5))).toEqual([0.5, -0.5, 63.5, -63.5, 0]);
  });

  it('refuses unknown versions and truncated files with coded errors', async () => {
    await expect(openLlama2c(bytesSource(export2(3, V2_BYTES)))).rejects.toMatchObject({
      code: 'E_UNSUPPORTED_VERSION',
    });
    await expect(openLlama2c(bytesSource(export2(2, V2_BYTES - 1)))).rejects.toMatchObject({
      code: 'E_FILE_TRUNCATED',
    });
    await expect(openLlama2c(bytesSource(export2(2, 100)))).rejects.toMatchObject({
      code: 'E_FILE_TRUNCATED',
    });
  });
});
