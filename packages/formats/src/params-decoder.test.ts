import { createRng, type Format, f16, f32, packCodes } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  bitMismatches,
  fixtureBytes,
  fixtureJson,
} from '../../../tooling/test-helpers/fixtures.ts';
import { decodeFromParams } from './params-decoder.ts';
import { allFormats } from './register-all.ts';

const everyFormat: readonly Format[] = [f32, f16, ...allFormats];
const scalars = everyFormat.filter((f) => !f.block && f.bits <= 16);
const blocks = everyFormat.filter((f) => f.block);
const fixtureNames = new Set(
  fixtureJson<{ types: { name: string }[] }>('ggml-blocks/manifest.json').types.map((t) => t.name),
);

function randomBytes(length: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length }, () => Math.floor(rng.nextFloat() * 256));
}

/** Indices where the reference decoder and the codec differ bit for bit (NaN == NaN). */
function disagreements(format: Format, bytes: Uint8Array, count: number): number[] {
  return bitMismatches(decodeFromParams(format.params, bytes, count), format.decode(bytes, count));
}

describe('decoding from params alone agrees with every codec', () => {
  it('covers every registered format', () => {
    expect(scalars.length + blocks.length + 1).toBe(everyFormat.length); // + f32, random bytes below
    expect(blocks.length).toBeGreaterThan(30);
  });

  it.each(scalars.map((f) => [f.name, f] as const))('%s: every code', (_name, format) => {
    const codes = Array.from({ length: 2 ** format.bits }, (_, c) => c);
    const bytes = packCodes(codes, format.bits);
    expect(disagreements(format, bytes, codes.length)).toEqual([]);
  });

  it('f32: random bit patterns (NaN payloads, subnormals, −0)', () => {
    const bytes = randomBytes(4096, 32);
    bytes.set([0, 0, 0, 0x80, 1, 0, 0, 0, 0, 0, 0x80, 0x7f, 1, 0, 0xc0, 0xff], 0);
    expect(disagreements(f32, bytes, 1024)).toEqual([]);
  });

  it.each(blocks.map((f) => [f.name, f] as const))('%s: random blocks', (_name, format) => {
    const count = format.block!.size * 8;
    const bytes = randomBytes(format.byteLength(count), format.name.length * 7919);
    expect(disagreements(format, bytes, count)).toEqual([]);
  });

  it.each(blocks.filter((f) => fixtureNames.has(f.name)).map((f) => [f.name, f] as const))(
    '%s: ggml’s fixture blocks',
    (_name, format) => {
      const bytes = fixtureBytes(`ggml-blocks/${format.name}.bin`);
      const count = (bytes.length / format.block!.bytes) * format.block!.size;
      expect(disagreements(format, bytes, count)).toEqual([]);
    },
  );
});
