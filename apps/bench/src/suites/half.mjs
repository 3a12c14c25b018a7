import { decode, encode } from '@lowbit/core';
import { Float16Array } from '@petamoriken/float16';
import { cell, measure, randomFloats, ratio, ratioStats } from '../measure.mjs';
import { decodeF16, encodeF16, f16Table } from '../plain-f16.mjs';
import { ratioVerdict } from '../verdict.mjs';

export const title = 'f16 encode and decode, 2^20 values per call — ns per element';
export const targets =
  'Targets: encode ≥ 5×, decode ≥ 100× @petamoriken/float16 (a Proxy-based polyfill, so a weak peer); ≥ 2× the plain-JS best effort (a 65,536-entry table decode, a bit-trick round-to-nearest-even encode, `src/plain-f16.mjs`) and the runtime’s own `Float16Array` where it has one. lowbit’s results are disposed after each call, so its memory is reused as the plain-JS loops reuse their output arrays.';

const nativeFloat16Array = globalThis.Float16Array;

export async function run({ wasm, cpu, quick }) {
  const count = 2 ** 20;
  const values = randomFloats(count, 1, 100);
  const halves = encode(cpu.tensor(values), 'f16').readBytesSync();
  const codes = new Uint16Array(halves.buffer, halves.byteOffset, count);
  const peerHalves = new Float16Array(halves.buffer);
  const [wv, cv] = [wasm.tensor(values), cpu.tensor(values)];
  const [wh, ch] = [wasm.fromBytes(halves, [count], 'f16'), cpu.fromBytes(halves, [count], 'f16')];
  const table = f16Table();
  const native =
    nativeFloat16Array && new nativeFloat16Array(codes.buffer, codes.byteOffset, count);
  const ms = await measure(
    {
      'encode wasm': () => encode(wv, 'f16').dispose(),
      'encode cpu': () => encode(cv, 'f16').dispose(),
      'encode peer': () => new Float16Array(values),
      'encode plain': () => encodeF16(values, new Uint16Array(count)),
      ...(native && { 'encode native': () => new nativeFloat16Array(values) }),
      'decode wasm': () => decode(wh).dispose(),
      'decode cpu': () => decode(ch).dispose(),
      'decode peer': () => Float32Array.from(peerHalves),
      'decode plain': () => decodeF16(codes, new Float32Array(count), table),
      ...(native && { 'decode native': () => new Float32Array(native) }),
    },
    { quick },
  );
  const ns = (t) => (t * 1e6) / count;
  const missing = 'not in this runtime';
  const verdicts = [];
  for (const [d, goal] of [
    ['encode', 5],
    ['decode', 100],
  ]) {
    verdicts.push(
      ratioVerdict(`${d} vs @petamoriken/float16`, ratioStats(ms, `${d} peer`, `${d} wasm`), goal),
    );
    verdicts.push(ratioVerdict(`${d} vs plain JS`, ratioStats(ms, `${d} plain`, `${d} wasm`), 2));
    if (native)
      verdicts.push(
        ratioVerdict(`${d} vs Float16Array`, ratioStats(ms, `${d} native`, `${d} wasm`), 1),
      );
  }
  return {
    headers: [
      'direction',
      'lowbit wasm',
      'lowbit cpu',
      '@petamoriken/float16',
      'plain JS (table / bit trick)',
      'Float16Array (runtime)',
      'wasm vs peer',
      'wasm vs plain JS',
      'wasm vs Float16Array',
      'wasm vs cpu',
    ],
    rows: ['encode', 'decode'].map((d) => [
      d,
      cell(ms, `${d} wasm`, ns),
      cell(ms, `${d} cpu`, ns),
      cell(ms, `${d} peer`, ns),
      cell(ms, `${d} plain`, ns),
      native ? cell(ms, `${d} native`, ns) : missing,
      ratio(ms, `${d} peer`, `${d} wasm`),
      ratio(ms, `${d} plain`, `${d} wasm`),
      native ? ratio(ms, `${d} native`, `${d} wasm`) : missing,
      ratio(ms, `${d} cpu`, `${d} wasm`),
    ]),
    verdicts,
  };
}
