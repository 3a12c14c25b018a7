/**
 * `lowbit eval MODEL --text FILE`: what each format (and rotation) does to a model — perplexity,
 * Δ against f32, KL-divergence and top-1 agreement against the f32 model's log-probs, bits/weight,
 * size and speed, one row per format × transform; `--chart` draws perplexity against bits/weight.
 */
import { basename } from 'node:path';
import { ErrorCode, LowbitError } from '@lowbit/core';
import {
  PROTOCOLS,
  type Protocol,
  RULE_PRESETS,
  TRANSFORMS,
  type TransformKind,
} from '@lowbit/llm';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { readInput } from '../files.ts';
import { integerOption, parseIntegerFlag } from '../flags.ts';
import type { Io } from '../io.ts';
import { writeChart } from './eval-chart.ts';
import { renderEval } from './eval-render.ts';
import { type EvalJob, runEval } from './eval-run.ts';
import { defaultEvalThreads } from './eval-threads.ts';
import { LLM_BACKENDS, parseLlmBackend } from './llm-engine.ts';
import { list, parseFormats, parseRules } from './llm-flags.ts';

export const DEFAULT_EVAL_FORMATS = ['f32', 'q8_0', 'q4_0', 'mxfp4', 'nvfp4', 'int4/g32'];

interface EvalFlags {
  text?: string;
  formats: string;
  transforms: string;
  protocol: string;
  ctx?: number;
  mix?: string;
  keep?: string;
  keepAs: string;
  seed: number;
  backend?: string;
  threads?: string;
  tokenizer?: string;
  json?: boolean;
  chart?: string;
}

function parseTransforms(text: string): TransformKind[] {
  const kinds = list(text);
  const known = TRANSFORMS as readonly string[];
  const bad = kinds.filter((k) => !known.includes(k));
  if (bad.length || kinds.length === 0)
    throw new LowbitError(
      ErrorCode.Usage,
      `--transforms takes ${TRANSFORMS.join(', ')}${bad.length ? `, got "${bad.join(', ')}"` : ''}.`,
    );
  return kinds as TransformKind[];
}

function parseProtocol(text: string): Protocol {
  if ((PROTOCOLS as readonly string[]).includes(text)) return text as Protocol;
  throw new LowbitError(
    ErrorCode.Usage,
    `--protocol takes ${PROTOCOLS.join(' or ')}, got "${text}".`,
  );
}

export function registerEvalCommand(program: Command, io: Io): void {
  program
    .command('eval')
    .argument('<model>', 'a .gguf, llama2.c .bin, or Hugging Face folder (Llama family)')
    .description(
      'what each format and rotation does to a model: perplexity, Δ and KL-divergence against f32, top-1 agreement, bits/weight, size, tok/s',
    )
    .option('--text <file>', 'the text to score (UTF-8)')
    .option(
      '--formats <list>',
      'formats (q8_0, q4_K, mxfp4, nvfp4 …) or scaled specs (int4/g32, fp8_e4m3fn/ch); f32 is the reference',
      DEFAULT_EVAL_FORMATS.join(','),
    )
    .option('--transforms <list>', `rotations before quantizing: ${TRANSFORMS.join(', ')}`, 'none')
    .option(
      '--protocol <name>',
      "lines: each line a sequence from BOS (run.c's golden protocol); chunks: llama-perplexity's (ctx-token chunks, second half scored)",
      'lines',
    )
    .option(
      '--ctx <n>',
      'window length (default: the model context for lines, min(512, context) for chunks)',
      integerOption('--ctx', { min: 2 }),
    )
    .option(
      '--keep <names>',
      'tensors kept at --keep-as, e.g. output,token_embd (GGUF names or prefixes)',
    )
    .option('--keep-as <format>', 'the format --keep tensors take', 'q8_0')
    .option(
      '--mix <preset>',
      `a named rule set (${Object.keys(RULE_PRESETS).join(', ')}: llama.cpp's Q4_K_M keeps the ends at higher precision)`,
    )
    .option(
      '--seed <n>',
      'seed of the random Hadamard signs',
      integerOption('--seed', { min: 0 }),
      0,
    )
    .option(
      '--backend <name>',
      `${LLM_BACKENDS.join(', ')} (default auto: webgpu on a GPU, else wasm)`,
    )
    .option(
      '--threads <n>',
      'rows scored at once, each on a worker thread with its own copy of the model (default: available parallelism, at most 8, and as many copies as half the free memory holds; webgpu: 1)',
    )
    .option(
      '--tokenizer <file>',
      'tokenizer.json or llama2.c tokenizer.bin (default: the model’s own)',
    )
    .option('--json', 'print JSON instead of the table')
    .option('--chart <file.svg>', 'also draw perplexity against bits/weight as SVG')
    .action(async (modelPath: string, flags: EvalFlags) => {
      if (flags.text === undefined)
        throw new LowbitError(ErrorCode.Usage, 'eval needs --text FILE: the text to score.');
      const formats = parseFormats(flags.formats);
      const transforms = parseTransforms(flags.transforms);
      const protocol = parseProtocol(flags.protocol);
      const rules = parseRules({
        keep: flags.keep,
        keepAs: flags.keepAs,
        preset: flags.mix === undefined ? undefined : { name: flags.mix, flag: '--mix' },
      });
      const backend = parseLlmBackend(flags.backend);
      const threads =
        flags.threads === undefined
          ? await defaultEvalThreads(modelPath)
          : parseIntegerFlag('--threads', flags.threads, { min: 1, max: 64 });
      const job: EvalJob = {
        modelPath,
        tokenizerPath: flags.tokenizer,
        text: new TextDecoder().decode(await readInput(flags.text)),
        backend,
        kernelThreads: 1,
        protocol,
        ctx: flags.ctx,
        rules: rules.map((r) => ({ pattern: r.match.source, format: r.format })),
        seed: flags.seed,
      };
      const bar =
        process.stderr.isTTY === true && !flags.json
          ? new SingleBar({
              format: 'eval [{bar}] {percentage}% {label}',
              stream: process.stderr,
              hideCursor: true,
            })
          : undefined;
      bar?.start(1, 0, { label: '' });
      const outcome = await runEval(job, {
        formats,
        transforms,
        threads,
        onProgress: (done, runs, label) => bar?.update(done / runs, { label }),
      }).finally(() => bar?.stop());
      if (outcome.backend === 'webgpu' && flags.threads !== undefined && threads > 1)
        io.stderr(
          'eval: on webgpu the rows run one after another on the one device; --threads is ignored.\n',
        );
      const title = basename(modelPath);
      if (flags.chart !== undefined) await writeChart(flags.chart, title, outcome);
      if (flags.json) {
        io.stdout(
          `${JSON.stringify({ model: modelPath, text: flags.text, threads, ...outcome }, null, 2)}\n`,
        );
        return;
      }
      io.stdout(renderEval(title, outcome));
    });
}
