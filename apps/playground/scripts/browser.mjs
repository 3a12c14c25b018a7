// Builds the playground with Vite's JS API and opens it in Debian's /usr/bin/chromium through
// playwright-core (no browser download), headless, with WebGPU on SwiftShader.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import {
  CHROMIUM_FLAGS,
  chromiumMissing,
  chromiumPath,
} from '../../../tooling/test-helpers/chromium.mjs';
import { serveDist } from './serve-dist.mjs';

export const CHROMIUM = chromiumPath();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function hasChromium() {
  return chromiumMissing() === undefined;
}

/**
 * Builds into a temporary folder, serves it and launches chromium.
 * @returns {Promise<{ url: string, browser: import('playwright-core').Browser, close: () => Promise<void> }>}
 */
export async function openPlayground() {
  const outDir = await mkdtemp(join(tmpdir(), 'lowbit-playground-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await serveDist(outDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS,
    headless: false,
  });
  return {
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
