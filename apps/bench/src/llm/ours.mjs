// Our side of the LLM rows: a model loaded by @lowbit/llm on one engine, and the tasks the
// peers run too — greedy decode of `tokens` positions from 0 (argmax of each step's host
// logits, as run.c's generate at temperature 0), and a prompt's prefill as one batch.
import { bytesSource } from '@lowbit/core';
import { argmax, loadLlama } from '@lowbit/llm';
import { openModelSource } from '@lowbit/models';

/** `bytes` (a .bin or .gguf, by `name`) loaded on `engine`'s active backend. */
export async function loadOurs(engine, bytes, name) {
  const file = await openModelSource(bytesSource(bytes), name);
  return loadLlama(file, { engine });
}

/** A deterministic prompt of `count` token ids below `vocab`, BOS first. */
export const promptIds = (count, vocab) =>
  Array.from({ length: count }, (_, i) => (i === 0 ? 1 : 3 + ((i * 7919) % (vocab - 3))));

/** decode: `tokens` greedy steps from position 0; prefill: `prompt` in one forward. */
export function ourTasks(model, { tokens, prompt }) {
  const length = Math.max(tokens, prompt.length);
  const session = model.newSession({ contextLength: length });
  return {
    session,
    decode: async () => {
      session.reset();
      let token = 1;
      for (let i = 0; i < tokens; i++) token = argmax(await session.step(token));
      return token;
    },
    prefill: async () => {
      session.reset();
      return session.prefill(prompt);
    },
  };
}
