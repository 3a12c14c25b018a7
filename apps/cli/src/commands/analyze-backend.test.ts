import { getFormat } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { codecRoundTripper } from '@lowbit/quant';
import { describe, expect, it } from 'vitest';
import { analysisEngine } from './analyze-backend.ts';

registerAllFormats();

describe('analysisEngine', () => {
  it('defaults to the cpu codecs, with no engine to dispatch through', async () => {
    const engine = await analysisEngine();
    expect(engine.backend).toBe('cpu');
    expect(engine.roundTrip).toBe(codecRoundTripper);
    engine.dispose();
  });

  it('gives the same round trip on wasm as on the codecs', async () => {
    const input = Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * 3);
    const request = { format: getFormat('q4_0'), input, options: {} };
    const wasm = await analysisEngine('wasm');
    try {
      expect(wasm.backend).toBe('wasm');
      expect(await wasm.roundTrip(request)).toEqual(codecRoundTripper(request));
    } finally {
      wasm.dispose();
    }
  });
});
