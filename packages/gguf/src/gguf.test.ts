import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gguf as hfGguf } from '@huggingface/gguf';
import { blobSource, bytesSource } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  llamaHyperparameters,
  openGguf,
  serializeGguf,
  toGgufInput,
  tokenizerOf,
} from './index.ts';
import { fileSource, openGgufFile, writeGgufFile } from './node.ts';

const dir = fileURLToPath(new URL('../../../fixtures/gguf/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.gguf'));
const bytesOf = (f: string) => new Uint8Array(readFileSync(join(dir, f)));

describe.each(files)('%s', (name) => {
  it('round-trips read → write → identical bytes', async () => {
    const original = bytesOf(name);
    const file = await openGguf(bytesSource(original), { name });
    expect(file.version).toBe(3);
    const written = serializeGguf(await toGgufInput(file));
    expect(written.length).toBe(original.length);
    expect(Buffer.compare(written, original)).toBe(0);
  });

  it('agrees with @huggingface/gguf on metadata, tensor names, shapes, types and offsets', async () => {
    const file = await openGgufFile(join(dir, name));
    const peer = await hfGguf(join(dir, name), { allowLocalFile: true, typedMetadata: true });
    // The peer decodes strings with a default TextDecoder, which drops a leading U+FEFF (the
    // SentencePiece vocab has such a token); we keep it, so the file round-trips. Compare without it.
    const normalise = (v: unknown): unknown =>
      typeof v === 'string'
        ? v.replace(/^\uFEFF/, '')
        : typeof v === 'bigint'
          ? Number(v)
          : Array.isArray(v)
            ? v.map(normalise)
            : v && typeof v === 'object' && 'items' in v
              ? normalise((v as { items: unknown[] }).items)
              : v;
    for (const [key, { type, value }] of file.metadata) {
      const theirs = (
        peer.typedMetadata as unknown as Record<string, { type: number; value: unknown }>
      )[key]!;
      expect(theirs, key).toBeDefined();
      expect(theirs.type, key).toBe(type);
      expect(normalise(theirs.value), key).toEqual(normalise(value));
    }
    expect(Number(peer.tensorDataOffset)).toBe(file.dataOffset);
    expect(peer.tensorInfos.map((t) => t.name)).toEqual(file.tensors.map((t) => t.name));
    peer.tensorInfos.forEach((t, i) => {
      const ours = file.tensors[i]!;
      expect(t.shape.map(Number)).toEqual(ours.dims);
      expect(t.dtype).toBe(ours.ggmlType);
      expect(Number(t.offset)).toBe(ours.offset);
    });
    await file.close();
  });
});

describe('GGUF content', () => {
  it('reads stories260K: llama hyperparameters, the 512-token vocab, 48 F32 tensors', async () => {
    const file = await openGguf(bytesSource(bytesOf('stories260K.gguf')));
    expect(file.tensors.length).toBe(48);
    expect(file.metadata.size).toBe(19);
    expect(file.alignment).toBe(32);
    expect(llamaHyperparameters(file)).toMatchObject({
      architecture: 'llama',
      contextLength: 2048,
      embeddingLength: 64,
      feedForwardLength: 172,
      blockCount: 5,
      headCount: 8,
      headCountKv: 4,
      ropeDimensionCount: 8,
    });
    const tokenizer = tokenizerOf(file);
    expect(tokenizer.model).toBe('llama');
    expect(tokenizer.tokens.length).toBe(512);
    expect(file.tensorInfo('token_embd.weight')).toMatchObject({ shape: [512, 64], ggmlType: 0 });
  });

  it('decodes the quantized copies close to the F32 original', async () => {
    const f32 = await openGguf(bytesSource(bytesOf('stories260K.gguf')));
    const reference = await f32.readTensor('blk.0.attn_q.weight');
    for (const [file, limit] of [
      ['stories260K-q8_0.gguf', 1e-3],
      ['stories260K-q4_0.gguf', 0.03],
      ['stories260K-mxfp4.gguf', 0.05],
      ['stories260K-f16.gguf', 1e-6],
    ] as const) {
      const q = await openGguf(bytesSource(bytesOf(file)));
      const info = q.tensorInfo('blk.0.attn_q.weight');
      const approx = await q.readTensor('blk.0.attn_q.weight');
      let num = 0;
      let den = 0;
      for (let i = 0; i < reference.length; i++) {
        num += (reference[i]! - approx[i]!) ** 2;
        den += reference[i]! ** 2;
      }
      expect(num / den, `${file} (${info.format.name})`).toBeLessThan(limit);
    }
  });

  it('reads the same header from a Blob and from a file handle', async () => {
    const bytes = bytesOf('stories260K-q4_0.gguf');
    const fromBlob = await openGguf(blobSource(new Blob([bytes])));
    const fromFile = await openGgufFile(join(dir, 'stories260K-q4_0.gguf'));
    expect(fromBlob.tensors).toEqual(fromFile.tensors);
    expect(await fromBlob.readTensorBytes('output.weight')).toEqual(
      await fromFile.readTensorBytes('output.weight'),
    );
    await fromFile.close();
  });

  it('reads only the header and the requested tensor of a 1 GB file', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'lowbit-gguf-'));
    const path = join(scratch, 'sparse.gguf');
    const hugeBytes = 1 << 30;
    const header = sparseHeader(hugeBytes);
    const small = new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer);
    const fd = openSync(path, 'w');
    writeSync(fd, header.bytes);
    writeSync(fd, small, 0, small.length, header.dataOffset + hugeBytes);
    ftruncateSync(fd, header.dataOffset + hugeBytes + 32);
    closeSync(fd);
    const source = await fileSource(path);
    let read = 0;
    const counting = {
      size: source.size,
      read: (offset: number, length: number) => {
        read += length;
        return source.read(offset, length);
      },
    };
    const file = await openGguf(counting);
    expect(source.size).toBeGreaterThan(hugeBytes);
    expect(file.tensorInfo('huge').byteLength).toBe(hugeBytes);
    expect(Array.from(await file.readTensor('small'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(read).toBeLessThan(70_000);
    await source.close?.();
  });

  it('writes atomically: a failed write leaves no file and no temporary behind', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'lowbit-gguf-'));
    await expect(
      writeGgufFile(join(scratch, 'missing-dir', 'x.gguf'), { metadata: new Map(), tensors: [] }),
    ).rejects.toMatchObject({
      code: 'E_FILE_IO',
    });
    expect(readdirSync(scratch)).toEqual([]);
    await writeGgufFile(join(scratch, 'ok.gguf'), { metadata: new Map(), tensors: [] });
    expect(readdirSync(scratch)).toEqual(['ok.gguf']);
  });
});

/** A GGUF header declaring a huge F32 tensor first and an 8-value one right after it. */
function sparseHeader(hugeBytes: number) {
  const parts: number[] = [];
  const u32 = (v: number) => parts.push(...new Uint8Array(new Uint32Array([v]).buffer));
  const u64 = (v: number) => parts.push(...new Uint8Array(new BigUint64Array([BigInt(v)]).buffer));
  const str = (s: string) => {
    u64(s.length);
    for (const c of s) parts.push(c.charCodeAt(0));
  };
  u32(0x46554747);
  u32(3);
  u64(2);
  u64(0);
  for (const [name, count, offset] of [
    ['huge', hugeBytes / 4, 0],
    ['small', 8, hugeBytes],
  ] as const) {
    str(name);
    u32(1);
    u64(count);
    u32(0);
    u64(offset);
  }
  while (parts.length % 32) parts.push(0);
  return { bytes: Uint8Array.from(parts), dataOffset: parts.length };
}
