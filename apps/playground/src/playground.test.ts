/**
 * The playground in a real browser: Debian's chromium driven by playwright-core over the static
 * build (Vite's JS API) served with COOP/COEP. Numbers read off the page are compared with the
 * library calls the CLI makes for the same inputs (and with one run of the built CLI).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuBackend } from '@lowbit/backend-cpu';
import { bytesSource, Engine, getFormat, LowbitError } from '@lowbit/core';
import { info, registerAllFormats } from '@lowbit/formats';
import { llama2cTokenizer, loadLlama, perplexity } from '@lowbit/llm';
import { openModelSource } from '@lowbit/models';
import { analyzeCovered, parseFormatSpec, parseTransformSpec } from '@lowbit/quant';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, openPlayground } from '../scripts/browser.mjs';
import { DEFAULT_FORMATS, DEFAULT_TENSOR, TRANSFORMS } from './tensor-defaults.ts';
import { generateTensor } from './worker/tensor-gen.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (path: string) => new Uint8Array(readFileSync(join(repo, 'fixtures', path)));
const cli = join(repo, 'apps/cli/dist/bin.js');

registerAllFormats();

// In CI a missing chromium is a failure; on a developer machine the suite is skipped with a reason.
if (!hasChromium() && process.env.CI === 'true')
  throw new Error(`${CHROMIUM} is missing (CI installs Debian's chromium).`);
if (!hasChromium()) console.warn(`playground browser tests skipped: no chromium at ${CHROMIUM}`);

/** The exact numbers (data-value) of a table, by row then column header. */
async function readTable(page: Page, testId: string): Promise<Record<string, string>[]> {
  const table = page.getByTestId(testId);
  await table.waitFor({ state: 'attached' });
  return table.evaluate((t) => {
    const headers = [...t.querySelectorAll('thead th')].map((h) => h.textContent ?? '');
    return [...t.querySelectorAll('tbody tr')].map((row) =>
      Object.fromEntries(
        [...row.querySelectorAll('td')].map((cell, i) => [
          headers[i]!,
          (cell as HTMLElement).dataset.value ?? cell.textContent ?? '',
        ]),
      ),
    );
  });
}

async function codeOf(run: () => Promise<unknown>): Promise<LowbitError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!LowbitError.isInstance(error)) throw new Error('expected a LowbitError');
  return error;
}

