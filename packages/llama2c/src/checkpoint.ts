/**
 * llama2.c checkpoints (karpathy/llama2.c, run.c): a header of 7 int32 — dim, hidden_dim,
 * n_layers, n_heads, n_kv_heads, vocab_size, seq_len — then float32 weights in a fixed order.
 * A negative vocab_size means the classifier is stored separately (wcls at the end); otherwise
 * it shares the token embedding. Legacy files may hold the RoPE tables (freq_cis) before wcls;
 * they are skipped. Tensors are exposed per layer under GGUF's names, row-major [out, in].
 */
import { type ByteSource, checkRange, didYouMean, ErrorCode, LowbitError } from '@lowbit/core';
import { EXPORT_MAGIC, openExported } from './exported.ts';

export interface Llama2cConfig {
  dim: number;
  hiddenDim: number;
  layers: number;
  heads: number;
  kvHeads: number;
  vocabSize: number;
  seqLen: number;
  sharedClassifier: boolean;
}

export interface Llama2cTensorInfo {
  name: string;
  shape: number[];
  /** Absolute byte offset of the float32 data, or of the int8 codes of a `q8` tensor. */
  offset: number;
  /** `q8`: export.py's version-2 Q8_0 — int8 codes, then one float32 scale per group. */
  type: 'f32' | 'q8';
  /** Absolute byte offset of a `q8` tensor's scales (codes / groupSize of them). */
  scalesOffset?: number;
}

/** A `q8` tensor as stored: value i = codes[i] · scales[⌊i / groupSize⌋]. */
export interface Llama2cQ8 {
  codes: Int8Array;
  scales: Float32Array;
  groupSize: number;
}

const HEADER_BYTES = 28;

export function corrupt(
  file: string,
  message: string,
  details: Record<string, unknown> = {},
): LowbitError {
  return new LowbitError(ErrorCode.FileCorrupt, `${file}: ${message}.`, { details });
}

export class Llama2cCheckpoint {
  private readonly byName: Map<string, Llama2cTensorInfo>;

  constructor(
    readonly config: Llama2cConfig,
    readonly tensors: readonly Llama2cTensorInfo[],
    readonly source: ByteSource,
    /** 0: the legacy header-less float32 file; 1: export.py's float32; 2: its Q8_0 ("runq"). */
    readonly version: 0 | 1 | 2 = 0,
    /** Values per scale of the `q8` tensors (version 2). */
    readonly groupSize = 0,
  ) {
    this.byName = new Map(tensors.map((t) => [t.name, t]));
  }

  tensorInfo(name: string): Llama2cTensorInfo {
    const t = this.byName.get(name);
    if (t) return t;
    throw new LowbitError(
      ErrorCode.Argument,
      `No tensor named "${name}" in this checkpoint.${didYouMean(name, this.byName.keys())}`,
    );
  }

  /** The tensor's float32 values (a `q8` tensor dequantized; only its bytes are read). */
  async readTensor(name: string): Promise<Float32Array> {
    const t = this.tensorInfo(name);
    if (t.type === 'q8') {
      const { codes, scales, groupSize } = await this.readQ8(name);
      return Float32Array.from(codes, (q, i) => q * scales[Math.floor(i / groupSize)]!);
    }
    return this.floats(t.offset, sizeOf(t.shape));
  }

  /** A version-2 tensor's int8 codes and group scales, as stored. */
  async readQ8(name: string): Promise<Llama2cQ8> {
    const t = this.tensorInfo(name);
    if (t.type !== 'q8')
      throw new LowbitError(ErrorCode.Argument, `"${name}" is stored as float32, not Q8_0.`);
    const count = sizeOf(t.shape);
    const codes = new Int8Array(new Uint8Array(await this.source.read(t.offset, count)).buffer);
    const scales = await this.floats(t.scalesOffset!, count / this.groupSize);
    return { codes, scales, groupSize: this.groupSize };
  }

  private async floats(offset: number, count: number): Promise<Float32Array> {
    const bytes = await this.source.read(offset, count * 4);
    // A copy through the constructor: a Node Buffer's slice() shares the whole file's memory.
    return new Float32Array(new Uint8Array(bytes).buffer);
  }

