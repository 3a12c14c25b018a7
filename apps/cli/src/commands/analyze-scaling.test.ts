// analyze on the wasm backend, bounded memory, and the --backend / --threads flags.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeGguf } from '@lowbit/gguf';
import { parseFormatSpec, parseTransformSpec } from '@lowbit/quant';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';
import { analyzeModel } from './analyze-model.ts';

const model = join(import.meta.dirname, '../../../../fixtures/gguf/stories260K.gguf');
const FORMATS =
  'nvfp4,mxfp4,int4/g32,int4/g64/mse,nf4/g64,q4_0,q4_K,iq4_nl,q8_0,fp8_e4m3fn/ch,mxfp8_e4m3';

async function json(args: string[]) {
  const io = collectIo();
  expect(
    await run(
      ['analyze', model, '--formats', FORMATS, '--transforms', 'none,hadamard', '--json', ...args],
      io,
    ),
  ).toBe(0);
  return JSON.parse(io.out);
}

/** A GGUF of f32 weights of these [rows, cols] shapes, seeded values. */
function generatedModel(shapes: [number, number][]): string {
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31) * 2 - 1;
  };
  const tensors = shapes.map(([rows, cols], i) => {
    const values = Float32Array.from({ length: rows * cols }, random);
    return {
      name: `blk.${i}.weight`,
      dims: [cols, rows],
      ggmlType: 0,
      data: new Uint8Array(values.buffer),
    };
  });
  const path = join(mkdtempSync(join(tmpdir(), 'lowbit-analyze-mem-')), 'model.gguf');
  writeFileSync(path, serializeGguf({ metadata: new Map(), tensors }));
  return path;
}

describe('lowbit analyze on a backend', () => {
  it('gives identical reports on cpu and on wasm for the bundled model', async () => {
    const cpu = await json(['--backend', 'cpu', '--threads', '1']);
    const wasm = await json(['--backend', 'wasm', '--threads', '1']);
    expect(cpu.perTensor.length).toBeGreaterThan(100);
    expect(wasm).toEqual(cpu);
  });

  it('holds one tensor at a time: peak tensor bytes are the largest tensor, not the model', async () => {
    const shapes: [number, number][] = [
      [64, 128],
      [96, 256],
      [32, 64],
      [128, 128],
      [64, 256],
    ];
    const analysis = await analyzeModel(
      generatedModel(shapes),
      ['int4/g32', 'q4_0'].map(parseFormatSpec),
      ['none'].map(parseTransformSpec),
      { backend: 'wasm', threads: 1 },
    );
    const largest = Math.max(...shapes.map(([r, c]) => r * c * 4));
    const total = shapes.reduce((a, [r, c]) => a + r * c * 4, 0);
    expect(analysis.weights).toBe(shapes.length);
    expect(analysis.peakTensorBytes).toBe(largest);
    expect(analysis.peakTensorBytes).toBeLessThan(total / 2);
  });

  it.each([['0'], ['1.5'], ['two'], ['-1']])('refuses --threads %s with E_USAGE', async (n) => {
    const io = collectIo();
    expect(await run(['analyze', model, '--threads', n], io)).toBe(2);
    expect(io.err).toMatch(/E_USAGE: --threads must be an integer from 1 to 64/);
  });

  it('refuses an unknown --backend with E_USAGE', async () => {
    const io = collectIo();
    expect(await run(['analyze', model, '--backend', 'gpu'], io)).toBe(2);
    expect(io.err).toMatch(/E_USAGE.*--backend takes cpu or wasm/);
  });
});
