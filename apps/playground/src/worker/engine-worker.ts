/**
 * The engine worker: registers every format and the backends this browser can run, and answers
 * the page's calls (protocol.ts). Errors go back as `{ code, message }` — a LowbitError's code, or
 * E_INTERNAL for anything else — so the page can show them.
 */
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { webgpuBackend } from '@lowbit/backend-webgpu';
import { Engine, LowbitError } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import modelUrl from '../../../../fixtures/llama2c/stories260K.bin?url';
import tokenizerUrl from '../../../../fixtures/llama2c/tok512.bin?url';
import textUrl from '../../../../fixtures/text/tinystories_sample.txt?url';
import type { CallKind, Calls, CodedError, Request, Response } from '../protocol.ts';
import { allFormatFacts, formatGrid, roundValue } from './format-facts.ts';
import { ModelLab } from './model-lab.ts';
import { generateTensor } from './tensor-gen.ts';
import { tensorLab } from './tensor-lab.ts';

registerAllFormats();
const engine = new Engine();
const backends = ['cpu', 'wasm'];
engine.use(cpuBackend());
// Threads need SharedArrayBuffer, which only a cross-origin-isolated page (COOP/COEP) has.
engine.use(
  wasmBackend({
    threads: self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1,
  }),
);
if ('gpu' in navigator) {
  engine.use(webgpuBackend());
  backends.push('webgpu');
}
const lab = new ModelLab(engine, { model: modelUrl, tokenizer: tokenizerUrl, text: textUrl });

type Handlers = {
  [K in CallKind]: (args: Calls[K]['args']) => Promise<Calls[K]['result']> | Calls[K]['result'];
};

const handlers: Handlers = {
  formats: () => allFormatFacts(),
  format: ({ name }) => formatGrid(name),
  round: ({ formats, value }) => roundValue(formats, value),
  tensor: async ({ source, transforms, formats }) => {
    const { values, shape } =
      source.kind === 'generated'
        ? { values: generateTensor(source), shape: [source.rows, source.cols] as [number, number] }
        : await lab.readMatrix(source.name);
    return tensorLab(values, shape, transforms, formats);
  },
  openModel: ({ file }) => lab.open(file),
  layerErrors: ({ formats }) => lab.layerErrors(formats),
  backends: () => backends,
  generate: ({ prompt, steps, backend }) => lab.generate(prompt, steps, backend),
  evaluate: ({ backend }) => lab.evaluate(backend),
};

function coded(error: unknown): CodedError {
  if (LowbitError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

// One call at a time, in order: the model lab's state is shared between calls.
let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<Request>) => {
  const { id, kind, args } = event.data;
  queue = queue.then(async () => {
    let response: Response;
    try {
      const handler = handlers[kind] as (a: typeof args) => unknown;
      response = { id, ok: true, result: await handler(args) };
    } catch (error) {
      response = { id, ok: false, error: coded(error) };
    }
    self.postMessage(response);
  });
};