describe.skipIf(!hasChromium())('playground in chromium', () => {
  let browser: Browser;
  let url: string;
  let close: () => Promise<void>;
  const errors: string[] = [];

  const open = async (hash: string) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}#${hash}`);
    return page;
  };

  beforeAll(async () => {
    ({ browser, url, close } = await openPlayground());
  });
  afterAll(async () => {
    await close?.();
  });

  it('is cross-origin isolated (wasm threads) and throws nothing uncaught', async () => {
    const page = await open('formats');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    await page.getByTestId('compare-facts').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a phone-width screen (375 px): no page scrolls sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    for (const hash of ['formats', 'tensors', 'models']) {
      await page.goto(`${url}#${hash}`);
      await page.reload();
      await page.getByTestId(`page-${hash}`).locator('h2').waitFor();
      if (hash === 'formats') await page.getByTestId('compare-facts').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        375,
      );
    }
    await page.close();
  });

  it('format explorer: fp8_e4m3fn facts equal `lowbit formats`, rounding equals the codec', async () => {
    const page = await open('formats');
    const facts = Object.fromEntries(
      (await readTable(page, 'format-facts')).map((r) => [r.property, r.value]),
    );
    const expected = info('fp8_e4m3fn');
    expect(facts).toMatchObject({
      bits: String(expected.bits),
      'bits per value': String(expected.bitsPerValue),
      max: String(expected.max),
      'min normal': String(expected.minNormal),
      'min subnormal': String(expected.minSubnormal),
      epsilon: String(expected.epsilon),
    });
    if (existsSync(cli)) {
      const json = JSON.parse(
        execFileSync('node', [cli, 'formats', 'fp8_e4m3fn', '--json'], { encoding: 'utf8' }),
      );
      expect([facts.max, facts['min normal'], facts['min subnormal'], facts.epsilon]).toEqual(
        [json.max, json.minNormal, json.minSubnormal, json.epsilon].map(String),
      );
    }
    await page.locator('#value').fill('0.3');
    await page.locator('#value').dispatchEvent('change');
    const format = getFormat('fp8_e5m2');
    const nearest = format.decode(
      format.encode(Float32Array.of(0.3), { rounding: 'nearest-even' }),
      1,
    )[0]!;
    await expect
      .poll(
        async () =>
          (await readTable(page, 'rounding')).find(
            (r) => r.format === 'fp8_e5m2' && r.rounding === 'nearest-even',
          )?.value,
      )
      .toBe(String(nearest));
    const compare = await readTable(page, 'compare-facts');
    expect(Object.keys(compare[0]!)).toEqual([
      'property',
      'fp8_e4m3fn',
      'fp8_e5m2',
      'int8',
      'posit8_es1',
    ]);
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(5);
    await page.close();
  });

  it('tensor lab: the metrics table equals @lowbit/quant analyzeCovered on the same tensor', async () => {
    const page = await open('tensors');
    await page.locator('#run-tensor').click();
    const rows = await readTable(page, 'metrics');
    const formats = DEFAULT_FORMATS.split(',').map((s) => parseFormatSpec(s));
    const transforms = Object.values(TRANSFORMS).map(parseTransformSpec);
    const { reports } = analyzeCovered(
      generateTensor(DEFAULT_TENSOR),
      [DEFAULT_TENSOR.rows, DEFAULT_TENSOR.cols],
      formats,
      transforms,
    );
    expect(rows.length).toBe(reports.length);
    for (const [i, r] of reports.entries()) {
      expect(rows[i]).toMatchObject({
        format: r.format,
        transform: r.transform,
        'rel MSE': String(r.relativeMse),
        'SQNR dB': String(r.sqnrDb),
        cosine: String(r.cosine),
      });
      // KL sums logarithms: Math.log may differ in the last ulp between node's V8 and chromium's.
      expect(Number(rows[i]!.KL)).toBeCloseTo(r.klDivergence, 15);
    }
    // Histograms and the error heat map are drawn.
    expect(await page.getByTestId('tensor-out').locator('svg').count()).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  it('model lab: structure, layer heat map, generate, and perplexity equal to @lowbit/llm', async () => {
    const page = await open('models');
    await page.getByTestId('bundled').click();
    const tensors = await readTable(page, 'tensors');
    expect(tensors.length).toBeGreaterThan(10);
    await page.locator('#run-layers').click();
    await page.locator('section svg').first().waitFor();

    await page.locator('#steps').fill('12');
    await page.locator('#run-generate').click();
    const [generated] = await readTable(page, 'generate');
    expect(Number(generated!.tokens)).toBeGreaterThan(0);
    expect(Number(generated!['tok/s'])).toBeGreaterThan(0);

    await page.locator('#run-eval').click();
    const [shown] = await readTable(page, 'eval');
    const engine = new Engine();
    engine.use(cpuBackend());
    const file = await openModelSource(
      bytesSource(fixture('llama2c/stories260K.bin')),
      'stories260K.bin',
    );
    const model = await loadLlama(file, { engine, backend: 'cpu' });
    const tokenizer = await llama2cTokenizer(
      bytesSource(fixture('llama2c/tok512.bin')),
      model.config.vocabSize,
    );
    const text = new TextDecoder().decode(fixture('text/tinystories_sample.txt'));
    const expected = await perplexity(model, tokenizer, text, { protocol: 'lines' });
    model.close();
    expect(shown).toMatchObject({
      backend: 'cpu',
      perplexity: String(expected.perplexity),
      'scored tokens': String(expected.scoredTokens),
    });
    expect(Number(shown!.perplexity)).toBeCloseTo(6.2601, 4); // run.c's figure (golden-perplexity.json)

    // The wasm backend (threaded: the page is cross-origin isolated) runs the same model.
    await page.locator('#backend').selectOption('wasm');
    await page.locator('#run-generate').click();
    await expect.poll(async () => (await readTable(page, 'generate'))[0]?.backend).toBe('wasm');

    // WebGPU (SwiftShader here) is offered when the worker has navigator.gpu, and runs the model.
    const backends = await page.locator('#backend option').allTextContents();
    if (backends.includes('webgpu')) {
      await page.locator('#backend').selectOption('webgpu');
      await page.locator('#run-generate').click();
      await expect.poll(async () => (await readTable(page, 'generate'))[0]?.backend).toBe('webgpu');
    }
    await page.close();
  });

  it('bad input: a text file and a truncated GGUF show their coded errors on the page', async () => {
    const page = await open('models');
    const cases = [
      { name: 'notes.txt', bytes: new TextEncoder().encode('Once upon a time\n') },
      { name: 'cut.gguf', bytes: fixture('gguf/stories260K.gguf').subarray(0, 4000) },
    ];
    for (const { name, bytes } of cases) {
      const expected = await codeOf(() => openModelSource(bytesSource(bytes), name));
      await page
        .getByTestId('model-file')
        .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
      const alert = page.getByTestId('model-status').getByRole('alert');
      await expect.poll(() => alert.textContent()).toBe(`${expected.code} ${expected.message}`);
    }
    await page.close();
  });
});
