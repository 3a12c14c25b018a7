import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesSource } from '@lowbit/core';
import { openGguf } from '@lowbit/gguf';
import { openSafetensors } from '@lowbit/safetensors';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lowbit-convert-'));
const out = (name: string) => join(dir, name);
const read = (path: string) => new Uint8Array(readFileSync(path));

async function convert(...argv: string[]) {
  const io = collectIo();
  expect(await run(['convert', ...argv], io), io.err).toBe(0);
}

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

  it('re-encodes 2-D weights that fit the format, and keeps the rest', async () => {
    await convert(fixture('gguf/stories260K.gguf'), out('q8.gguf'), '--format', 'q8_0');
    const file = await openGguf(bytesSource(read(out('q8.gguf'))));
    expect(file.tensorInfo('blk.0.attn_q.weight').format.name).toBe('q8_0');
    expect(file.tensorInfo('blk.0.ffn_down.weight').format.name).toBe('f32'); // rows of 172
    expect(file.tensorInfo('blk.0.attn_norm.weight').format.name).toBe('f32');
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
