// The system Chromium (Debian's `chromium` package, no browser download) with WebGPU on
// SwiftShader, so a machine without a GPU still has an adapter; CHROMIUM_PATH overrides where
// it is. Plain JS so node scripts (the playground's screenshots) can import it as well as tests;
// each caller launches it with its own playwright-core.
import { existsSync } from 'node:fs';

/** Where Chromium is. */
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
];

/** Why Chromium cannot run here, or undefined when it can. */
export function chromiumMissing() {
  const path = chromiumPath();
  return existsSync(path)
    ? undefined
    : `no Chromium at ${path} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
}
