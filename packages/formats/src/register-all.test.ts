import { FormatRegistry, getFormat } from '@lowbit/core';
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

  it('makes formats available from the process-wide registry by name', () => {
    registerAllFormats();
    expect(getFormat('fp8_e5m2').bits).toBe(8);
    expect(() => getFormat('fp8_e4m3f')).toThrow(/Did you mean .*"fp8_e4m3fn"/);
  });

  it('every format round-trips a random vector through encode/decode with bounded error', () => {
    const x = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
    for (const format of allFormats) {
      if ('canEncode' in format && !format.canEncode) continue;
      const bytes = format.encode(x);
      expect(bytes.length, format.name).toBe(format.byteLength(x.length));
      expect(format.decode(bytes, x.length).length, format.name).toBe(x.length);
    }
  });
});
