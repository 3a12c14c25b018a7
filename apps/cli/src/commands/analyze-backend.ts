/**
 * The engine `lowbit analyze` runs its encode/decode round trips on: wasm (bit-exact with the
 * cpu codecs, so reports do not depend on the choice) unless it cannot start or `cpu` is asked.
 */
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { Engine, ErrorCode, LowbitError } from '@lowbit/core';
import { engineRoundTrip, type RoundTripper } from '@lowbit/quant';

export type AnalyzeBackend = 'cpu' | 'wasm';

export function parseAnalyzeBackend(text: string | undefined): AnalyzeBackend | undefined {
  if (text === undefined || text === 'cpu' || text === 'wasm') return text;
  throw new LowbitError(ErrorCode.Usage, `--backend takes cpu or wasm, got "${text}".`);
}

export interface AnalysisEngine {
  backend: AnalyzeBackend;
  roundTrip: RoundTripper;
  dispose(): void;
}

/** An engine on `backend`; without one, wasm when it initialises here, else cpu. */
export async function analysisEngine(backend?: AnalyzeBackend): Promise<AnalysisEngine> {
  const engine = new Engine({ logger: { warn: () => {} } });
  engine.use(cpuBackend());
  let chosen: AnalyzeBackend = 'cpu';
  if (backend !== 'cpu') {
    engine.use(wasmBackend({ threads: 1 }));
    try {
      await engine.setBackend('wasm');
      chosen = 'wasm';
    } catch (error) {
      if (backend === 'wasm') throw error;
    }
  }
  if (chosen === 'cpu') await engine.setBackend('cpu');
  return {
    backend: chosen,
    roundTrip: engineRoundTrip(engine, chosen),
    dispose: () => {
      for (const { name } of engine.listBackends()) engine.unregisterBackend(name);
    },
  };
}
