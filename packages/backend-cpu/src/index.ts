/** @lowbit/backend-cpu — reference kernels in plain TypeScript; register with use(cpuBackend()). */
export { CpuBackend } from './cpu-backend.ts';
export { type CpuContext, type CpuKernelConfig, floatResult } from './kernel-helpers.ts';
export { broadcastBinary, broadcastStrides } from './kernels/binary-broadcast.ts';
export { matmulKN, matmulNK } from './kernels/matmul.ts';
export { CPU_PRIORITY, cpuBackend } from './plugin.ts';
export { cpuKernels } from './register-all-kernels.ts';
export * from './shared.ts';
