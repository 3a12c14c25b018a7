// The LLM peers on the same files and token ids as ours: llama2.c's run.c (vendored, built by
// build-peers.mjs) in a child process; llama.cpp in this process through node-llama-cpp's JS API
// (its prebuilt CPU binary, never a download or build); llama.cpp's native llama-bench.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nativeTask, peerBinary, peersDir } from '../peers/native.mjs';
import { summarize } from '../stats.mjs';

/** run.c tasks (decode, prefill) for a llama2.c .bin on one thread, and OpenMP on two. */
export function runcTasks(binPath, { tokens, prompt }) {
  const [single, omp] = [peerBinary('llama2c-bench'), peerBinary('llama2c-bench-omp')];
  const tasks = {};
  if (single) {
    tasks.runcDecode = nativeTask(single, [binPath, 'decode', tokens]);
    tasks.runcPrefill = nativeTask(single, [binPath, 'prefill', prompt.length]);
  }
  if (omp) {
    const env = { ...process.env, OMP_NUM_THREADS: '2' };
    tasks.runc2Decode = nativeTask(omp, [binPath, 'decode', tokens], { env });
    tasks.runc2Prefill = nativeTask(omp, [binPath, 'prefill', prompt.length], { env });
  }
  return tasks;
}

let llamaPromise;
async function nodeLlama() {
  const entry = join(peersDir, 'node_modules/node-llama-cpp/dist/index.js');
  if (!existsSync(entry)) return null;
  const { getLlama, LlamaLogLevel } = await import(entry);
  llamaPromise ??= getLlama({ build: 'never', gpu: false, logLevel: LlamaLogLevel.error });
  return llamaPromise;
}

/**
 * node-llama-cpp decode and prefill tasks on `threads` threads for a GGUF, or {} when the
 * package is not installed. Decode is its greedy generation from BOS (`tokens` tokens).
 */
export async function nodeLlamaTasks(path, { tokens, prompt }, threads, suffix) {
  const llama = await nodeLlama();
  if (!llama) return { model: null, tasks: {} };
  const model = await llama.loadModel({ modelPath: path });
  const context = await model.createContext({ contextSize: 256, threads, batchSize: 256 });
  const sequence = context.getSequence();
  return {
    model,
    tasks: {
      [`nlc${suffix}Decode`]: async () => {
        await sequence.clearHistory();
        let count = 0;
        for await (const _ of sequence.evaluate([1])) if (++count >= tokens) break;
      },
      [`nlc${suffix}Prefill`]: async () => {
        await sequence.clearHistory();
        await sequence.evaluateWithoutGeneratingNewTokens(prompt);
      },
    },
  };
}

/** llama-bench pp/tg cells ("best (median ±spread)" tok/s) for 1 and 2 threads, or null. */
export function llamaBench(path, { tokens, prompt }, quick) {
  const binary = peerBinary('llama-bench');
  if (!binary) return null;
  const args = ['-m', path, '-p', prompt.length, '-n', tokens, '-t', '1,2', '-r', quick ? 3 : 5];
  const run = spawnSync(binary, [...args.map(String), '-o', 'json'], { encoding: 'utf8' });
  if (run.status !== 0) {
    const why = run.signal ?? `exit ${run.status}`;
    return { error: `llama-bench failed (${why}) ${run.stderr.slice(-160).trim()}`.trim() };
  }
  const format = (test) => {
    if (!test) return '—';
    const { best, median, spread } = summarize(test.samples_ts.map((ts) => -ts));
    return `${(-best).toFixed(0)} (${(-median).toFixed(0)} ±${Math.round(Math.abs(spread) * 100)}%)`;
  };
  const find = (threads, gen) =>
    JSON.parse(run.stdout).find(
      (r) => r.n_threads === threads && (gen ? r.n_gen > 0 : r.n_prompt > 0),
    );
  return {
    decode1: format(find(1, true)),
    decode2: format(find(2, true)),
    prefill1: format(find(1, false)),
    prefill2: format(find(2, false)),
  };
}
