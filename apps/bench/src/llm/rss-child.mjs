#!/usr/bin/env node
// Peak resident memory of one model run, measured in a fresh process so nothing else the bench
// holds counts: engine ready (the baseline), then the model loaded lazily from its file, a
// prompt prefilled and tokens decoded. Prints JSON: baseline and peak RSS, weight and KV bytes.
// Usage: node rss-child.mjs <model file> <cpu|wasm> <prompt tokens> <decode tokens>
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { Engine } from '@lowbit/core';
import { fileSource } from '@lowbit/core/node';
import { registerAllFormats } from '@lowbit/formats';
import { argmax, loadLlama, weightBytes } from '@lowbit/llm';
import { openModelSource } from '@lowbit/models';
import { promptIds } from './ours.mjs';

const [path, backend, promptCount, decodeCount] = process.argv.slice(2);
registerAllFormats();
const engine = new Engine({ logger: { warn: () => {} } });
engine.use(cpuBackend());
if (backend === 'wasm') engine.use(wasmBackend({ threads: 1 }));
await engine.ready();
const baseline = process.memoryUsage().rss;

// loadLlama leaves the file to its opener: closed below, or Node warns at exit that it closed
// the FileHandle on garbage collection.
const file = await openModelSource(await fileSource(path), path);
const model = await loadLlama(file, { engine });
const c = model.config;
const positions = Number(promptCount) + Number(decodeCount);
const session = model.newSession({ contextLength: positions });
let token = argmax(await session.prefill(promptIds(Number(promptCount), c.vocabSize)));
for (let i = 0; i < Number(decodeCount); i++) token = argmax(await session.step(token));
const kv = 2 * c.layers * positions * c.kvHeads * c.headDim * 4;
const peak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ baseline, peak, weights: weightBytes(model.weights), kv, token }));
session.dispose();
model.close();
await file.close();
