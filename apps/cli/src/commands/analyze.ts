/**
 * `lowbit analyze --in t.f32 --shape R,C [--formats …] [--transforms …] [--json]`: quantization
 * error of every format × transform on one tensor, best first. A model file and tensor name
 * (`--in model.gguf --tensor NAME`) will be accepted once the loaders land.
 */
import { ErrorCode, LowbitError, sizeOf } from '@lowbit/core';
import { analyze, parseFormatSpec, parseTransformSpec, type QuantReport } from '@lowbit/quant';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { floatsFrom, readInput } from '../files.ts';
import type { Io } from '../io.ts';

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
  const shape = text.split(',').map((d) => Number(d.trim()));
  if (shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new LowbitError(
      ErrorCode.Usage,
      `--shape must be positive integers separated by commas, e.g. 4096,11008 (got "${text}").`,
    );
  }
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
  const table = new Table({
    head: ['format', 'transform', 'bits/value', 'rel MSE', 'SQNR dB', 'cosine', 'max |err|', 'KL'],
    style: { head: [], border: [], compact: true },
  });
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
    .description('quantization error of each format × transform on a tensor, best first')
    .requiredOption('--in <file>', 'raw little-endian float32 tensor')
    .option('--shape <dims>', 'tensor shape, e.g. 4096,4096 (transforms act on the last axis)')
    .option('--tensor <name>', 'a tensor inside a model file (needs the model loaders)')
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
    .option('--json', 'print JSON instead of a table')
    .action(
      async (flags: {
        in: string;
        shape?: string;
        tensor?: string;
        formats: string;
        transforms: string;
        json?: boolean;
      }) => {
        if (flags.tensor !== undefined) {
          throw new LowbitError(
            ErrorCode.Unsupported,
            'Reading a tensor by name from a model file needs the GGUF/safetensors loaders, which are not in this build yet; export the tensor as raw float32 and pass --shape.',
          );
        }
        const values = floatsFrom(await readInput(flags.in), flags.in);
        const shape = flags.shape ? parseShape(flags.shape, values.length) : [values.length];
        const formats = list(flags.formats).map(parseFormatSpec);
        const transforms = list(flags.transforms).map(parseTransformSpec);
        const reports = analyze(values, shape, formats, transforms);
        io.stdout(
          flags.json
            ? `${JSON.stringify({ shape, reports }, null, 2)}\n`
            : `${renderReports(reports)}\n`,
        );
      },
    );
}
