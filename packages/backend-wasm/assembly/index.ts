// lowbit WebAssembly kernels (AssemblyScript, compiled with --enable simd): one module, one
// file per kernel family.
export { heapBase } from './memory';
export { applySigns, fwht, hadamardAcross } from './fwht';
export { fft, fftFourStep } from './fft';
export { decode16, decodeMx, decodeNvfp4, decodeQ4_0, decodeQ4K, decodeQ5K, decodeQ6K, decodeQ8_0, decodeTable } from './decode';
export { decodeIq4Nl, decodeQ4_1, decodeQ5_0, decodeQ5_1, decodeTq2_0 } from './decode-legacy';
export { decodeAny, gemvDecoded } from './gemv-decoded';
export { encodeHalf, encodeMinifloat, encodeQ4_0, encodeQ8_0, packCodes } from './encode';
export { gemvInt4, gemvInt8, gemvMxfp4, gemvNvfp4, quantizeActivations, quantizeRows } from './gemv';
export { gemvQ4_0, gemvQ8_0 } from './gemv-q4-q8';
export { gemvIq4Nl, gemvQ4_1, gemvQ5_0, gemvQ5_1 } from './gemv-legacy';
export { gemvQ4K, gemvQ5K, gemvQ6K } from './gemv-kquant';
export { gemvIq4Xs, gemvQ2K, gemvQ3K } from './gemv-kquant-low';
export { gemvF16 } from './gemv-f16';
export { gemvIntCodes } from './gemv-int-codes';
export { gemvF32, gemvF32Columns } from './gemv-f32';
export { matmul } from './matmul';
export { gemvTq2_0 } from './ternary';
export { binary } from './elementwise';
export { rmsnorm, rope, softmax, swiglu } from './nn';
export { attention, attentionF16 } from './attention';
