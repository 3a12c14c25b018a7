// Regenerates docs/playground-*.png: the top 1500 px of each page, 1280 px wide, after its main
// actions have run, plus the format explorer at phone width (375 px).
// Usage: pnpm --filter playground screenshots
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPlayground } from './browser.mjs';

const docs = join(dirname(fileURLToPath(import.meta.url)), '../../../docs');

/** Per page: what to click before the shot, and the element to wait for. */
const PAGES = [
  { hash: 'formats', actions: [], waitFor: '[data-testid="compare-facts"]' },
  { hash: 'tensors', actions: ['#run-tensor'], waitFor: '[data-testid="metrics"]' },
  {
    hash: 'models',
    actions: ['[data-testid="bundled"]', '#run-layers', '#run-generate'],
    waitFor: '[data-testid="generate"]',
  },
];

const { browser, url, close } = await openPlayground();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const { hash, actions, waitFor } of PAGES) {
    await page.goto(`${url}#${hash}`);
    await page.reload();
    for (const selector of actions) {
      await page.locator(selector).click();
      await page.waitForFunction(() => !document.querySelector('[aria-busy]'));
    }
    await page.locator(waitFor).waitFor();
    const path = join(docs, `playground-${hash}.png`);
    await page.screenshot({
      path,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: 1500 },
    });
    console.log(`wrote ${path}`);
  }
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${url}#formats`);
  await page.reload();
  await page.locator('[data-testid="compare-facts"]').waitFor();
  await page.screenshot({ path: join(docs, 'playground-phone.png') });
} finally {
  await close();
}
