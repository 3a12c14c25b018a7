/**
 * `lowbit analyze`: quantization error of every format × transform, best first —
 *   on a raw tensor:      lowbit analyze --in t.f32 --shape R,C
 *   on a whole model:     lowbit analyze model.gguf        (every 2-D weight; also .safetensors, llama2.c .bin)
 *   on one model tensor:  lowbit analyze model.gguf --tensor blk.0.attn_q.weight
 */
import { ErrorCode, LowbitError, sizeOf } from '@lowbit/core';
import { analyze, parseFormatSpec, parseTransformSpec, type QuantReport } from '@lowbit/quant';
import type { Command } from 'commander';
import { floatsFrom, readInput } from '../files.ts';
import { parseIntegerFlag } from '../flags.ts';
import type { Io } from '../io.ts';
import { openModel } from '../model-file.ts';
import { compactTable } from '../table.ts';
import { analyzeModel, renderAggregate, renderPerTensor } from './analyze-model.ts';

export const DEFAULT_FORMATS = [
  'nvfp4',
  'mxfp4',
  'int4/g128',
  'int4/g32',
  'nf4/g64',
  'q4_0',
  'q4_K',
  'iq4_nl',
  'int8/ch',
  'fp8_e4m3fn/ch',
  'mxfp8_e4m3',
];
export const DEFAULT_TRANSFORMS = ['none', 'hadamard', 'rht'];

function parseShape(text: string, count: number): number[] {
  const shape = text.split(',').map((d) => parseIntegerFlag('--shape', d, { min: 1 }));
  if (sizeOf(shape) !== count) {
    throw new LowbitError(
      ErrorCode.Shape,
      `--shape ${shape.join('×')} holds ${sizeOf(shape)} values but the input has ${count}.`,
    );
  }
  return shape;
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function renderReports(reports: readonly QuantReport[]): string {
  const table = compactTable([
    'format',
    'transform',
    'bits/value',
    'rel MSE',
    'SQNR dB',
    'cosine',
    'max |err|',
    'KL',
  ]);
  for (const r of reports) {
    table.push([
      r.format,
      r.transform,
      r.bitsPerValue.toFixed(3),
      r.relativeMse.toExponential(3),
      r.sqnrDb.toFixed(2),
      r.cosine.toFixed(6),
      r.maxAbsError.toExponential(3),
      r.klDivergence.toExponential(2),
    ]);
  }
  return table.toString();
}

export function registerAnalyzeCommand(program: Command, io: Io): void {
  program
    .command('analyze')
    .argument('[model]', 'a .gguf, .safetensors or llama2.c .bin model: analyse every 2-D weight')
    .description(
      'quantization error of each format × transform on a tensor or a whole model, best first',
    )
    .option('--in <file>', 'raw little-endian float32 tensor (with --shape)')
    .option(
      '--shape <dims>',
      'tensor shape for --in, e.g. 4096,4096 (transforms act on the last axis)',
    )
    .option('--tensor <name>', 'analyse only this tensor of the model')
    .option(
      '--formats <list>',
      'comma-separated format specs, e.g. nvfp4,int4/g128,fp8_e4m3fn/ch',
      DEFAULT_FORMATS.join(','),
    )
    .option(
      '--transforms <list>',
      'none, hadamard, rht[:seed], block-hadamard:B, smooth:α',
      DEFAULT_TRANSFORMS.join(','),
    )
    .option('--per-tensor', 'with a model: also list every tensor × format × transform')
    .option('--json', 'print JSON instead of tables')
    .action(
      async (
        modelPath: string | undefined,
        flags: {
          in?: string;
          shape?: string;
          tensor?: string;
          formats: string;
          transforms: string;
          perTensor?: boolean;
          json?: boolean;
        },
      ) => {
        const formats = list(flags.formats).map(parseFormatSpec);
        const transforms = list(flags.transforms).map(parseTransformSpec);
        if (modelPath !== undefined && flags.in !== undefined) {
          throw new LowbitError(
            ErrorCode.Usage,
            'Give either a model file or --in with a raw tensor, not both.',
          );
        }
        if (modelPath !== undefined && flags.tensor === undefined) {
          const { perTensor, aggregate } = await analyzeModel(
            modelPath,
            formats,
            transforms,
            process.stderr.isTTY === true && !flags.json,
          );
          if (flags.json) {
            io.stdout(`${JSON.stringify({ model: modelPath, aggregate, perTensor }, null, 2)}\n`);
            return;
          }
          io.stdout(
            `${renderAggregate(aggregate)}\n${flags.perTensor ? `${renderPerTensor(perTensor)}\n` : ''}`,
          );
          return;
        }
        let values: Float32Array;
        let shape: number[];
        if (modelPath !== undefined) {
          const model = await openModel(modelPath);
          try {
            const info = model.tensors.find((t) => t.name === flags.tensor);
            if (!info) {
              throw new LowbitError(
                ErrorCode.Argument,
                `No tensor "${flags.tensor}" in ${modelPath}; run \`lowbit inspect ${modelPath} --tensors\` to list them.`,
              );
            }
            values = await model.read(info.name);
            shape = info.shape;
          } finally {
            await model.close();
          }
        } else {
          if (flags.in === undefined)
            throw new LowbitError(
              ErrorCode.Usage,
              'Give a model file, or --in with a raw float32 tensor.',
            );
          if (flags.tensor !== undefined)
            throw new LowbitError(
              ErrorCode.Usage,
              '--tensor picks a tensor of a model file; pass the model as the argument.',
            );
          values = floatsFrom(await readInput(flags.in), flags.in);
          shape = flags.shape ? parseShape(flags.shape, values.length) : [values.length];
        }
        const reports = analyze(values, shape, formats, transforms);
        io.stdout(
          flags.json
            ? `${JSON.stringify({ shape, reports }, null, 2)}\n`
            : `${renderReports(reports)}\n`,
        );
      },
    );
}
