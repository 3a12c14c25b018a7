/**
 * `loadLlama(model)`: a Llama-family model from any @lowbit/models container (GGUF, llama2.c
 * `.bin`, Hugging Face folder), its weights as engine tensors in their stored formats on the
 * caller's engine and backend, ready to make sessions.
 */
import { engine as defaultEngine, type Engine, ErrorCode, LowbitError } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import type { ModelFile } from '@lowbit/models';
import {
  configFromGguf,
  configFromHf,
  configFromLlama2c,
  type LlamaConfig,
} from './llama-config.ts';
import { LlamaSession, type SessionOptions } from './llama-session.ts';
import { disposeWeights, type LlamaWeights, linearsOf } from './llama-weights.ts';
import { readLlamaWeights } from './load-weights.ts';
import { type LowbitLayout, lowbitLayoutOf } from './lowbit-keys.ts';
import { rotateInput } from './online-rotation.ts';

export interface LoadOptions {
  /** The engine whose backends run the model (default: the process-wide engine). */
  engine?: Engine;
  /** Backend to hold the weights and run every op (default: the engine's active backend). */
  backend?: string;
}

export interface LlamaModel {
  readonly config: LlamaConfig;
  /** Rewritable until sessions are made (re-quantize, rotate, set linear input transforms). */
  readonly weights: LlamaWeights;
  readonly engine: Engine;
  /** The backend the weights live on. */
  readonly backend: string;
  newSession(options?: SessionOptions): LlamaSession;
  /** Disposes the weights (sessions made from them must not run afterwards). */
  close(): void;
}

export function llamaConfigOf(model: ModelFile): LlamaConfig {
  switch (model.container) {
    case 'gguf':
      return configFromGguf(model);
    case 'llama2c':
      return configFromLlama2c(model.config, model.name);
    case 'hf-folder':
      return configFromHf(model);
    default:
      throw new LowbitError(
        ErrorCode.Unsupported,
        `${model.name}: a bare ${model.container} file has no model config; open its Hugging ` +
          'Face folder (config.json beside it) or a GGUF instead.',
      );
  }
}

/** The online input rotations a rotated model's file records (`lowbit.online_hadamard.*`). */
function applyOnlineRotations(model: ModelFile, weights: LlamaWeights, layout: LowbitLayout) {
  const linears = new Map(linearsOf(weights));
  for (const [name, seed] of layout.online) {
    const linear = linears.get(name);
    if (!linear) {
      disposeWeights(weights);
      throw new LowbitError(
        ErrorCode.FileCorrupt,
        `${model.name}: lowbit.online_hadamard.tensors names "${name}", which is not a linear of ` +
          'this model; quantize the model again.',
      );
    }
    rotateInput(linear, seed);
  }
}

export async function loadLlama(model: ModelFile, options: LoadOptions = {}): Promise<LlamaModel> {
  const engine = options.engine ?? defaultEngine;
  const backend = options.backend
    ? (await engine.backends.get(options.backend)).name
    : await engine.ready();
  // Block formats' element formats (mxfp4's fp4_e2m1fn) must resolve by name in the kernels.
  registerAllFormats();
  const config = llamaConfigOf(model);
  const layout = lowbitLayoutOf(model);
  const weights = await readLlamaWeights({ engine, backend, model, config, layout });
  applyOnlineRotations(model, weights, layout);
  return {
    config,
    weights,
    engine,
    backend,
    newSession: (session) => new LlamaSession(config, weights, engine, backend, session),
    close: () => disposeWeights(weights),
  };
}
