import { decode, encode } from '@lowbit/core';
import { cell, measure, randomFloats, ratio, roundBests } from '../measure.mjs';
import { valueVerdict } from '../verdict.mjs';

export const title = 'Bulk decode to f32, 2^20 values per call — G elements per second';
export const targets =
  'Target: fp8/fp4/MX decode ≥ 1 G elements/s. Both columns are bit-identical (tests).';

export async function run({ wasm, cpu, quick }) {
  const count = 2 ** 20;
  const values = randomFloats(count, 2, 4);
  const rows = [];
  const verdicts = [];
  const formats = quick
    ? ['fp8_e4m3fn', 'mxfp4', 'q4_0']
    : [
        'fp8_e4m3fn',
        'fp8_e5m2',
        'fp6_e2m3fn',
        'fp4_e2m1fn',
        'int4',
        'mxfp8_e4m3',
        'mxfp6_e2m3',
        'mxfp4',
        'nvfp4',
        'q4_0',
        'q8_0',
        'q4_K',
        'q6_K',
      ];
  for (const format of formats) {
    const bytes = encode(cpu.tensor(values), format).readBytesSync();
    const [w, c] = [wasm.fromBytes(bytes, [count], format), cpu.fromBytes(bytes, [count], format)];
    const ms = await measure({ wasm: () => decode(w), cpu: () => decode(c) }, { quick });
    const rate = (t) => count / t / 1e6;
    rows.push([format, cell(ms, 'wasm', rate), cell(ms, 'cpu', rate), ratio(ms, 'cpu', 'wasm')]);
    if (/^(fp|mx)/.test(format)) {
      verdicts.push(
        valueVerdict(`${format} wasm`, roundBests(ms, 'wasm').map(rate), 1, 'G elements/s'),
      );
    }
  }
  return { headers: ['format', 'lowbit wasm', 'lowbit cpu', 'wasm vs cpu'], rows, verdicts };
}
