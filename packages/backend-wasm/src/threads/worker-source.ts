/**
 * The worker's program, as source text so it loads without a bundler or a file path: Node runs
 * it with `new Worker(source, { eval: true })`, browsers from a Blob URL. The worker
 * instantiates the shared-memory module and then sleeps on its control slot (Atomics.wait):
 * each job is an export index and its arguments; a negative index ends the loop.
 */
export const SLOT_BYTES = 512;
/** Int32 fields of a slot. */
export const POSTED = 0;
export const DONE = 1;
export const FUNCTION = 2;
export const ARGC = 3;
export const FAILED = 4;
/** Byte offset of a slot's f64 arguments, and how many fit. */
export const ARGS_AT = 64;
export const MAX_ARGS = (SLOT_BYTES - ARGS_AT) / 8;

export const WORKER_SOURCE = `'use strict';
function start(init, reply) {
  const { module, memory, control, slot, names } = init;
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  const state = new Int32Array(control, slot * ${SLOT_BYTES}, ${ARGS_AT / 4});
  const args = new Float64Array(control, slot * ${SLOT_BYTES} + ${ARGS_AT}, ${MAX_ARGS});
  reply('ready');
  let seen = 0;
  for (;;) {
    Atomics.wait(state, ${POSTED}, seen);
    seen = Atomics.load(state, ${POSTED});
    const fn = state[${FUNCTION}];
    if (fn < 0) return;
    try {
      exports[names[fn]](...args.subarray(0, state[${ARGC}]));
      state[${FAILED}] = 0;
    } catch {
      state[${FAILED}] = 1;
    }
    Atomics.store(state, ${DONE}, seen);
    Atomics.notify(state, ${DONE});
  }
}
if (typeof self === 'undefined') {
  const { parentPort, workerData } = require('node:worker_threads');
  start(workerData, (message) => parentPort.postMessage(message));
} else {
  self.onmessage = (event) => start(event.data, (message) => self.postMessage(message));
}
`;
