import { describe, expect, it } from 'vitest';
import { adapterLabel, isCpuAdapter } from './webgpu-device.mjs';

describe('adapter labels', () => {
  it('marks SwiftShader and other CPU adapters as no claims, and leaves GPUs as named', () => {
    expect(isCpuAdapter('google swiftshader Subzero')).toBe(true);
    expect(isCpuAdapter('mesa llvmpipe')).toBe(true);
    expect(adapterLabel('google swiftshader')).toMatch(/not a GPU — these figures are not claims/);
    expect(isCpuAdapter('nvidia hopper NVIDIA H200')).toBe(false);
    expect(adapterLabel('nvidia hopper NVIDIA H200')).toBe('nvidia hopper NVIDIA H200');
  });
});
