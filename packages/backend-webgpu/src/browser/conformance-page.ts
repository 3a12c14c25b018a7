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
  /** Never use shader-f16 (default true; false takes the f16 variants where the adapter has it). */
  forceF32?: boolean;
}

export interface PageReport {
  adapter: string;
  /** The adapter's features (`shader-f16`, `subgroups`, …). */
  features: string[];
  pass: number;
  fail: number;
  uncovered: number;
  /** One line per failing or uncovered case, then the totals. */
  text: string;
}

async function describeAdapter(): Promise<{ adapter: string; features: string[] }> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return { adapter: 'none', features: [] };
  const { vendor, architecture, description } = adapter.info;
  return {
    adapter: [vendor, architecture, description].filter(Boolean).join(' ') || 'unnamed adapter',
    features: [...adapter.features].sort(),
  };
}

async function lowbitConformance({
  forceF32 = true,
  ...options
}: PageOptions): Promise<PageReport> {
  registerAllFormats();
  const report = await runConformance('webgpu', {
    ...options,
    plugin: webgpuBackend({ forceF32 }),
    activations: 'f32',
  });
  return { ...(await describeAdapter()), ...report.totals, text: formatReport(report) };
}

(globalThis as { lowbitConformance?: typeof lowbitConformance }).lowbitConformance =
  lowbitConformance;
