import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesSource } from '@lowbit/core';
import { GgufType, openGguf, serializeGguf } from '@lowbit/gguf';
import { openSafetensors, serializeSafetensors } from '@lowbit/safetensors';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { everyGgufValueType, metadataRows } from '../__fixtures__/gguf-metadata.ts';
import { run } from '../index.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lowbit-convert-'));
const out = (name: string) => join(dir, name);
const read = (path: string) => new Uint8Array(readFileSync(path));

async function convert(...argv: string[]) {
  const io = collectIo();
  expect(await run(['convert', ...argv], io), io.err).toBe(0);
  return io.err;
}

async function convertFails(...argv: string[]) {
  const io = collectIo();
  expect(await run(['convert', ...argv], io), io.err).toBe(1);
  return io.err;
}

const openGgufAt = async (path: string) => openGguf(bytesSource(read(path)));
const tensorBytes = (file: { tensors: readonly { byteLength: number }[] }) =>
  file.tensors.reduce((sum, t) => sum + t.byteLength, 0);

describe('lowbit convert', () => {
  it('GGUF → GGUF without a format reproduces the file byte for byte', async () => {
    await convert(fixture('gguf/stories260K-q4_0.gguf'), out('same.gguf'));
    expect(
      Buffer.compare(read(out('same.gguf')), read(fixture('gguf/stories260K-q4_0.gguf'))),
    ).toBe(0);
  });

  it('llama2.c → GGUF keeps every weight and the llama hyperparameters', async () => {
    await convert(fixture('llama2c/stories260K.bin'), out('l2c.gguf'));
    const converted = await openGguf(bytesSource(read(out('l2c.gguf'))));
    const original = await openGguf(bytesSource(read(fixture('gguf/stories260K.gguf'))));
    expect(converted.get('llama.block_count')).toBe(5);
    for (const name of ['token_embd.weight', 'blk.0.attn_q.weight', 'blk.4.ffn_down.weight']) {
      expect(await converted.readTensor(name), name).toEqual(await original.readTensor(name));
    }
  });

  it('re-encodes 2-D weights that fit the format, keeps the rest, and says which and why', async () => {
    const log = await convert(fixture('gguf/stories260K.gguf'), out('q8.gguf'), '--format', 'q8_0');
    const source = await openGgufAt(fixture('gguf/stories260K.gguf'));
    const file = await openGgufAt(out('q8.gguf'));
    expect(file.tensorInfo('blk.0.attn_q.weight').format.name).toBe('q8_0');
    expect(file.tensorInfo('blk.0.ffn_down.weight').format.name).toBe('f32'); // rows of 172
    expect(file.tensorInfo('blk.0.attn_norm.weight').format.name).toBe('f32');
    expect(log).toContain('blk.0.attn_q.weight: f32 → q8_0');
    expect(log).toContain(
      "blk.0.ffn_down.weight: kept f32 (rows of 172 are not a multiple of q8_0's 32-value blocks)",
    );
    expect(log).toContain('blk.0.attn_norm.weight: kept f32 (not a 2-D weight)');
    const fit = source.tensors.filter((t) => t.dims.length === 2 && t.dims[0]! % 32 === 0);
    const reencoded = file.tensors.filter((t) => t.format.name === 'q8_0');
    expect(reencoded.map((t) => t.name)).toEqual(fit.map((t) => t.name));
    expect(log).toContain(
      `re-encoded ${fit.length} of ${source.tensors.length} tensors to q8_0, kept ${source.tensors.length - fit.length}`,
    );
    expect(log).toContain(`tensor data ${tensorBytes(source)} → ${tensorBytes(file)} bytes`);
  });

  it('fails, writing nothing, when no tensor fits the format (q4_K on rows of 64)', async () => {
    for (const input of ['gguf/stories260K.gguf', 'llama2c/stories260K.bin']) {
      const target = out(`q4k-${input.replace('/', '-')}.gguf`);
      const log = await convertFails(fixture(input), target, '--format', 'q4_K');
      expect(log).toMatch(/^E_UNSUPPORTED: Nothing was re-encoded to q4_K\b.*--allow-partial/m);
      expect(log).toContain(
        "blk.0.attn_q.weight: kept f32 (rows of 64 are not a multiple of q4_K's 256-value blocks)",
      );
      expect(log).toMatch(/re-encoded 0 of \d+ tensors to q4_K/);
      expect(existsSync(target), target).toBe(false);
    }
  });

  it('--allow-partial writes the file anyway and says nothing was re-encoded', async () => {
    const log = await convert(
      fixture('gguf/stories260K.gguf'),
      out('partial.gguf'),
      '--format',
      'q4_K',
      '--allow-partial',
    );
    expect(log).toContain('re-encoded 0 of 48 tensors to q4_K, kept 48');
    const file = await openGgufAt(out('partial.gguf'));
    expect(file.tensors.every((t) => t.format.name === 'f32')).toBe(true);
  });

  it('counts tensors already in the format as converted, and says so', async () => {
    const log = await convert(
      fixture('gguf/stories260K-q8_0.gguf'),
      out('again-q8.gguf'),
      '--format',
      'q8_0',
    );
    expect(log).toContain('blk.0.attn_q.weight: kept q8_0 (already q8_0)');
    expect(log).toContain('blk.0.ffn_down.weight: kept f16 (rows of 172');
    expect(
      Buffer.compare(read(out('again-q8.gguf')), read(fixture('gguf/stories260K-q8_0.gguf'))),
    ).toBe(0);
  });

  it('names a decode-only format as the reason nothing was re-encoded', async () => {
    const log = await convertFails(
      fixture('gguf/stories260K.gguf'),
      out('iq.gguf'),
      '--format',
      'iq2_xxs',
    );
    expect(log).toContain('blk.0.attn_q.weight: kept f32 (iq2_xxs can be decoded but not encoded)');
    expect(log).toMatch(/^E_UNSUPPORTED: Nothing was re-encoded to iq2_xxs/m);
  });

  it('GGUF → safetensors → GGUF keeps every metadata key, value and type (and the bytes)', async () => {
    await convert(fixture('gguf/stories260K.gguf'), out('meta.safetensors'));
    await convert(out('meta.safetensors'), out('meta-back.gguf'));
    const original = await openGgufAt(fixture('gguf/stories260K.gguf'));
    const back = await openGgufAt(out('meta-back.gguf'));
    expect(back.metadata.size).toBe(19);
    expect(metadataRows(back.metadata)).toEqual(metadataRows(original.metadata));
    expect(
      Buffer.compare(read(out('meta-back.gguf')), read(fixture('gguf/stories260K.gguf'))),
    ).toBe(0);
    const stored = await openSafetensors(bytesSource(read(out('meta.safetensors'))));
    expect(stored.metadata['general.architecture']).toBe('llama');
  });

  it('keeps every GGUF value type through safetensors, arrays and 64-bit integers included', async () => {
    const metadata = everyGgufValueType();
    writeFileSync(
      out('types.gguf'),
      serializeGguf({
        metadata,
        tensors: [{ name: 'w', dims: [4, 2], ggmlType: 0, data: new Uint8Array(32) }],
      }),
    );
    await convert(out('types.gguf'), out('types.safetensors'));
    await convert(out('types.safetensors'), out('types-back.gguf'));
    const back = await openGgufAt(out('types-back.gguf'));
    expect(metadataRows(back.metadata)).toEqual(
      metadataRows((await openGgufAt(out('types.gguf'))).metadata),
    );
  });

  it('turns foreign safetensors metadata into GGUF string keys', async () => {
    writeFileSync(
      out('hf.safetensors'),
      serializeSafetensors([{ name: 'w', dtype: 'F32', shape: [2], data: new Uint8Array(8) }], {
        format: 'pt',
        'total.size': '8',
      }),
    );
    await convert(out('hf.safetensors'), out('hf.gguf'));
    const file = await openGgufAt(out('hf.gguf'));
    expect(metadataRows(file.metadata)).toEqual([
      ['format', GgufType.STRING, 'pt'],
      ['total.size', GgufType.STRING, '8'],
    ]);
  });

  it('GGUF → safetensors dequantizes types safetensors cannot hold', async () => {
    await convert(fixture('gguf/stories260K-q4_0.gguf'), out('q4.safetensors'));
    const file = await openSafetensors(bytesSource(read(out('q4.safetensors'))));
    const source = await openGguf(bytesSource(read(fixture('gguf/stories260K-q4_0.gguf'))));
    expect(file.tensorInfo('blk.0.attn_q.weight').dtype.name).toBe('F32');
    expect(file.tensorInfo('blk.0.ffn_down.weight').dtype.name).toBe('F16');
    expect(await file.readTensor('blk.0.attn_q.weight')).toEqual(
      await source.readTensor('blk.0.attn_q.weight'),
    );
  });

  it('refuses unknown targets and formats the container cannot store', async () => {
    for (const [argv, message] of [
      [
        [fixture('gguf/stories260K.gguf'), out('x.onnx')],
        /^E_USAGE: Cannot tell the output container/,
      ],
      [
        [fixture('gguf/stories260K.gguf'), out('x.safetensors'), '--format', 'q4_0'],
        /^E_UNSUPPORTED: safetensors cannot store q4_0/,
      ],
    ] as const) {
      const io = collectIo();
      expect(await run(['convert', ...argv], io)).not.toBe(0);
      expect(io.err).toMatch(message);
    }
  });
});
