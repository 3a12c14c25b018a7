/**
 * What `lowbit eval` measures: for each transform × format, the model loaded afresh, rotated,
 * re-quantized, then scored on the text — perplexity, and KL-divergence and top-1 agreement
 * against the f32 model's log-probs (recorded once, as llama-perplexity --kl-divergence-base).
 */
import type { Engine } from '@lowbit/core';
import {
  applyTransform,
  type EvalOptions,
  evaluate,
  type LlamaModel,
  loadLlama,
  type Protocol,
  recordBaseline,
  requantizeWeights,
  type TensorRule,
  type Tokenizer,
  type TransformKind,
} from '@lowbit/llm';
import type { ModelFile } from '@lowbit/models';

export interface EvalPlan {
  file: ModelFile;
  tokenizer: Tokenizer;
  text: string;
  engine: Engine;
  backend: string;
  formats: readonly string[];
  transforms: readonly TransformKind[];
  protocol: Protocol;
  ctx?: number | undefined;
  rules: readonly TensorRule[];
  seed: number;
  /** Called as work advances: runs finished (fractional) of `runs`, and what runs now. */
  onProgress?(done: number, runs: number, label: string): void;
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
  protocol: Protocol;
  /** Positions scored per run. */
  tokens: number;
  /** f32 × none: the reference of Δ, KL and top-1. */
  reference: { perplexity: number; meanNll: number };
  rows: EvalRow[];
}

/** The model with `transform` then `format` applied; the caller closes it. */
async function prepare(plan: EvalPlan, format: string, transform: TransformKind) {
  const model = await loadLlama(plan.file, { engine: plan.engine, backend: plan.backend });
  try {
    const rotation = await applyTransform(model, transform, { seed: plan.seed });
    const quant = await requantizeWeights(model, format, { rules: plan.rules });
    return { model, rotation, quant };
  } catch (error) {
    model.close();
    throw error;
  }
}

export async function runEval(plan: EvalPlan): Promise<EvalOutcome> {
  const hasReference = plan.formats.includes('f32') && plan.transforms.includes('none');
  const runs = plan.formats.length * plan.transforms.length + (hasReference ? 1 : 2);
  let finished = 0;
  const options = (label: string): EvalOptions => ({
    protocol: plan.protocol,
    ...(plan.ctx !== undefined && { ctx: plan.ctx }),
    onProgress: (done, total) => plan.onProgress?.(finished + done / total, runs, label),
  });
  const scored = async <T>(
    label: string,
    model: LlamaModel,
    score: (o: EvalOptions) => Promise<T>,
  ) => {
    try {
      return await score(options(label));
    } finally {
      model.close();
      finished++;
    }
  };
  const base = await prepare(plan, 'f32', 'none');
  const baseline = await scored('f32 × none (baseline)', base.model, (o) =>
    recordBaseline(base.model, plan.tokenizer, plan.text, o),
  );
  const rows: EvalRow[] = [];
  let reference: EvalOutcome['reference'] | undefined;
  for (const transform of plan.transforms)
    for (const format of plan.formats) {
      const label = `${format} × ${transform}`;
      const { model, rotation, quant } = await prepare(plan, format, transform);
      const result = await scored(label, model, (o) =>
        evaluate(model, plan.tokenizer, plan.text, { ...o, baseline }),
      );
      if (format === 'f32' && transform === 'none') reference = result;
      rows.push({
        format,
        transform,
        bitsPerWeight: quant.bitsPerWeight,
        bytes: quant.bytes,
        perplexity: result.perplexity,
        meanNll: result.meanNll,
        deltaPercent: Number.NaN,
        klMean: result.kl?.mean ?? Number.NaN,
        top1: result.top1 ?? Number.NaN,
        tokens: result.tokens,
        tokensPerSecond: result.tokensPerSecond,
        kept: quant.tensors.flatMap((t) => (t.kept ? [{ name: t.name, reason: t.kept }] : [])),
        unrotated: rotation.skipped,
      });
    }
  if (!reference) {
    // f32 × none was not asked for: score it once more, for Δ only.
    const f32 = await prepare(plan, 'f32', 'none');
    reference = await scored('f32 × none', f32.model, (o) =>
      evaluate(f32.model, plan.tokenizer, plan.text, o),
    );
  }
  const ref = reference;
  for (const row of rows) row.deltaPercent = (row.perplexity / ref.perplexity - 1) * 100;
  return {
    protocol: plan.protocol,
    tokens: baseline.targets.length,
    reference: { perplexity: ref.perplexity, meanNll: ref.meanNll },
    rows,
  };
}
