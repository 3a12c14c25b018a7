import { type Format, FormatRegistry, formatRegistry, getFormat } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { allFormats, registerAllFormats } from './register-all.ts';

describe('registerAllFormats', () => {
  it('registers every format once, beside core’s f32 and f16, idempotently', () => {
    const registry = new FormatRegistry();
    registerAllFormats(registry);
    registerAllFormats(registry);
    const names = registry.list().map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(allFormats.length + 2);
    for (const name of [
      'bf16',
      'fp8_e4m3fn',
      'e8m0',
      'int4',
      'posit16_es2',
      'nf4',
      'mxfp4',
      'q4_0',
      'q6_K',
    ]) {
      expect(registry.has(name), name).toBe(true);
    }
  });

  it('resolves nvfp4_ggml, nvfp4’s former name, to nvfp4 and lists nvfp4 once', () => {
    const registry = new FormatRegistry();
    registerAllFormats(registry);
    expect(registry.get('nvfp4_ggml')).toBe(registry.get('nvfp4'));
    expect(registry.get('nvfp4').params).toMatchObject({ kind: 'block', size: 64, bytes: 36 });
    expect(registry.get('nvfp4').params).not.toHaveProperty('header');
    expect(registry.get('nvfp4_scaled').byteLength(64)).toBe(40);
    expect(
      registry
        .list()
        .filter((f) => f.name.startsWith('nvfp4'))
        .map((f) => f.name),
    ).toEqual(['nvfp4', 'nvfp4_scaled']);
  });

  it('makes formats available from the process-wide registry by name', () => {
    registerAllFormats();
    expect(getFormat('fp8_e5m2').bits).toBe(8);
    expect(() => getFormat('fp8_e4m3f')).toThrow(/Did you mean .*"fp8_e4m3fn"/);
  });

  it('names only registered formats as scales', () => {
    registerAllFormats();
    const missing = allFormats.flatMap((format) =>
      (format.block?.scales ?? [])
        .filter((scale) => !formatRegistry.has(scale.format))
        .map((scale) => `${format.name}: ${scale.format}`),
    );
    expect(missing).toEqual([]);
  });

  it('every scalar format rounds a vector to one of the two representable values around it', () => {
    for (const format of allFormats.filter((f) => !f.block && canEncode(f))) {
      const grid = representable(format);
      const input = grid[0]! < 0 ? x : x.map(Math.abs);
      const y = format.decode(format.encode(input), input.length);
      for (let i = 0; i < input.length; i++) {
        const [below, above] = bracket(grid, input[i]!);
        expect([below, above], `${format.name}: ${input[i]} → ${y[i]}`).toContain(y[i]);
      }
    }
  });

  it('every block format round-trips with rms error within 0.75 of its element step per block', () => {
    for (const format of allFormats.filter((f) => f.block && canEncode(f))) {
      const y = format.decode(format.encode(x), x.length);
      const size = format.block!.size;
      // Precision bits of one element: m + 1 for a minifloat element eXmY, else its bits.
      const mantissa = /e\d+m(\d+)/.exec(format.name);
      const precision = mantissa ? Number(mantissa[1]) + 1 : format.bits;
      for (let start = 0; start < x.length; start += size) {
        const block = x.subarray(start, start + size);
        const amax = Math.max(...block.map(Math.abs));
        let squares = 0;
        for (let i = 0; i < block.length; i++) squares += (block[i]! - y[start + i]!) ** 2;
        const rms = Math.sqrt(squares / block.length);
        expect(rms, `${format.name} block ${start / size}`).toBeLessThanOrEqual(
          0.75 * amax * 2 ** (1 - precision),
        );
      }
    }
  });
});

const x = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));

function canEncode(format: Format): boolean {
  return !('canEncode' in format) || format.canEncode !== false;
}

/** Every finite value the format holds, sorted, read from its codes (≤ 16 bits). */
function representable(format: Format): number[] {
  const count = 2 ** format.bits;
  const codes = new Uint32Array(count).map((_, i) => i);
  const values = format.decode(packBits(codes, format.bits), count);
  return [...new Set(Array.from(values).filter(Number.isFinite))].sort((a, b) => a - b);
}

function packBits(codes: Uint32Array, bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((codes.length * bits) / 8));
  for (let i = 0; i < codes.length; i++)
    for (let b = 0; b < bits; b++)
      if ((codes[i]! >> b) & 1) out[(i * bits + b) >> 3]! |= 1 << ((i * bits + b) & 7);
  return out;
}

/** The representable values just below and above v (both the end value outside the range). */
function bracket(grid: readonly number[], v: number): [number, number] {
  if (v <= grid[0]!) return [grid[0]!, grid[0]!];
  if (v >= grid[grid.length - 1]!) return [grid[grid.length - 1]!, grid[grid.length - 1]!];
  const hi = grid.findIndex((g) => g >= v);
  if (grid[hi] === v) return [v, v];
  return [grid[hi - 1]!, grid[hi]!];
}
