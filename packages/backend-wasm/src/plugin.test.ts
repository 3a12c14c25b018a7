import { defineFormat, type Format, registerFormat } from '@lowbit/core';
import { any4G128, mxfp8E4m3, registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from './plugin.ts';
import { wasmFormatTraits } from './traits/format-traits.ts';

/** `format` under a new name, its decode reading each block of `size` values back to front. */
function reversedBlocks(format: Format, name: string): Format {
  const size = format.block!.size;
  return defineFormat({
    ...format,
    name,
    decode(bytes: Uint8Array, count: number): Float32Array {
      const values = format.decode(bytes, count);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const start = i - (i % size);
        out[i] = values[start + size - 1 - (i % size)] ?? 0;
      }
      return out;
    },
  });
}

describe('plugin init checks each registered layout against its wasm kernel', () => {
  it('accepts the formats as registered', async () => {
    registerAllFormats();
    expect(wasmFormatTraits([mxfp8E4m3, any4G128]).problems).toEqual([]);
    await expect(wasmBackend().init()).resolves.toBeDefined();
  });

  it.each([
    [mxfp8E4m3, 'mxfp8_reversed', 'an MX block whose element order the wasm MX kernel cannot read'],
    [any4G128, 'any4_reversed', 'a learned-LUT group whose layout the wasm kernel cannot read'],
  ] as const)(
    'refuses %s re-registered with another element order (E_FORMAT_INVALID)',
    async (base, name, problem) => {
      registerAllFormats();
      const bad = reversedBlocks(base, name);
      expect(wasmFormatTraits([bad]).problems).toEqual([`${name}: ${problem}`]);
      registerFormat(bad);
      await expect(wasmBackend().init()).rejects.toMatchObject({
        code: 'E_FORMAT_INVALID',
        message: expect.stringContaining(name),
      });
    },
  );
});
