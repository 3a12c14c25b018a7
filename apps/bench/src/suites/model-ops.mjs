// The model ops on wasm beside cpu: getRows (an embedding gather from a 32000 × 4096 table, as
// Llama-2-7B's), attention (32 heads × 128 dims, 1 query over 512 cached positions, MHA and
// GQA) and writeRows (one token into a 4096 × 4096 cache). "wasm → cpu" is the same op with the
// wasm kernel unregistered — how main ran it before these kernels (operands copied to cpu and
// back; for writeRows the whole cache, both ways).
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { attention, Engine, encode, getFormat, getRows, writeRows } from '@lowbit/core';
import { cell, measure, randomFloats, ratio } from '../measure.mjs';

export const title = 'Model ops: getRows, attention, writeRows (Llama-2-7B shapes) — µs per call';
export const targets = 'Our wasm kernels beside our cpu kernels and the cpu detour they replace.';

const us = (t) => t * 1e3;
const [VOCAB, DIM, HEADS, HEAD_DIM, CACHED] = [32000, 4096, 32, 128, 512];

/** A wasm engine whose kernels for `op` are unregistered: the op detours through cpu. */
async function detourEngine(op) {
  const engine = new Engine({ logger: { warn: () => {} } });
  engine.use(cpuBackend());
  engine.use(wasmBackend());
  await engine.ready();
  engine.unregisterKernel(op, 'wasm');
  return engine;
}

/** V × D bytes of `format`: 64 encoded rows repeated (encoding 131 M values would take minutes). */
function tableBytes(cpu, format) {
  const rowBytes = getFormat(format).byteLength(DIM);
  const rows = encode(cpu.tensor(randomFloats(64 * DIM, 7), [64, DIM]), format).readBytesSync();
  const bytes = new Uint8Array(VOCAB * rowBytes);
  for (let at = 0; at < bytes.length; at += rows.length)
    bytes.set(rows.subarray(0, Math.min(rows.length, bytes.length - at)), at);
  return bytes;
}

async function getRowsRows({ wasm, cpu, quick }) {
  const out = [];
  for (const format of ['q4_K', 'q8_0', 'f16', 'f32']) {
    const bytes = tableBytes(cpu, format);
    const tables = [wasm, cpu].map((e) => e.fromBytes(bytes, [VOCAB, DIM], format));
    for (const count of [1, 16]) {
      const indices = Array.from({ length: count }, (_, t) => (t * 7919 + 13) % VOCAB);
      const ms = await measure(
        {
          wasm: () => getRows(tables[0], indices).dispose(),
          cpu: () => getRows(tables[1], indices).dispose(),
        },
        { quick },
      );
      out.push([
        `getRows ${format}, ${count} row${count > 1 ? 's' : ''} of ${VOCAB}×${DIM}`,
        cell(ms, 'wasm', us, 1),
        '—',
        cell(ms, 'cpu', us, 1),
        ratio(ms, 'cpu', 'wasm'),
        '—',
      ]);
    }
    for (const t of tables) t.dispose();
  }
  return out;
}

async function attentionRows({ wasm, wasm2, cpu, quick }) {
  const detour = await detourEngine('attention');
  const out = [];
  for (const kvHeads of [HEADS, 8]) {
    const kvWidth = kvHeads * HEAD_DIM;
    const values = [
      [randomFloats(HEADS * HEAD_DIM, 1), [1, HEADS * HEAD_DIM]],
      [randomFloats(CACHED * kvWidth, 2), [CACHED, kvWidth]],
      [randomFloats(CACHED * kvWidth, 3), [CACHED, kvWidth]],
    ];
    const attrs = { heads: HEADS, kvHeads, length: CACHED, positions: [CACHED - 1] };
    const task = (engine) => {
      const [q, k, v] = values.map(([x, shape]) => engine.tensor(x, shape));
      return () => attention(q, k, v, attrs).dispose();
    };
    const tasks = { wasm: task(wasm), cpu: task(cpu), detour: task(detour) };
    if (wasm2) tasks.wasm2 = task(wasm2);
    const ms = await measure(tasks, { quick });
    out.push([
      `attention ${HEADS}×${HEAD_DIM}, kvHeads ${kvHeads}, 1 query, ${CACHED} cached`,
      cell(ms, 'wasm', us, 1),
      wasm2 ? cell(ms, 'wasm2', us, 1) : '—',
      cell(ms, 'cpu', us, 1),
      ratio(ms, 'cpu', 'wasm'),
      cell(ms, 'detour', us, 1),
    ]);
  }
  return out;
}

async function writeRowsRows({ wasm, cpu, quick }) {
  const detour = await detourEngine('write-rows');
  const out = [];
  const row = randomFloats(DIM, 4);
  for (const format of ['f32', 'f16']) {
    const task = (engine) => {
      const cache = engine.zeros([DIM, DIM], { format, mutable: true });
      const src = engine.tensor(row, [1, DIM]);
      let position = 0;
      return () => writeRows(cache, position++ % DIM, src);
    };
    const ms = await measure({ wasm: task(wasm), cpu: task(cpu), detour: task(detour) }, { quick });
    out.push([
      `writeRows 1 row into a ${DIM}×${DIM} ${format} cache`,
      cell(ms, 'wasm', us, 2),
      '—',
      cell(ms, 'cpu', us, 2),
      ratio(ms, 'cpu', 'wasm'),
      cell(ms, 'detour', us, 0),
    ]);
  }
  return out;
}

export async function run(context) {
  return {
    headers: [
      'op',
      'lowbit wasm',
      'wasm, 2 threads',
      'lowbit cpu',
      'wasm vs cpu',
      'wasm → cpu (before)',
    ],
    rows: [
      ...(await getRowsRows(context)),
      ...(await attentionRows(context)),
      ...(await writeRowsRows(context)),
    ],
  };
}
