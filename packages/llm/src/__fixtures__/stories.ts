/** stories260K and its tokenizer from the repo's fixtures, on a fresh engine per call. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { bytesSource, Engine } from '@lowbit/core';
import { type ModelFile, openModelSource } from '@lowbit/models';
import { loadLlama } from '../model/load-llama.ts';
import { llama2cTokenizer } from '../tokenizer/llama2c-tokenizer.ts';

export const fixture = (path: string): Uint8Array =>
  new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url))),
  );

export const golden = (name: string) =>
  JSON.parse(new TextDecoder().decode(fixture(`llama2c/${name}`)));

export const sampleText = () => new TextDecoder().decode(fixture('text/tinystories_sample.txt'));

export type BackendName = 'cpu' | 'wasm' | 'webgpu';

export function testEngine(): Engine {
  const engine = new Engine({ logger: { warn: () => {} } });
  engine.use(cpuBackend());
  engine.use(wasmBackend({ threads: 1 }));
  return engine;
}

export async function openFixture(path: string): Promise<ModelFile> {
  return openModelSource(bytesSource(fixture(path)), path.split('/').pop()!);
}

export async function loadFixture(
  path: string,
  backend: BackendName = 'cpu',
  engine = testEngine(),
) {
  return loadLlama(await openFixture(path), { engine, backend });
}

export const tok512 = () => llama2cTokenizer(bytesSource(fixture('llama2c/tok512.bin')), 512);

/** Largest |a − b| / max(|b|, 1) over two logit rows. */
export function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1));
  return worst;
}
