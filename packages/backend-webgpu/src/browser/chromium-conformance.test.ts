// @lowbit/conformance on webgpu inside headless Chromium (navigator.gpu on SwiftShader): the
// kit and the backend bundled for the browser, served from 127.0.0.1, run in the page, counts
// reported back. Locally a missing Chromium skips with the reason; in CI (CI=true) it fails.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipOrFailInCi } from '../../../../tooling/test-helpers/webgpu.ts';
import { chromiumMissing, launchChromium } from './chromium.ts';
import type { PageOptions, PageReport } from './conformance-page.ts';
import { bundleForBrowser, type PageServer, servePage } from './page-server.ts';

const missing = chromiumMissing();
const available = missing === undefined || skipOrFailInCi('Chromium', missing);

describe.runIf(available)('conformance: webgpu in headless Chromium', () => {
  let server: PageServer;
  let browser: Browser;

  beforeAll(async () => {
    const script = await bundleForBrowser(
      fileURLToPath(new URL('./conformance-page.ts', import.meta.url)),
    );
    server = await servePage({
      '/': ['text/html', '<!doctype html><script type="module" src="/page.js"></script>'],
      '/page.js': ['text/javascript', script],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function runInPage(options: PageOptions): Promise<PageReport> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => 'lowbitConformance' in globalThis);
    const report = await page.evaluate(
      (o) =>
        (
          globalThis as unknown as {
            lowbitConformance(o: PageOptions): Promise<PageReport>;
          }
        ).lowbitConformance(o),
      options,
    );
    await page.close();
    expect(errors).toEqual([]);
    return report;
  }

  function expectAllPass(report: PageReport, path: string): void {
    console.info(`Chromium, ${report.adapter}, ${path}: ${report.text.split('\n').at(-1)}`);
    expect(report.adapter).not.toBe('none');
    expect(report.text).toMatch(/webgpu: \d+ passed, 0 failed, 0 uncovered(, \d+ refused)?$/);
    // The only coded refusals: encode to block formats or with stochastic rounding.
    for (const line of report.text.split('\n').filter((l) => l.startsWith('REFUSED')))
      expect(line).toMatch(/^REFUSED encode /);
    expect(report.pass).toBeGreaterThan(0);
  }

  // SwiftShader in Chromium has no shader-f16, so there the f32 path is the only one; an adapter
  // with it runs the kit twice, once with f16 variants and once forced to f32.
  it('passes every case on each path the adapter has', async () => {
    const report = await runInPage({ forceF32: false });
    const f16 = report.features.includes('shader-f16');
    expectAllPass(report, f16 ? 'shader-f16 path' : 'f32 path (no shader-f16)');
    if (f16) expectAllPass(await runInPage({ forceF32: true }), 'forced f32 path');
  });
});
