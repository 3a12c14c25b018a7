/**
 * `lowbit quantize IN OUT.gguf --format F [--rules P | --keep names --keep-as F] [--rotate K]`:
 * a Llama-family model rotated (optionally), re-quantized as `eval` does it in memory, and written
 * as a GGUF. ggml types are written as llama.cpp's loader reads them, under the source's metadata
 * (architecture, hyperparameters, tokenizer; for a llama2.c `.bin`, its tokenizer.bin converted as
 * llama.cpp's convert-llama2c-to-ggml does); lowbit's own formats, group scales and online
 * rotations go under documented `lowbit.*` keys, which `loadLlama` applies. One line per tensor
 * says what happened to it; the write is atomic.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { writeFileAtomic } from '@lowbit/core/node';
import { serializeGguf } from '@lowbit/gguf';
import {
  applyTransform,
  Llama2cTokenizerModel,
  LowbitKey,
  llama2cVocabMetadata,
  llamaGgufInput,
  requantizeWeights,
  type TransformKind,
} from '@lowbit/llm';
import type { ModelFile } from '@lowbit/models';
import type { Command } from 'commander';
import { integerOption } from '../flags.ts';
import type { Io } from '../io.ts';
import { ggufMetadata } from './gguf-metadata-of.ts';
import { checkSpec, parseRules } from './llm-flags.ts';
import { loadModel, openModelPath, tokenizerFor } from './llm-model.ts';

interface QuantizeFlags {
  format?: string;
  rules?: string;
  keep?: string;
  keepAs: string;
  rotate?: string;
  seed: number;
  tokenizer?: string;
}

const ROTATIONS: Readonly<Record<string, TransformKind>> = {
  none: 'none',
  residual: 'rotate-residual',
  'rotate-residual': 'rotate-residual',
  hadamard: 'hadamard',
};

function parseRotate(text: string | undefined): TransformKind {
  const kind = ROTATIONS[text ?? 'none'];
  if (kind) return kind;
  throw new LowbitError(
    ErrorCode.Usage,
    `--rotate takes residual (QuaRot: the residual stream rotated, norms folded) or hadamard ` +
      `(each linear's input rotated online), got "${text}".`,
  );
}

/** The source's GGUF metadata, with a llama2.c tokenizer.bin converted into it. */
async function metadataOf(file: ModelFile, path: string, flags: QuantizeFlags, io: Io) {
  if (file.container !== 'gguf' && file.container !== 'llama2c')
    throw new LowbitError(
      ErrorCode.Unsupported,
      `quantize reads a GGUF or a llama2.c .bin; ${file.name} is a ${file.container}. Convert a ` +
        "Hugging Face model with llama.cpp's convert_hf_to_gguf.py first.",
    );
  const metadata = ggufMetadata(file);
  if (file.container === 'llama2c') {
    const tokenizer = await tokenizerFor(file, path, flags.tokenizer);
    if (tokenizer instanceof Llama2cTokenizerModel)
      for (const [key, value] of llama2cVocabMetadata(tokenizer)) metadata.set(key, value);
    else
      io.stderr(`note: ${flags.tokenizer} is not a tokenizer.bin; no tokenizer metadata written\n`);
  }
  return metadata;
}

export async function quantizeModel(
  input: string,
  output: string,
  flags: QuantizeFlags,
  io: Io,
): Promise<void> {
  if (!output.endsWith('.gguf'))
    throw new LowbitError(ErrorCode.Usage, `quantize writes a GGUF: name the output *.gguf.`);
  if (flags.format === undefined)
    throw new LowbitError(
      ErrorCode.Usage,
      'quantize needs --format F: a ggml type (q8_0, q4_K, mxfp4 …) or a lowbit spec (int4/g32, nvfp4_scaled, fp8_e4m3fn/ch).',
    );
  const format = checkSpec(flags.format);
  const rules = parseRules({
    keep: flags.keep,
    keepAs: flags.keepAs,
    preset: flags.rules === undefined ? undefined : { name: flags.rules, flag: '--rules' },
  });
  const kind = parseRotate(flags.rotate);
  const file = await openModelPath(input);
  let bytes: Uint8Array;
  try {
    const metadata = await metadataOf(file, input, flags, io);
    const model = await loadModel(file, { backend: 'cpu', threads: 1 });
    try {
      const rotation = await applyTransform(model, kind, { seed: flags.seed });
      const report = await requantizeWeights(model, format, { rules });
      const lines = report.tensors.map((t) =>
        t.kept ? `${t.name}: kept ${t.from} (${t.kept})` : `${t.name}: ${t.from} → ${t.to}`,
      );
      for (const s of rotation.skipped) lines.push(`${s.name}: not rotated (${s.reason})`);
      io.stderr(`${lines.join('\n')}\n`);
      const gguf = await llamaGgufInput(model, metadata, {
        format,
        ...(kind !== 'none' && { rotation: { kind, seed: flags.seed } }),
      });
      bytes = serializeGguf(gguf);
      const encoded = report.tensors.filter((t) => !t.kept).length;
      // Rotation keys alone are informational: llama.cpp runs a model whose rotation is all in
      // its weights. Lowbit formats, scales and online rotations it would ignore or refuse.
      const lowbitOnly =
        gguf.metadata.has(LowbitKey.tensorNames) ||
        gguf.metadata.has(LowbitKey.onlineTensors) ||
        gguf.tensors.some((t) => t.name.endsWith('.scales'));
      io.stderr(
        `re-encoded ${encoded} of ${report.tensors.length} weight matrices to ${format}` +
          `${kind === 'none' ? '' : ` after ${kind}`}; ${report.bitsPerWeight.toFixed(3)} bits/weight\n` +
          (lowbitOnly
            ? 'lowbit.* keys record what ggml cannot store: only lowbit runs this file as quantized\n'
            : ''),
      );
    } finally {
      model.close();
    }
  } finally {
    await file.close();
  }
  await writeFileAtomic(output, bytes);
  io.stderr(`→ ${output} (gguf, ${bytes.length} bytes)\n`);
}

export function registerQuantizeCommand(program: Command, io: Io): void {
  program
    .command('quantize')
    .argument('<in>', 'a .gguf or llama2.c .bin (Llama family)')
    .argument('<out>', 'the GGUF to write (*.gguf)')
    .description(
      'rotate (optionally) and re-quantize a model, and write it as a GGUF: ggml types load in llama.cpp; lowbit formats and rotations are recorded as lowbit.* keys',
    )
    .option(
      '--format <spec>',
      'a ggml type (q8_0, q4_K, mxfp4, nvfp4 …) or a lowbit spec (int4/g32, nvfp4_scaled, fp8_e4m3fn/ch)',
    )
    .option('--rules <preset>', 'a named rule set: keep-ends-q8_0 (output and token_embd at q8_0)')
    .option(
      '--keep <names>',
      'tensors kept at --keep-as, e.g. output,token_embd (names or prefixes)',
    )
    .option('--keep-as <format>', 'the format --keep tensors take', 'q8_0')
    .option('--rotate <kind>', 'residual (QuaRot) or hadamard (online, per linear)')
    .option(
      '--seed <n>',
      'seed of the random Hadamard signs',
      integerOption('--seed', { min: 0 }),
      0,
    )
    .option('--tokenizer <file>', 'for a llama2.c .bin: its tokenizer.bin (default: beside it)')
    .action(async (input: string, output: string, flags: QuantizeFlags) => {
      await quantizeModel(input, output, flags, io);
    });
}
