/**
 * Test helper: the system Chromium with WebGPU on SwiftShader (tooling/test-helpers/chromium.mjs)
 * driven by this package's playwright-core.
 */
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../../../../tooling/test-helpers/chromium.mjs';

export { chromiumMissing } from '../../../../tooling/test-helpers/chromium.mjs';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}
