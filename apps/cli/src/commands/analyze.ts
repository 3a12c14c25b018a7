/**
 * `lowbit analyze`: quantization error of every format × transform, best first —
 *   on a raw tensor:      lowbit analyze --in t.f32 --shape R,C
 *   on a whole model:     lowbit analyze model.gguf        (every 2-D weight; also .safetensors, llama2.c .bin)
 *   on one model tensor:  lowbit analyze model.gguf --tensor blk.0.attn_q.weight
 */
import { basename } from 'node:path';
import { ErrorCode, LowbitError } from '@lowbit/core';
import { openModel } from '@lowbit/models/node';
import {
  analyzeOn,
  type FormatSpec,
  parseFormatSpec,
  parseTransformSpec,
  type QuantReport,
} from '@lowbit/quant';
import type { Command } from 'commander';
import { floatsFrom, readInput } from '../files.ts';
import type { Io } from '../io.ts';
import { isPerChannel, parseShape, requireRowsFor } from '../spec-shape.ts';
import { compactTable } from '../table.ts';
import { analysisEngine, parseAnalyzeBackend } from './analyze-backend.ts';
import { renderLegend, renderSkipped } from './analyze-legend.ts';
import { analyzeModel, renderModelAnalysis, renderPerTensor } from './analyze-model.ts';
import { defaultThreads, parseThreads } from './analyze-threads.ts';

export const DEFAULT_FORMATS = [
  'nvfp4_scaled',
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

const LEGEND_COLUMNS = [
  'bits/value nominal',
  'bits/value effective',
  'rel MSE',
  'SQNR dB',
  'cosine',
  'max |err|',
  'KL',
];

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function renderReports(reports: readonly QuantReport[]): string {
  const table = compactTable(['format', 'transform', ...LEGEND_COLUMNS]);
  for (const r of reports) {
    table.push([
      r.format,
      r.transform,
      r.nominalBitsPerValue.toFixed(3),
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

/**
 * The format specs to run on data of `shape` (undefined: no --shape given). Per-channel specs
 * need rows: named explicitly they are refused; from the default list they are left out, and
 * the returned note says so.
 */
function formatsFor(
  text: string | undefined,
  shape: readonly number[] | undefined,
): { formats: FormatSpec[]; note: string } {
  if (text !== undefined) {
    const formats = list(text).map(parseFormatSpec);
    for (const spec of formats) requireRowsFor(spec, shape);
    return { formats, note: '' };
  }
  const all = DEFAULT_FORMATS.map(parseFormatSpec);
  if (shape !== undefined && shape.length >= 2) return { formats: all, note: '' };
  const left = all.filter(isPerChannel);
  return {
    formats: all.filter((spec) => !isPerChannel(spec)),
    note: `per-channel formats left out (they need rows): ${left.map((f) => f.label).join(', ')}`,
  };
}

export function registerAnalyzeCommand(program: Command, io: Io): void {
  program
    .command('analyze')
    .argument('[model]', 'a .gguf, .safetensors or llama2.c .bin model: analyse every 2-D weight')
    .description(
      'quantization error of each format × transform on a tensor or a whole model, best first; on a model, rows are ranked on the weights every row covers, with a coverage table for the rest and the reason for each skip',
    )
    .option('--in <file>', 'raw little-endian float32 tensor (with --shape)')
    .option(
      '--shape <dims>',
      'tensor shape for --in, e.g. 4096,4096 (transforms and groups act on the last axis; without it the data is treated as 1 × N)',
    )
    .option('--tensor <name>', 'analyse only this tensor of the model')
    .option(
      '--formats <list>',
      `comma-separated format specs, e.g. nvfp4,int4/g128,fp8_e4m3fn/ch; per-channel (/ch) specs need rows: a --shape of rank 2, or a model (default: ${DEFAULT_FORMATS.join(',')})`,
    )
    .option(
      '--transforms <list>',
      'none, hadamard, rht[:seed], block-hadamard:B, smooth:α',
      DEFAULT_TRANSFORMS.join(','),
    )
    .option(
      '--backend <name>',
      "cpu or wasm: where the encode/decode round trips run (default: cpu — the formats' own codecs; the wasm path copies each round trip into wasm memory and measured no faster; the reports are identical)",
    )
    .option(
      '--threads <n>',
      `with a model: analyse this many tensors at once on worker threads (default: ${defaultThreads()} here)`,
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
          formats?: string;
          transforms: string;
          perTensor?: boolean;
          json?: boolean;
          backend?: string;
          threads?: string;
        },
      ) => {
        const transforms = list(flags.transforms).map(parseTransformSpec);
        const backend = parseAnalyzeBackend(flags.backend);
        const threads = parseThreads(flags.threads);
        if (modelPath !== undefined && flags.in !== undefined) {
          throw new LowbitError(
            ErrorCode.Usage,
            'Give either a model file or --in with a raw tensor, not both.',
          );
        }
        if (modelPath !== undefined && flags.tensor === undefined) {
          const analysis = await analyzeModel(
            modelPath,
            formatsFor(flags.formats, [1, 1]).formats,
            transforms,
            { backend, threads, progress: process.stderr.isTTY === true && !flags.json },
          );
          if (flags.json) {
            io.stdout(`${JSON.stringify({ model: modelPath, ...analysis }, null, 2)}\n`);
            return;
          }
          io.stdout(
            `${renderModelAnalysis(modelPath, analysis)}${flags.perTensor ? `${renderPerTensor(analysis.perTensor)}\n` : ''}`,
          );
          return;
        }
        let values: Float32Array;
        let shape: number[];
        let title: string;
        let givenShape: number[] | undefined;
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
            givenShape = info.shape;
            title = `${info.name} [${shape.join('×')}]`;
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
          givenShape = flags.shape ? parseShape(flags.shape, values.length) : undefined;
          shape = givenShape ?? [1, values.length];
          title = givenShape
            ? `${basename(flags.in)} [${shape.join('×')}]`
            : `${basename(flags.in)}, treated as 1 × ${values.length} (no --shape: one row)`;
        }
        const { formats, note } = formatsFor(flags.formats, givenShape);
        const engine = await analysisEngine(backend);
        const { reports, skipped } = await analyzeOn(
          engine.roundTrip,
          values,
          shape,
          formats,
          transforms,
        ).finally(() => engine.dispose());
        if (flags.json) {
          io.stdout(`${JSON.stringify({ shape, reports, skipped }, null, 2)}\n`);
          return;
        }
        io.stdout(
          `Quantization error of ${title}, best first${note ? `; ${note}` : ''}\n${reports.length ? `${renderReports(reports)}\n` : ''}${renderSkipped(skipped)}${renderLegend(LEGEND_COLUMNS)}`,
        );
      },
    );
}
