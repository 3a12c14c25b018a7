/**
 * What `lowbit eval` measures: for each transform × format, the model loaded afresh, rotated,
 * re-quantized, then scored on the text — perplexity, and KL-divergence and top-1 agreement
 * against the f32 model's log-probs (recorded once, as llama-perplexity --kl-divergence-base).
 * Rows are independent given that baseline, so with `threads` > 1 they run on worker threads of
 * the built CLI (each opens the model itself; on webgpu, whose one device a process holds, they
 * run in turn here); results are placed by row, so the table does not depend on which thread
 * finished first.
 */
import {
  applyTransform,
  type EvalOptions,
  evaluate,
  type LlamaModel,
  type LogitsBaseline,
  loadLlama,
  type Protocol,
  recordBaseline,
  requantizeWeights,
  type TransformKind,
} from '@lowbit/llm';
import { requestWorker, workerScriptAvailable } from '../request-worker.ts';
import { type LlmBackend, type LlmBackendChoice, openLlmEngine } from './llm-engine.ts';
import { openModelPath, tokenizerFor } from './llm-model.ts';

/** Everything a thread needs to score rows: plain data, so it can be posted to a worker. */
export interface EvalJob {
  modelPath: string;
  tokenizerPath?: string | undefined;
  text: string;
  /** What --backend asked for; workers get the backend it resolved to. */
  backend: LlmBackendChoice;
  /** The wasm backend's own kernel threads (1: none). */
  kernelThreads: number;
  protocol: Protocol;
  ctx?: number | undefined;
  /** Per-tensor rules: a RegExp source over GGUF names, and the spec matching tensors take. */
  rules: { pattern: string; format: string }[];
  seed: number;
}

export interface EvalRow {
  format: string;
  transform: TransformKind;
  /** Stored bits per value over the weight matrices, scales included. */
  bitsPerWeight: number;
  /** Bytes of every weight, norms included. */
  bytes: number;
  perplexity: number;
  meanNll: number;
  /** Perplexity change against f32 × none, in percent. */
  deltaPercent: number;
  klMean: number;
  top1: number;
  tokens: number;
  tokensPerSecond: number;
  /** Tensors left in their stored form, with why (`rows of 64 are not a multiple of …`). */
  kept: { name: string; reason: string }[];
  /** Linears the transform left unrotated, with why. */
  unrotated: { name: string; reason: string }[];
}

export interface EvalOutcome {
  /** The backend every row ran on (`auto` resolved). */
  backend: LlmBackend;
  protocol: Protocol;
  /** Positions scored per run. */
  tokens: number;
  /** f32 × none: the reference of Δ, KL and top-1. */
  reference: { perplexity: number; meanNll: number };
  rows: EvalRow[];
  /** Worker threads that scored rows (0: all in this thread). */
  workers: number;
}

/** The fields of a row known before scoring: what the transform and re-quantization did. */
type PreparedRow = Pick<
  EvalRow,
  'format' | 'transform' | 'bitsPerWeight' | 'bytes' | 'deltaPercent' | 'kept' | 'unrotated'
>;

export interface RowRequest {
  format: string;
  transform: TransformKind;
}

/** Progress: runs finished (fractional) of `runs`, and what runs now. */
type Progress = (done: number, runs: number, label: string) => void;

/** A model file, its tokenizer and an engine, opened once per thread. */
export interface EvalContext {
  backend: LlmBackend;
  score(
    request: RowRequest,
    baseline?: LogitsBaseline,
    progress?: (f: number) => void,
  ): Promise<EvalRow>;
  record(progress?: (f: number) => void): Promise<LogitsBaseline>;
  close(): Promise<void>;
}

