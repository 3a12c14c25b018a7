/**
 * `lowbit convert IN OUT [--format F] [--allow-partial]`: GGUF ↔ safetensors, and llama2.c →
 * either (the output container comes from OUT's extension). With --format, every 2-D weight whose
 * rows fit F's blocks is re-encoded to F; other tensors keep their format when the target
 * container can store it, and become f32 otherwise (see convert-plan.ts). Every tensor's fate is
 * printed; when none ends up in F the command fails unless --allow-partial. GGUF metadata travels
 * through safetensors (safetensors-gguf-metadata.ts). Writes are atomic; a progress bar runs on a
 * terminal.
 */
import { basename } from 'node:path';
import { ErrorCode, type Format, getFormat, LowbitError } from '@lowbit/core';
import { writeFileAtomic } from '@lowbit/core/node';
import { ggmlTypeOf } from '@lowbit/formats';
import { serializeGguf } from '@lowbit/gguf';
import type { ModelFile } from '@lowbit/models';
import { openModel } from '@lowbit/models/node';
import { dtypeForFormat, serializeSafetensors } from '@lowbit/safetensors';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { safetensorsMetadataFromGguf } from '../safetensors-gguf-metadata.ts';
import {
  describePlan,
  nothingConverted,
  planTensor,
  storable,
  summarize,
  type Target,
  type TensorPlan,
} from './convert-plan.ts';
import { ggufMetadata } from './gguf-metadata-of.ts';

function targetOf(path: string): Target {
  if (path.endsWith('.gguf')) return 'gguf';
  if (path.endsWith('.safetensors')) return 'safetensors';
  throw new LowbitError(
    ErrorCode.Usage,
    `Cannot tell the output container from "${path}": name it *.gguf or *.safetensors.`,
  );
}

// llama2.c's shared classifier is the token embedding; GGUF readers fall back to it.
function sharedClassifier(model: ModelFile, name: string): boolean {
  return model.container === 'llama2c' && name === 'output.weight' && model.config.sharedClassifier;
}

function safetensorsMetadata(model: ModelFile): Record<string, string> {
  return model.container === 'safetensors' || model.container === 'hf-folder'
    ? model.metadata
    : safetensorsMetadataFromGguf(ggufMetadata(model));
}

export interface ConvertOptions {
  format?: string;
  /** Write the file even when no tensor ends up in `format`. */
  allowPartial?: boolean;
  progress?: boolean;
}

export async function convertModel(
  input: string,
  output: string,
  options: ConvertOptions,
  io: Io,
): Promise<void> {
  const target = targetOf(output);
  const format = options.format === undefined ? undefined : getFormat(options.format);
  if (format && !storable(format, target)) {
    throw new LowbitError(
      ErrorCode.Unsupported,
      `${target} cannot store ${format.name}; pick a format it has a type for (e.g. ${target === 'gguf' ? 'q4_K, q8_0, mxfp4' : 'bf16, fp8_e4m3fn'}).`,
    );
  }
  const model = await openModel(input);
  const tensors: { name: string; shape: number[]; format: Format; data: Uint8Array }[] = [];
  const f32 = getFormat('f32');
  let plans: TensorPlan[];
  try {
    plans = model.tensors.map((t) =>
      sharedClassifier(model, t.name)
        ? { tensor: t, action: 'drop', reason: 'llama2.c shares it with token_embd.weight' }
        : planTensor(t, format, target, f32),
    );
    io.stderr(plans.map((p) => `${describePlan(p)}\n`).join(''));
    if (format && nothingConverted(plans, format) && !options.allowPartial) {
      io.stderr(`${summarize(plans, format)}\n`);
      throw new LowbitError(
        ErrorCode.Unsupported,
        `Nothing was re-encoded to ${format.name}: no tensor of "${basename(input)}" fits it (reasons above), so "${output}" was not written. Pick a format that fits these rows, or pass --allow-partial to write the file anyway.`,
        { details: { format: format.name, tensors: plans.length } },
      );
    }
    await encodeTensors(model, plans, tensors, options.progress === true);
  } finally {
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
          safetensorsMetadata(model),
        );
  await writeFileAtomic(output, bytes);
  const before = plans.reduce((sum, p) => sum + (p.action === 'drop' ? 0 : p.tensor.bytes), 0);
  const after = tensors.reduce((sum, t) => sum + t.data.length, 0);
  io.stderr(
    `${summarize(plans, format)}; tensor data ${before} → ${after} bytes\n${tensors.length} tensors → ${output} (${target}, ${bytes.length} bytes)\n`,
  );
}

async function encodeTensors(
  model: ModelFile,
  plans: readonly TensorPlan[],
  into: { name: string; shape: number[]; format: Format; data: Uint8Array }[],
  progress: boolean,
): Promise<void> {
  const bar = progress
    ? new SingleBar({
        format: 'convert [{bar}] {value}/{total} {tensor}',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  bar?.start(plans.length, 0, { tensor: '' });
  try {
    for (const { tensor, action, out } of plans) {
      bar?.update({ tensor: tensor.name });
      if (action !== 'drop') {
        const data =
          action === 'copy'
            ? await model.readBytes(tensor.name)
            : out!.encode(await model.read(tensor.name));
        into.push({ name: tensor.name, shape: tensor.shape, format: out!, data });
      }
      bar?.increment();
    }
  } finally {
    bar?.stop();
  }
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
    .option(
      '--allow-partial',
      'with --format: write the file even when no tensor can be re-encoded to it',
    )
    .description(
      'convert a model between containers, optionally re-encoding its weights; says per tensor what was re-encoded or kept, and why',
    )
    .action(
      async (input: string, output: string, flags: { format?: string; allowPartial?: boolean }) => {
        await convertModel(
          input,
          output,
          { ...flags, progress: process.stderr.isTTY === true },
          io,
        );
      },
    );
}
