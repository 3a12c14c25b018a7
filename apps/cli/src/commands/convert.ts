/**
 * `lowbit convert IN OUT [--format F]`: GGUF ↔ safetensors, and llama2.c → either (the output
 * container comes from OUT's extension). With --format, every 2-D weight whose rows fit F's
 * blocks is re-encoded to F; other tensors keep their format when the target container can store
 * it, and become f32 otherwise. Writes are atomic; a progress bar runs on a terminal.
 */
import { ErrorCode, type Format, getFormat, LowbitError } from '@lowbit/core';
import { writeFileAtomic } from '@lowbit/core/node';
import { ggmlTypeOf } from '@lowbit/formats';
import { GgufType, type GgufValue, serializeGguf } from '@lowbit/gguf';
import { dtypeForFormat, serializeSafetensors } from '@lowbit/safetensors';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { type ModelFile, openModel } from '../model-file.ts';

type Target = 'gguf' | 'safetensors';

function targetOf(path: string): Target {
  if (path.endsWith('.gguf')) return 'gguf';
  if (path.endsWith('.safetensors')) return 'safetensors';
  throw new LowbitError(
    ErrorCode.Usage,
    `Cannot tell the output container from "${path}": name it *.gguf or *.safetensors.`,
  );
}

function storable(format: Format | undefined, target: Target): boolean {
  if (!format) return false;
  return target === 'gguf'
    ? ggmlTypeOf(format) !== undefined
    : dtypeForFormat(format) !== undefined;
}

function fits(format: Format, shape: readonly number[]): boolean {
  return shape.length === 2 && (!format.block || shape[1]! % format.block.size === 0);
}

function ggufMetadata(model: ModelFile): Map<string, GgufValue> {
  if (model.gguf) return new Map(model.gguf.metadata);
  const metadata = new Map<string, GgufValue>();
  if (model.container === 'llama2c') {
    const s = model.summary as Record<string, number>;
    const u32 = (value: number): GgufValue => ({ type: GgufType.UINT32, value });
    metadata.set('general.architecture', { type: GgufType.STRING, value: 'llama' });
    metadata.set('general.name', { type: GgufType.STRING, value: 'llama2.c checkpoint' });
    metadata.set('llama.context_length', u32(s.seqLen!));
    metadata.set('llama.embedding_length', u32(s.dim!));
    metadata.set('llama.feed_forward_length', u32(s.hiddenDim!));
    metadata.set('llama.block_count', u32(s.layers!));
    metadata.set('llama.attention.head_count', u32(s.heads!));
    metadata.set('llama.attention.head_count_kv', u32(s.kvHeads!));
    metadata.set('llama.rope.dimension_count', u32(s.dim! / s.heads!));
    metadata.set('llama.attention.layer_norm_rms_epsilon', { type: GgufType.FLOAT32, value: 1e-5 });
  }
  for (const [key, value] of Object.entries(model.metadata ?? {}))
    metadata.set(key, { type: GgufType.STRING, value });
  return metadata;
}

export async function convertModel(
  input: string,
  output: string,
  formatName: string | undefined,
  io: Io,
  progress: boolean,
): Promise<void> {
  const target = targetOf(output);
  const format = formatName === undefined ? undefined : getFormat(formatName);
  if (format && !storable(format, target)) {
    throw new LowbitError(
      ErrorCode.Unsupported,
      `${target} cannot store ${format.name}; pick a format it has a type for (e.g. ${target === 'gguf' ? 'q4_K, q8_0, mxfp4' : 'bf16, fp8_e4m3fn'}).`,
    );
  }
  const model = await openModel(input);
  const f32 = getFormat('f32');
  const bar = progress
    ? new SingleBar({
        format: 'convert [{bar}] {value}/{total} {tensor}',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  const tensors: { name: string; shape: number[]; format: Format; data: Uint8Array }[] = [];
  const skipShared = model.container === 'llama2c' ? new Set(['output.weight']) : new Set<string>();
  bar?.start(model.tensors.length, 0, { tensor: '' });
  try {
    for (const t of model.tensors) {
      bar?.update({ tensor: t.name });
      if (
        skipShared.has(t.name) &&
        (model.summary as { sharedClassifier?: boolean }).sharedClassifier
      ) {
        bar?.increment();
        continue; // llama2.c's shared classifier is the token embedding; GGUF readers fall back to it
      }
      let out: Format;
      let data: Uint8Array;
      if (format && fits(format, t.shape)) {
        out = format;
        data = format.encode(await model.read(t.name));
      } else if (t.format && storable(t.format, target)) {
        out = t.format;
        data = await model.readBytes(t.name);
      } else {
        out = f32;
        data = f32.encode(await model.read(t.name));
      }
      tensors.push({ name: t.name, shape: t.shape, format: out, data });
      bar?.increment();
    }
  } finally {
    bar?.stop();
    await model.close();
  }
  const bytes =
    target === 'gguf'
      ? serializeGguf({
          metadata: ggufMetadata(model),
          tensors: tensors.map((t) => ({
            name: t.name,
            dims: [...t.shape].reverse(),
            ggmlType: ggmlTypeOf(t.format)!,
            data: t.data,
          })),
        })
      : serializeSafetensors(
          tensors.map((t) => ({
            name: t.name,
            dtype: dtypeForFormat(t.format)!,
            shape: t.shape,
            data: t.data,
          })),
          model.metadata,
        );
  await writeFileAtomic(output, bytes);
  io.stderr(`${tensors.length} tensors → ${output} (${target}, ${bytes.length} bytes)\n`);
}

export function registerConvertCommand(program: Command, io: Io): void {
  program
    .command('convert')
    .argument('<in>', 'a .gguf, .safetensors or llama2.c .bin model')
    .argument('<out>', 'output path: *.gguf or *.safetensors')
    .option(
      '--format <name>',
      're-encode every 2-D weight that fits this format (e.g. q4_K, q8_0, mxfp4, bf16)',
    )
    .description('convert a model between containers, optionally re-encoding its weights')
    .action(async (input: string, output: string, flags: { format?: string }) => {
      await convertModel(input, output, flags.format, io, process.stderr.isTTY === true);
    });
}
