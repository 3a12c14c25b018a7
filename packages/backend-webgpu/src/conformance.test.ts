// @lowbit/conformance on webgpu (Dawn; SwiftShader where no GPU exists), f32 activations in the
// fused GEMVs. Without an adapter the suite is skipped locally but fails in CI (CI=true).
import { describeConformance } from '@lowbit/conformance/vitest';
import { registerAllFormats } from '@lowbit/formats';
import { describe, it } from 'vitest';
import { webgpuBackend } from './plugin.ts';
import { adapterOrSkip } from './test-device.ts';

registerAllFormats();
const available = await adapterOrSkip();

describe.runIf(available)('webgpu (forced f32 path)', () => {
  describeConformance(
    'webgpu',
    () => ({ backend: 'webgpu', plugin: webgpuBackend({ forceF32: true }), activations: 'f32' }),
    { describe, it },
  );
});
