/** Round trips for `analyzeOn` through an engine's `encode`/`decode` ops (e.g. on the wasm backend). */
import { decode, type Engine, encode } from '@lowbit/core';
import type { RoundTripper } from './analyze.ts';

/** `decode(encode(x))` of each request on `backend` of `engine` (its active backend if omitted). */
export function engineRoundTrip(engine: Engine, backend?: string): RoundTripper {
  return async ({ format, input, options }) => {
    const x = engine.tensor(input, [input.length], backend === undefined ? {} : { backend });
    const encoded = encode(x, format, options);
    const decoded = decode(encoded);
    try {
      return decoded.readSync();
    } finally {
      x.dispose();
      encoded.dispose();
      decoded.dispose();
    }
  };
}
