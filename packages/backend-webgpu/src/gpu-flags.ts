/**
 * WebGPU's numeric flags (GPUBufferUsage, GPUMapMode), spelled out so the backend does not need
 * the `GPUBufferUsage` globals, which Dawn for Node only provides after `Object.assign(globalThis,
 * globals)`. Values from the WebGPU spec, §5.1 and §5.2.
 */
export const BufferUsage = {
  MapRead: 0x1,
  CopySrc: 0x4,
  CopyDst: 0x8,
  Uniform: 0x40,
  Storage: 0x80,
} as const;

export const MapModeRead = 0x1;
