/**
 * Where `lowbit analyze` runs its encode/decode round trips. `cpu` (the default) calls each
 * format's own codec directly; `wasm` runs them as encode/decode ops on the wasm backend (bit-exact
 * with the cpu codecs, so reports do not depend on the choice). cpu is the default because
 * analyze is dominated by the encoders' scale searches, which are JS on both backends: the wasm
 * path adds a copy into wasm memory and an op dispatch per round trip, and measured no faster
 * overall (apps/bench `analyze` suite).
 */
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { Engine, ErrorCode, LowbitError } from '@lowbit/core';
import { codecRoundTripper, engineRoundTrip, type RoundTripper } from '@lowbit/quant';

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

/** Round trips on `backend` (default cpu: the formats' codecs, no engine). */
export async function analysisEngine(backend: AnalyzeBackend = 'cpu'): Promise<AnalysisEngine> {
  if (backend === 'cpu') return { backend, roundTrip: codecRoundTripper, dispose: () => {} };
  const engine = new Engine({ logger: { warn: () => {} } });
  engine.use(cpuBackend());
  engine.use(wasmBackend({ threads: 1 }));
  await engine.setBackend('wasm');
  return {
    backend,
    roundTrip: engineRoundTrip(engine, backend),
    dispose: () => {
      for (const { name } of engine.listBackends()) engine.unregisterBackend(name);
    },
  };
}
