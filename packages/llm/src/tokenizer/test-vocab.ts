/** Test helpers: the GGUF vocab fixtures of llama.cpp's tokenizer tests, and their .inp/.out pairs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytesSource } from '@lowbit/core';
import { type GgufFile, openGguf } from '@lowbit/gguf';

const dir = fileURLToPath(new URL('../../../../fixtures/gguf/', import.meta.url));

export const openFixture = (name: string): Promise<GgufFile> =>
  openGguf(bytesSource(new Uint8Array(readFileSync(dir + name))), { name });

/** llama.cpp's tests/test-tokenizer-0.cpp `read_tests`: inputs split on "\n__ggml_vocab_test__\n". */
export function vocabTestPairs(name: string): { text: string; ids: number[] }[] {
  const raw = readFileSync(`${dir}${name}.inp`, 'utf8');
  const inputs: string[] = [];
  const sep = '\n__ggml_vocab_test__\n';
  for (let pos = 0; pos < raw.length; ) {
    const next = raw.indexOf(sep, pos);
    if (next < 0) {
      inputs.push(raw.slice(pos));
      break;
    }
    inputs.push(raw.slice(pos, next));
    pos = next + sep.length;
  }
  const outputs = readFileSync(`${dir}${name}.out`, 'utf8').split('\n');
  return inputs.map((text, i) => ({
    text,
    ids: outputs[i]!.trim() === '' ? [] : outputs[i]!.trim().split(' ').map(Number),
  }));
}
