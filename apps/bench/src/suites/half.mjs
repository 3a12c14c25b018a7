import { decode, encode } from '@lowbit/core';
import { Float16Array } from '@petamoriken/float16';
import { fixed, measure, randomFloats, ratio } from '../measure.mjs';

export const title = 'f16 encode and decode, 2^20 values per call — ns per element';
export const targets = 'Targets: encode ≥ 5×, decode ≥ 100× @petamoriken/float16.';

export async function run({ wasm, cpu, quick }) {
  const count = 2 ** 20;
  const values = randomFloats(count, 1, 100);
  const halves = (await encode(cpu.tensor(values), 'f16')).readBytesSync();
  const peerHalves = new Float16Array(halves.buffer);
  const [wv, cv] = [wasm.tensor(values), cpu.tensor(values)];
  const [wh, ch] = [wasm.fromBytes(halves, [count], 'f16'), cpu.fromBytes(halves, [count], 'f16')];
  const ms = await measure(
    {
      'encode wasm': () => encode(wv, 'f16'),
      'encode cpu': () => encode(cv, 'f16'),
      'encode peer': () => new Float16Array(values),
      'decode wasm': () => decode(wh),
      'decode cpu': () => decode(ch),
      'decode peer': () => Float32Array.from(peerHalves),
    },
    { quick },
  );
  const ns = (t) => fixed((t * 1e6) / count);
  return {
    headers: [
      'direction',
      'lowbit wasm',
      'lowbit cpu',
      '@petamoriken/float16',
      'wasm vs peer',
      'wasm vs cpu',
    ],
    rows: ['encode', 'decode'].map((d) => [
      d,
      ns(ms[`${d} wasm`]),
      ns(ms[`${d} cpu`]),
      ns(ms[`${d} peer`]),
      ratio(ms[`${d} peer`], ms[`${d} wasm`]),
      ratio(ms[`${d} cpu`], ms[`${d} wasm`]),
    ]),
  };
}
