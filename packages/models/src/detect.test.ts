import { readFileSync } from 'node:fs';
import { bytesSource, ErrorCode } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { detectContainer } from './detect.ts';

const fixture = (path: string) =>
  readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url));

describe('detectContainer', () => {
  it('goes by magic before the name', async () => {
    const gguf = bytesSource(fixture('gguf/stories260K.gguf'));
    const safetensors = bytesSource(fixture('safetensors/f.safetensors'));
    expect(await detectContainer(gguf, 'renamed.bin')).toBe('gguf');
    expect(await detectContainer(safetensors, 'renamed.bin')).toBe('safetensors');
    expect(await detectContainer(safetensors, 'weights')).toBe('safetensors');
  });

  it('takes a .bin without either magic as a llama2.c checkpoint', async () => {
    expect(await detectContainer(bytesSource(fixture('llama2c/stories260K.bin')), 'x.bin')).toBe(
      'llama2c',
    );
  });

  it('refuses anything else with E_FILE_CORRUPT, short files included', async () => {
    const text = bytesSource(new TextEncoder().encode('just some text, no model here'));
    for (const source of [text, bytesSource(new Uint8Array(2)), bytesSource(new Uint8Array(0))]) {
      await expect(detectContainer(source, 'notes.txt')).rejects.toMatchObject({
        code: ErrorCode.FileCorrupt,
        message: expect.stringContaining('notes.txt'),
      });
    }
  });
});
