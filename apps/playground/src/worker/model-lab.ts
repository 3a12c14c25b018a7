/**
 * Model lab state in the worker: the open model file (read lazily from its `File`: only the
 * tensors asked for are read), its structure, per-layer errors across formats, and `generate` /
 * `perplexity` of @lowbit/llm on a chosen backend.
 */
import { blobSource, bytesSource, type Engine, ErrorCode, LowbitError } from '@lowbit/core';
import {
  generate,
  type LlamaModel,
  llama2cTokenizer,
  loadLlama,
  perplexity,
  type Tokenizer,
  tokenizerFromGguf,
} from '@lowbit/llm';
import { type ModelFile, openModelSource } from '@lowbit/models';
import { analyzeCovered, parseFormatSpec, parseTransformSpec } from '@lowbit/quant';
import type { EvalResult, GenerateResult, LayerError, ModelStructure } from '../protocol.ts';

export interface BundledAssets {
  model: string;
  tokenizer: string;
  text: string;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok)
    throw new LowbitError(
      ErrorCode.FileIo,
      `Could not load the bundled ${url} (HTTP ${response.status}).`,
    );
  return new Uint8Array(await response.arrayBuffer());
}

export class ModelLab {
  private file: ModelFile | undefined;
  private model: LlamaModel | undefined;
  private tokenizer: Tokenizer | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly assets: BundledAssets,
  ) {}

  /** Opens a dropped file, or the bundled stories260K when `file` is null. */
  async open(file: File | null): Promise<ModelStructure> {
    const source = file ? blobSource(file) : bytesSource(await fetchBytes(this.assets.model));
    const name = file ? file.name : 'stories260K.bin';
    const opened = await openModelSource(source, name);
    await this.close();
    this.file = opened;
    return {
      name,
      container: opened.container,
      summary: opened.summary,
      tensors: opened.tensors.map(({ name, shape, type, bytes }) => ({ name, shape, type, bytes })),
    };
  }

  opened(): ModelFile {
    if (!this.file)
      throw new LowbitError(
        ErrorCode.Argument,
        'Open a model first (drop a file or use the bundled stories260K).',
      );
    return this.file;
  }

  /** Reads one tensor as [rows, cols] (its last axis is cols). */
  async readMatrix(name: string): Promise<{ values: Float32Array; shape: [number, number] }> {
    const tensor = this.opened().tensors.find((t) => t.name === name);
    if (!tensor)
      throw new LowbitError(ErrorCode.TensorMissing, `No tensor named "${name}" in the model.`);
    const values = await this.opened().read(name);
    const cols = tensor.shape[tensor.shape.length - 1] ?? values.length;
    return { values, shape: [values.length / cols, cols] };
  }

  /** Relative MSE of every matrix under each format (null where the format does not fit). */
  async layerErrors(formats: readonly string[]): Promise<LayerError[]> {
    const specs = formats.map(parseFormatSpec);
    const none = [parseTransformSpec('none')];
    const out: LayerError[] = [];
    for (const tensor of this.opened().tensors) {
      if (tensor.shape.length < 2) continue;
      const { values, shape } = await this.readMatrix(tensor.name);
      const { reports } = analyzeCovered(values, shape, specs, none);
      for (const format of formats) {
        const report = reports.find((r) => r.format === format);
        out.push({ tensor: tensor.name, format, relativeMse: report?.relativeMse ?? null });
      }
    }
    return out;
  }

  private async loaded(backend: string): Promise<{ model: LlamaModel; tokenizer: Tokenizer }> {
    const file = this.opened();
    if (this.model?.backend !== backend) {
      this.model?.close();
      this.model = undefined;
      this.model = await loadLlama(file, { engine: this.engine, backend });
    }
    this.tokenizer ??=
      file.container === 'gguf'
        ? tokenizerFromGguf(file.metadata)
        : await llama2cTokenizer(
            bytesSource(await fetchBytes(this.assets.tokenizer)),
            this.model.config.vocabSize,
          );
    return { model: this.model, tokenizer: this.tokenizer };
  }

  async generate(prompt: string, steps: number, backend: string): Promise<GenerateResult> {
    const { model, tokenizer } = await this.loaded(backend);
    let text = '';
    let tokens = 0;
    const start = performance.now();
    for await (const token of generate(model, tokenizer, prompt, { steps })) {
      text += token.text;
      tokens++;
    }
    const seconds = (performance.now() - start) / 1000;
    return { text, tokens, tokensPerSecond: tokens / seconds, backend };
  }

  /** Perplexity (`lines` protocol) on the bundled TinyStories sample. */
  async evaluate(backend: string): Promise<EvalResult> {
    const { model, tokenizer } = await this.loaded(backend);
    const text = new TextDecoder().decode(await fetchBytes(this.assets.text));
    const start = performance.now();
    const result = await perplexity(model, tokenizer, text, { protocol: 'lines' });
    const seconds = (performance.now() - start) / 1000;
    return {
      perplexity: result.perplexity,
      meanNll: result.meanNll,
      scoredTokens: result.scoredTokens,
      sequences: result.sequences,
      tokensPerSecond: result.scoredTokens / seconds,
      backend,
    };
  }

  async close(): Promise<void> {
    this.model?.close();
    this.model = undefined;
    this.tokenizer = undefined;
    await this.file?.close();
    this.file = undefined;
  }
}
