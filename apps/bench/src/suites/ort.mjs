// onnxruntime-web (its wasm build, one thread) on models written by onnx-model.mjs.
import { f16 } from '@lowbit/core';
import * as ort from 'onnxruntime-web';
import { matMulNBitsModel, matmulModel } from '../onnx-model.mjs';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

/** A function running Y = A·B (B [k, n] f32) in onnxruntime-web. */
export async function ortMatmul(a, b, m, k, n) {
  const session = await ort.InferenceSession.create(matmulModel(b, m, k, n));
  const input = { A: new ort.Tensor('float32', a, [m, k]) };
  return async () => (await session.run(input)).Y.data;
}

/**
 * A function running Y = A·Wᵀ in onnxruntime-web's MatMulNBits, W given as q4_0 blocks: the
 * same 4-bit codes and scales (q − 8)·d, repacked to its sequential nibble order.
 */
export async function ortMatMulNBits(a, q4_0, m, k, n) {
  const blocks = (n * k) / 32;
  const packed = new Uint8Array(blocks * 16);
  const scales = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    scales[b] = f16.decode(q4_0.subarray(b * 18, b * 18 + 2), 1)[0];
    const codes = new Uint8Array(32);
    for (let j = 0; j < 16; j++) {
      const byte = q4_0[b * 18 + 2 + j];
      codes[j] = byte & 15;
      codes[j + 16] = byte >> 4;
    }
    for (let j = 0; j < 16; j++) packed[b * 16 + j] = codes[2 * j] | (codes[2 * j + 1] << 4);
  }
  const session = await ort.InferenceSession.create(matMulNBitsModel(packed, scales, m, k, n, 32));
  const input = { A: new ort.Tensor('float32', a, [m, k]) };
  return async () => (await session.run(input)).Y.data;
}
