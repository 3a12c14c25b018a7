/**
 * Host-memory helpers shared by every backend whose tensors the cpu kernels can read (cpu,
 * wasm): what core leaves out because it assumes storage on the JS heap. TF.js's
 * `tfjs-backend-cpu/src/shared.ts` plays the same part.
 */
export { applyGroupScales } from './shared/group-scales.ts';
export type { Int8LinearOperands, Int8OutlierWeights } from './shared/int8-outliers.ts';
export {
  addInt8Outliers,
  int8LinearOperands,
  int8OutlierColumns,
} from './shared/int8-outliers.ts';
export { ropeAngles } from './shared/rope-angles.ts';
