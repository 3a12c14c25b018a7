// @lowbit/conformance on webgpu (Dawn; SwiftShader where no GPU exists), f32 activations in the
// fused GEMVs: the forced f32 path always, and the shader-f16 path where the adapter has it
// (SwiftShader does not, so there it is skipped with a note). Without an adapter the suite is
// skipped locally but fails in CI (CI=true).
import { describeConformance } from '@lowbit/conformance/vitest';
import { registerAllFormats } from '@lowbit/formats';
import { describe, it } from 'vitest';
import { acquireGpu } from './acquire-gpu.ts';
import { webgpuBackend } from './plugin.ts';
import { adapterOrSkip } from './test-device.ts';
import type { WebGpuOptions } from './webgpu-backend.ts';

registerAllFormats();
const available = await adapterOrSkip();
const hasF16 = available && (await acquireGpu()).adapter.features.has('shader-f16');
if (available && !hasF16) console.warn('webgpu: no shader-f16 on this adapter; f16 path not run');

const paths: [string, WebGpuOptions, boolean][] = [
  ['forced f32 path', { forceF32: true }, available],
  ['shader-f16 path', {}, hasF16],
];

for (const [name, options, runs] of paths) {
  describe.runIf(runs)(`webgpu (${name})`, () => {
    describeConformance(
      'webgpu',
      // Refused (E_UNSUPPORTED, documented in the README): encode to block formats and
      // stochastic rounding.
      () => ({
        backend: 'webgpu',
        plugin: webgpuBackend(options),
        activations: 'f32',
        allowRefusals: true,
      }),
      { describe, it },
    );
  });
}
