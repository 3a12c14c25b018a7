// The conformance suite as a third party runs it (docs/adding-a-backend.md, step 4).
import { describeConformance } from '@lowbit/conformance/vitest';
import { describe, it } from 'vitest';
import { countingBackend } from './index.ts';

describeConformance('counting', () => ({ backend: 'counting', plugin: countingBackend() }), {
  describe,
  it,
});
