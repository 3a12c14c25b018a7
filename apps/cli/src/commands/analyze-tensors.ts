/**
 * Analysing a model's tensors one by one, in this thread or over worker threads. Each analyser
 * opens the model itself and reads only the tensor it is given, so at most one tensor per
 * thread (plus its scratch) is in memory. Results are keyed by tensor, so the report does not
 * depend on which thread finished first.
 */
import { openModel } from '@lowbit/models/node';
import {
  analyzeOn,
  type CoveredAnalysis,
  parseFormatSpec,
  parseTransformSpec,
} from '@lowbit/quant';
import { requestWorker, workerScriptAvailable } from '../request-worker.ts';
import { type AnalyzeBackend, analysisEngine } from './analyze-backend.ts';

/** What a thread needs to analyse tensors of one model: plain data, so it can be posted. */
export interface AnalyzeJob {
  path: string;
  formats: string[];
  transforms: string[];
  backend: AnalyzeBackend | undefined;
}

export interface TensorResult extends CoveredAnalysis {
  /** Σ w² of the tensor. */
  energy: number;
}

export interface TensorAnalyser {
  analyse(tensor: string): Promise<TensorResult>;
  close(): Promise<void>;
}

/** Analyses tensors in this thread. */
export async function localAnalyser(job: AnalyzeJob): Promise<TensorAnalyser> {
  const formats = job.formats.map(parseFormatSpec);
  const transforms = job.transforms.map(parseTransformSpec);
  const engine = await analysisEngine(job.backend);
  const model = await openModel(job.path);
  return {
    async analyse(name) {
      const info = model.tensors.find((t) => t.name === name)!;
      const values = await model.read(name);
      let energy = 0;
      for (const v of values) energy += v * v;
      const covered = await analyzeOn(engine.roundTrip, values, info.shape, formats, transforms);
      return { ...covered, energy };
    },
    async close() {
      engine.dispose();
      await model.close();
    },
  };
}

/** The worker's script beside the built CLI (dist/analyze-worker.js); absent when run from source. */
const WORKER_URL = new URL('./analyze-worker.js', import.meta.url);

export const workersAvailable = (): boolean => workerScriptAvailable(WORKER_URL);

/** Analyses tensors on one worker thread, one request at a time. */
export function workerAnalyser(job: AnalyzeJob): TensorAnalyser {
  const worker = requestWorker<string, TensorResult>(WORKER_URL, job);
  return { analyse: (tensor) => worker.request(tensor), close: () => worker.close() };
}