export async function openEvalContext(job: EvalJob): Promise<EvalContext> {
  const file = await openModelPath(job.modelPath);
  try {
    const tokenizer = await tokenizerFor(file, job.modelPath, job.tokenizerPath);
    const { engine, backend, close } = await openLlmEngine({
      backend: job.backend,
      threads: job.kernelThreads,
    });
    const rules = job.rules.map((r) => ({ match: new RegExp(r.pattern), format: r.format }));
    const options = (progress?: (f: number) => void): EvalOptions => ({
      protocol: job.protocol,
      ...(job.ctx !== undefined && { ctx: job.ctx }),
      ...(progress && { onProgress: (done: number, total: number) => progress(done / total) }),
    });
    /** The model with the transform then the format applied, scored, then closed. */
    const withModel = async <T>(
      { format, transform }: RowRequest,
      use: (model: LlamaModel, row: PreparedRow) => Promise<T>,
    ) => {
      const model = await loadLlama(file, { engine, backend });
      try {
        const rotation = await applyTransform(model, transform, { seed: job.seed });
        const quant = await requantizeWeights(model, format, { rules });
        return await use(model, {
          format,
          transform,
          bitsPerWeight: quant.bitsPerWeight,
          bytes: quant.bytes,
          deltaPercent: Number.NaN,
          kept: quant.tensors.flatMap((t) => (t.kept ? [{ name: t.name, reason: t.kept }] : [])),
          unrotated: rotation.skipped,
        });
      } finally {
        model.close();
      }
    };
    return {
      backend,
      record: (progress) =>
        withModel({ format: 'f32', transform: 'none' }, (model) =>
          recordBaseline(model, tokenizer, job.text, options(progress)),
        ),
      score: (request, baseline, progress) =>
        withModel(request, async (model, row) => {
          const r = await evaluate(model, tokenizer, job.text, {
            ...options(progress),
            ...(baseline && { baseline }),
          });
          return {
            ...row,
            perplexity: r.perplexity,
            meanNll: r.meanNll,
            klMean: r.kl?.mean ?? Number.NaN,
            top1: r.top1 ?? Number.NaN,
            tokens: r.tokens,
            tokensPerSecond: r.tokensPerSecond,
          };
        }),
      close: () => {
        close();
        return file.close();
      },
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/** The worker's script beside the built CLI (dist/eval-worker.js); absent when run from source. */
const WORKER_URL = new URL('./eval-worker.js', import.meta.url);

export interface EvalWorkerData {
  job: EvalJob;
  baseline: LogitsBaseline;
}

export interface RunEvalOptions {
  formats: readonly string[];
  transforms: readonly TransformKind[];
  /** Rows scored at once, each on a worker thread (1: this thread). */
  threads: number;
  onProgress?: Progress;
}

export async function runEval(job: EvalJob, options: RunEvalOptions): Promise<EvalOutcome> {
  const requests: RowRequest[] = options.transforms.flatMap((transform) =>
    options.formats.map((format) => ({ format, transform })),
  );
  const isReference = (r: RowRequest) => r.format === 'f32' && r.transform === 'none';
  // Without f32 × none among the rows, it is scored once more, for Δ only.
  const shown = requests.length;
  if (!requests.some(isReference)) requests.push({ format: 'f32', transform: 'none' });
  const runs = requests.length + 1;
  const report = options.onProgress;
  const context = await openEvalContext(job);
  const results: EvalRow[] = [];
  try {
    const baseline = await context.record((f) => report?.(f, runs, 'f32 × none (baseline)'));
    let finished = 1;
    // One GPU device per process: on webgpu the rows take turns on it.
    const parallel = context.backend === 'webgpu' ? 1 : Math.min(options.threads, requests.length);
    const queue = requests.map((request, index) => ({ request, index }));
    const work = async (
      score: (r: RowRequest, progress: (f: number) => void) => Promise<EvalRow>,
    ) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const label = `${next.request.format} × ${next.request.transform}`;
        const progress =
          parallel > 1 ? () => {} : (f: number) => report?.(finished + f, runs, label);
        results[next.index] = await score(next.request, progress);
        report?.(++finished, runs, label);
      }
    };
    const workers = parallel > 1 && workerScriptAvailable(WORKER_URL) ? parallel : 0;
    if (workers > 0) {
      const data: EvalWorkerData = { job: { ...job, backend: context.backend }, baseline };
      await Promise.all(
        Array.from({ length: workers }, async () => {
          const worker = requestWorker<RowRequest, EvalRow>(WORKER_URL, data);
          try {
            await work((request) => worker.request(request));
          } finally {
            await worker.close();
          }
        }),
      );
    } else await work((request, progress) => context.score(request, baseline, progress));
    const reference = results.find((_, i) => isReference(requests[i]!))!;
    const rows = results.slice(0, shown);
    for (const row of rows) row.deltaPercent = (row.perplexity / reference.perplexity - 1) * 100;
    return {
      backend: context.backend,
      protocol: job.protocol,
      tokens: baseline.targets.length,
      reference: { perplexity: reference.perplexity, meanNll: reference.meanNll },
      rows,
      workers,
    };
  } finally {
    await context.close();
  }
}
