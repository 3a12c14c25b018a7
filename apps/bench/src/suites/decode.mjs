import { decode, encode, getFormat } from '@lowbit/core';
import { cell, measure, randomFloats, ratio, ratioStats, roundBests } from '../measure.mjs';
import { decodeMx, decodeNvfp4, decodeScalar, valueTable } from '../plain-decode.mjs';
import { ratioVerdict, valueVerdict } from '../verdict.mjs';

/** MX formats: element format, bits, and whether the codes are in ggml's nibble order. */
const MX = {
  mxfp8_e4m3: ['fp8_e4m3fn', 8, false],
  mxfp8_e5m2: ['fp8_e5m2', 8, false],
  mxfp6_e2m3: ['fp6_e2m3fn', 6, false],
  mxfp4: ['fp4_e2m1fn', 4, true],
};

/** The plain-JS table decode of `format`'s bytes into `out`, or null where there is none. */
function plainDecoder(format, bytes, count) {
  const out = new Float32Array(count);
  const { bits, block } = getFormat(format);
  if (!block && bits <= 8) {
    const table = valueTable(format);
    return () => decodeScalar(bytes, count, bits, table, out);
  }
  if (format in MX) {
    const [element, elementBits, ggml] = MX[format];
    const table = valueTable(element);
    return () => decodeMx(bytes, count, elementBits, table, ggml, out);
  }
  if (format.startsWith('nvfp4')) {
    const [e4m3, e2m1] = [valueTable('fp8_e4m3fn'), valueTable('fp4_e2m1fn')];
    const header = bytes.length - (count / 64) * 36;
    return () => decodeNvfp4(bytes, count, e4m3, e2m1, header, out);
  }
  return null;
}

export const title = 'Bulk decode to f32, 2^20 values per call — G elements per second';
export const targets =
  'Target: fp8/fp6/fp4/MX/NVFP4 decode ≥ 1 G elements/s and ≥ 2× a plain-JS table decode (`src/plain-decode.mjs`: a table of every code, the block scale multiplied in, into a reused array); lowbit’s results are disposed after each call, so their memory is reused too. The lowbit columns are bit-identical (tests).';

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
    const plain = plainDecoder(format, bytes, count);
    const ms = await measure(
      { wasm: () => decode(w).dispose(), cpu: () => decode(c).dispose(), ...(plain && { plain }) },
      { quick },
    );
    const rate = (t) => count / t / 1e6;
    rows.push([
      format,
      cell(ms, 'wasm', rate),
      cell(ms, 'cpu', rate),
      plain ? cell(ms, 'plain', rate) : '—',
      ratio(ms, 'cpu', 'wasm'),
      plain ? ratio(ms, 'plain', 'wasm') : '—',
    ]);
    if (/^(fp|mx|nvfp)/.test(format)) {
      verdicts.push(
        valueVerdict(`${format} wasm`, roundBests(ms, 'wasm').map(rate), 1, 'G elements/s'),
      );
      verdicts.push(ratioVerdict(`${format} wasm vs plain JS`, ratioStats(ms, 'plain', 'wasm'), 2));
    }
  }
  return {
    headers: [
      'format',
      'lowbit wasm',
      'lowbit cpu',
      'plain-JS table',
      'wasm vs cpu',
      'wasm vs plain JS',
    ],
    rows,
    verdicts,
  };
}
