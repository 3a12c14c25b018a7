// ggml's own packed bytes and decodes (fixtures/ggml-blocks): decode bit for bit, and encode
// with relative MSE within 5% of ggml's reference quantizer on the same input.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bitMismatches,
  fixtureBytes,
  fixtureFloats,
  fixtureJson,
  fixturesRoot,
  relativeMse,
} from '../../../../tooling/test-helpers/fixtures.ts';
import { mxfp4 } from '../block/mx.ts';
import { nvfp4 } from '../block/nvfp4.ts';
import { formatForGgmlType, ggmlBlockFormats, ggmlTypeOf } from './ggml-types.ts';

interface GgmlCase {
  name: string;
  ggml_type: number;
  block_size: number;
  type_size: number;
  packed: string;
  dequant: string;
  rel_mse: number;
}

const manifest = fixtureJson<{ types: GgmlCase[] }>('ggml-blocks/manifest.json');
const input = fixtureFloats('ggml-blocks/input.f32');
const supported = manifest.types.filter((t) => formatForGgmlType(t.ggml_type));

describe.each(supported.map((t) => [t.name, t] as const))('%s', (_name, t) => {
  const format = formatForGgmlType(t.ggml_type)!;

  it('has ggml’s block size and bytes', () => {
    expect(format.block?.size ?? 1).toBe(t.block_size);
    expect(format.byteLength(t.block_size)).toBe(t.type_size);
  });

  it('decodes ggml’s bytes bit for bit', () => {
    const got = format.decode(fixtureBytes(`ggml-blocks/${t.packed}`), input.length);
    expect(bitMismatches(got, fixtureFloats(`ggml-blocks/${t.dequant}`))).toEqual([]);
  });
});

const canEncode = (t: GgmlCase) => {
  const format = formatForGgmlType(t.ggml_type)!;
  return !('canEncode' in format) || (format as { canEncode: boolean }).canEncode;
};

describe.each(supported.filter(canEncode).map((t) => [t.name, t] as const))(
  '%s encoder',
  (_name, t) => {
    it('stays within 5% of ggml’s relative MSE on the fixture input', () => {
      const format = formatForGgmlType(t.ggml_type)!;
      const error = relativeMse(input, format.decode(format.encode(input), input.length));
      expect(error).toBeLessThanOrEqual(t.rel_mse * 1.05);
    });
  },
);

it('has an encoder for every type that needs one', () => {
  const required = [
    'q4_0',
    'q4_1',
    'q5_0',
    'q5_1',
    'q8_0',
    'q2_K',
    'q3_K',
    'q4_K',
    'q5_K',
    'q6_K',
    'iq4_nl',
    'tq1_0',
    'tq2_0',
    'mxfp4',
  ];
  const missing = required.filter((name) => {
    const t = manifest.types.find((m) => m.name === name)!;
    return !formatForGgmlType(t.ggml_type) || !canEncode(t);
  });
  expect(missing).toEqual([]);
});

it('has a manifest entry for every fixture file on disk, and decodes every one of them', () => {
  const onDisk = readdirSync(new URL('ggml-blocks/', fixturesRoot))
    .filter((file) => file.endsWith('.bin'))
    .map((file) => file.slice(0, -'.bin'.length))
    .sort();
  expect(manifest.types.map((t) => t.name).sort()).toEqual(onDisk);
  const missing = manifest.types.filter((t) => !formatForGgmlType(t.ggml_type)).map((t) => t.name);
  expect(missing).toEqual([]);
});

it('has a fixture for every ggml block format this package defines', () => {
  const inManifest = new Set(manifest.types.map((t) => t.ggml_type));
  const untested = [...ggmlBlockFormats, mxfp4, nvfp4]
    .filter((format) => !inManifest.has(ggmlTypeOf(format)!))
    .map((format) => format.name);
  expect(untested).toEqual([]);
});
