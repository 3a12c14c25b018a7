// llama.cpp on a whole (tiny) LLM, in-process through node-llama-cpp and natively through
// llama-bench. Our side has no forward pass yet (issue 15), so the rows carry the peers only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cell, measure } from '../measure.mjs';
import { buildCommand, notBuilt, peerBinary, peersDir } from '../peers/native.mjs';
import { summarize } from '../stats.mjs';

export const title = 'Tiny LLM (stories260K.gguf, f32), one thread — tokens per second';
export const targets =
  'Peers: node-llama-cpp in this process (its prebuilt CPU binary) and llama.cpp’s native `llama-bench`, prompt processing (pp) of 128 tokens and generation (tg) of 64 tokens. No target until lowbit has a forward pass.';

const model = new URL('../../../../fixtures/gguf/stories260K.gguf', import.meta.url).pathname;
const [promptTokens, genTokens] = [128, 64];
const ours = 'not yet (issue 15: no forward)';

/** pp and tg tasks on node-llama-cpp installed under .peers, or null when it is not there. */
async function nodeLlamaCpp() {
  const entry = join(peersDir, 'node_modules/node-llama-cpp/dist/index.js');
  if (!existsSync(entry)) return null;
  const { getLlama, LlamaLogLevel } = await import(entry);
  const llama = await getLlama({ build: 'never', gpu: false, logLevel: LlamaLogLevel.error });
  const loaded = await llama.loadModel({ modelPath: model });
  const context = await loaded.createContext({ contextSize: 512, threads: 1 });
  const sequence = context.getSequence();
  const text = 'Once upon a time, there was a little girl named Lily. She liked to play outside. ';
  const prompt = loaded.tokenize(text.repeat(16)).slice(0, promptTokens);
  return {
    pp: async () => {
      await sequence.clearHistory();
      await sequence.evaluateWithoutGeneratingNewTokens(prompt);
    },
    tg: async () => {
      await sequence.clearHistory();
      let count = 0;
      for await (const _ of sequence.evaluate(prompt.slice(0, 1))) if (++count >= genTokens) break;
    },
  };
}

/** llama-bench's per-repetition tokens/s for pp and tg, as a "best (median ±spread)" cell. */
function llamaBench(binary, quick) {
  const args = ['-m', model, '-p', promptTokens, '-n', genTokens, '-t', 1, '-r', quick ? 3 : 5];
  const run = spawnSync(binary, [...args.map(String), '-o', 'json'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`llama-bench failed: ${run.stderr}`);
  const results = JSON.parse(run.stdout);
  const format = (test) => {
    const { best, median, spread } = summarize(test.samples_ts.map((ts) => -ts));
    return `${(-best).toFixed(0)} (${(-median).toFixed(0)} ±${Math.round(Math.abs(spread) * 100)}%)`;
  };
  return {
    pp: format(results.find((r) => r.n_prompt > 0)),
    tg: format(results.find((r) => r.n_gen > 0)),
  };
}

export async function run({ quick }) {
  const peer = await nodeLlamaCpp();
  const ms = peer ? await measure({ pp: peer.pp, tg: peer.tg }, { quick }) : null;
  const binary = peerBinary('llama-bench');
  let native = null;
  try {
    native = binary ? llamaBench(binary, quick) : null;
  } catch (error) {
    native = { pp: `llama-bench failed: ${error.message}`, tg: 'llama-bench failed' };
  }
  const rate = (tokens) => (t) => (tokens * 1e3) / t;
  const missing = `peer not installed (run \`${buildCommand}\`)`;
  const nativeMissing = notBuilt('build-peers.mjs --llama-bench');
  return {
    headers: ['test', 'lowbit', 'node-llama-cpp (in-process)', 'llama-bench (native)'],
    rows: [
      [
        `pp${promptTokens}`,
        ours,
        ms ? cell(ms, 'pp', rate(promptTokens), 0) : missing,
        native?.pp ?? nativeMissing,
      ],
      [
        `tg${genTokens}`,
        ours,
        ms ? cell(ms, 'tg', rate(genTokens), 0) : missing,
        native?.tg ?? nativeMissing,
      ],
    ],
  };
}
