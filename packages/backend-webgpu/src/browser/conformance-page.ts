/**
 * The page script of the Chromium conformance run (chromium-conformance.test.ts bundles it for
 * the browser): @lowbit/conformance on webgpu through `navigator.gpu`, each case against a cpu
 * engine in the same page. The test calls `globalThis.lowbitConformance(options)`.
 */
import { formatReport, runConformance } from '@lowbit/conformance';
import { registerAllFormats } from '@lowbit/formats';
import { webgpuBackend } from '../plugin.ts';

export interface PageOptions {
  /** Only these ops (default: every op the backend registers). */
  ops?: string[];
  /** Only cases whose packed formats lie in this list. */
  formats?: string[];
}

export interface PageReport {
  adapter: string;
  pass: number;
  fail: number;
  uncovered: number;
  /** One line per failing or uncovered case, then the totals. */
  text: string;
}

async function adapterName(): Promise<string> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return 'none';
  const { vendor, architecture, description } = adapter.info;
  return [vendor, architecture, description].filter(Boolean).join(' ') || 'unnamed adapter';
}

async function lowbitConformance(options: PageOptions): Promise<PageReport> {
  registerAllFormats();
  const report = await runConformance('webgpu', {
    ...options,
    plugin: webgpuBackend({ forceF32: true }),
    activations: 'f32',
  });
  return { adapter: await adapterName(), ...report.totals, text: formatReport(report) };
}

(globalThis as { lowbitConformance?: typeof lowbitConformance }).lowbitConformance =
  lowbitConformance;
