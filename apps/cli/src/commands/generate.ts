/**
 * `lowbit generate MODEL --prompt …`: run.c-style generation — the prompt, then each sampled
 * token's text streamed to stdout as it comes; prefill and decode speed on stderr.
 */
import { randomInt } from 'node:crypto';
import { generate, type SamplerOptions } from '@lowbit/llm';
import type { Command } from 'commander';
import { integerOption, numberOption } from '../flags.ts';
import type { Io } from '../io.ts';
import { LLM_BACKENDS, parseLlmBackend, parseLlmThreads } from './llm-engine.ts';
import { loadModel, openModelPath, tokenizerFor } from './llm-model.ts';

/** run.c's defaults: 256 positions, temperature 1, top-p 0.9. */
const DEFAULT_STEPS = 256;

interface GenerateFlags {
  prompt: string;
  steps: number;
  temperature: number;
  topK?: number;
  topP: number;
  minP?: number;
  repeatPenalty?: number;
  seed?: number;
  backend?: string;
  threads?: string;
  tokenizer?: string;
}

const rate = (tokens: number, ms: number) =>
  tokens > 0 && ms > 0 ? `${((tokens * 1000) / ms).toFixed(1)} tok/s` : '—';

export function registerGenerateCommand(program: Command, io: Io): void {
  program
    .command('generate')
    .argument('<model>', 'a .gguf, llama2.c .bin, or Hugging Face folder (Llama family)')
    .description(
      'generate text from a prompt, streamed to stdout (the prompt first, as run.c prints it); prefill and decode tok/s on stderr',
    )
    .option('--prompt <text>', 'the prompt (encoded with BOS)', '')
    .option(
      '--steps <n>',
      `positions to run, BOS and prompt included (run.c's -n; at most the context length, default ${DEFAULT_STEPS})`,
      integerOption('--steps', { min: 1 }),
      DEFAULT_STEPS,
    )
    .option(
      '--temperature <t>',
      'softmax temperature; 0 = greedy',
      numberOption('--temperature', { min: 0 }),
      1,
    )
    .option(
      '--top-k <k>',
      'keep the k most likely tokens (0: all)',
      integerOption('--top-k', { min: 0 }),
    )
    .option(
      '--top-p <p>',
      'nucleus sampling: smallest set reaching probability p (1: off)',
      numberOption('--top-p', { min: 0, max: 1, exclusiveMin: true }),
      0.9,
    )
    .option(
      '--min-p <p>',
      'drop tokens below p × the top probability (0: off)',
      numberOption('--min-p', { min: 0, max: 1 }),
    )
    .option(
      '--repeat-penalty <r>',
      'penalise tokens among the last 64 (1: off)',
      numberOption('--repeat-penalty', { min: 0, exclusiveMin: true }),
    )
    .option(
      '--seed <n>',
      'sampling seed (default: a random one, printed on stderr)',
      integerOption('--seed', { min: 0 }),
    )
    .option(
      '--backend <name>',
      `${LLM_BACKENDS.join(', ')} (default auto: webgpu on a GPU, else wasm)`,
    )
    .option('--threads <n>', 'wasm worker threads for large kernels (default 1)')
    .option(
      '--tokenizer <file>',
      'tokenizer.json, or a llama2.c tokenizer.bin (default: the model’s own; for a .bin, tok{vocab}.bin or tokenizer.bin beside it)',
    )
    .action(async (modelPath: string, flags: GenerateFlags) => {
      const run = {
        backend: parseLlmBackend(flags.backend),
        threads: parseLlmThreads(flags.threads),
      };
      const seed = flags.seed ?? randomInt(2 ** 31);
      const sampler: SamplerOptions = {
        temperature: flags.temperature,
        topP: flags.topP,
        seed,
        ...(flags.topK !== undefined && { topK: flags.topK }),
        ...(flags.minP !== undefined && { minP: flags.minP }),
        ...(flags.repeatPenalty !== undefined && { repetitionPenalty: flags.repeatPenalty }),
      };
      const file = await openModelPath(modelPath);
      try {
        const model = await loadModel(file, run);
        try {
          const tokenizer = await tokenizerFor(
            file,
            modelPath,
            flags.tokenizer,
            () => model.config.vocabSize,
          );
          const steps = Math.min(flags.steps, model.config.contextLength);
          io.stdout(flags.prompt);
          let start = performance.now();
          let prefill = { tokens: 0, ms: 0 };
          let decoded = 0;
          for await (const token of generate(model, tokenizer, flags.prompt, { steps, sampler })) {
            if (prefill.tokens === 0) {
              // The first token comes right after the prompt's batch: that wait is the prefill.
              prefill = { tokens: token.position, ms: performance.now() - start };
              start = performance.now();
            } else decoded++;
            io.stdout(token.text);
          }
          const decodeMs = performance.now() - start;
          io.stdout('\n');
          io.stderr(
            `prefill: ${prefill.tokens} tokens, ${rate(prefill.tokens, prefill.ms)}; ` +
              `decode: ${decoded} tokens, ${rate(decoded, decodeMs)} (${model.backend}, seed ${seed})\n`,
          );
        } finally {
          model.close();
        }
      } finally {
        await file.close();
      }
    });
}