  async close(): Promise<void> {
    await this.source.close?.();
  }
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The 7-int config at `at` in `view`, checked. */
export function readConfig(view: DataView, at: number, name: string): Llama2cConfig {
  const [dim, hiddenDim, layers, heads, kvHeads, vocab, seqLen] = Array.from(
    { length: 7 },
    (_, i) => view.getInt32(at + 4 * i, true),
  ) as number[];
  const fields = { dim, hiddenDim, layers, heads, kvHeads, seqLen, vocabSize: Math.abs(vocab!) };
  for (const [key, value] of Object.entries(fields)) {
    if (!(value! > 0 && value! < 1 << 24))
      throw corrupt(name, `config ${key} is ${value}, not a plausible positive size`, {
        field: key,
      });
  }
  if (dim! % heads! !== 0 || heads! % kvHeads! !== 0) {
    throw corrupt(name, `dim ${dim} / heads ${heads} / kv_heads ${kvHeads} do not divide evenly`, {
      field: 'heads',
    });
  }
  const config: Llama2cConfig = {
    dim: dim!,
    hiddenDim: hiddenDim!,
    layers: layers!,
    heads: heads!,
    kvHeads: kvHeads!,
    vocabSize: Math.abs(vocab!),
    seqLen: seqLen!,
    sharedClassifier: vocab! > 0,
  };
  return config;
}

export async function openLlama2c(
  source: ByteSource,
  name = 'llama2.c checkpoint',
): Promise<Llama2cCheckpoint> {
  checkRange(source, 0, HEADER_BYTES, 'the 7-int config header');
  const header = await source.read(0, HEADER_BYTES);
  const view = new DataView(header.buffer, header.byteOffset, HEADER_BYTES);
  if (view.getUint32(0, true) === EXPORT_MAGIC) return openExported(source, name);
  const config = readConfig(view, 0, name);
  const { dim: d, hiddenDim: h, layers: L, vocabSize: V } = config;
  const kvDim = (d * config.kvHeads) / config.heads;
  const headSize = d / config.heads;
  // Check the size the config implies before building anything per layer.
  const perLayer = 2 * d + 2 * d * d + 2 * kvDim * d + 3 * h * d;
  const floats =
    V * d + L * perLayer + d + (config.sharedClassifier ? 0 : config.seqLen * headSize + V * d);
  const needed = HEADER_BYTES + floats * 4;
  if (!Number.isSafeInteger(needed) || needed > source.size) {
    throw new LowbitError(
      ErrorCode.FileTruncated,
      `${name}: the config describes ${needed} bytes of weights but the file has ${source.size}; it is truncated or the config is corrupt.`,
      { details: { needed, size: source.size } },
    );
  }
  const tensors: Llama2cTensorInfo[] = [];
  let offset = HEADER_BYTES;
  const add = (base: string, perLayer: boolean, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1) * 4;
    if (perLayer) {
      for (let l = 0; l < L; l++)
        tensors.push({ name: `blk.${l}.${base}`, shape, offset: offset + l * size, type: 'f32' });
      offset += L * size;
    } else {
      tensors.push({ name: base, shape, offset, type: 'f32' });
      offset += size;
    }
  };
  add('token_embd.weight', false, [V, d]);
  add('attn_norm.weight', true, [d]);
  add('attn_q.weight', true, [d, d]);
  add('attn_k.weight', true, [kvDim, d]);
  add('attn_v.weight', true, [kvDim, d]);
  add('attn_output.weight', true, [d, d]);
  add('ffn_norm.weight', true, [d]);
  add('ffn_gate.weight', true, [h, d]);
  add('ffn_down.weight', true, [d, h]);
  add('ffn_up.weight', true, [h, d]);
  add('output_norm.weight', false, [d]);
  const freqCis = config.seqLen * headSize * 4; // real + imaginary halves, float32
  if (config.sharedClassifier) {
    tensors.push({ name: 'output.weight', shape: [V, d], offset: HEADER_BYTES, type: 'f32' });
  } else {
    offset += freqCis;
    add('output.weight', false, [V, d]);
  }
  if (offset !== needed) throw corrupt(name, `layout mismatch (${offset} ≠ ${needed} bytes)`);
  return new Llama2cCheckpoint(config, tensors, source);
}
