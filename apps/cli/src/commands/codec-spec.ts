/**
 * What `--format` names for encode/decode: a plain registered format (`int4`, `q4_K`) is the raw
 * codec, packed bytes and nothing else; a spec with parts (`int4/g32`, `fp8_e4m3fn/ch`) is a
 * scaled quantization as `analyze` runs it, stored as a quantized file (@lowbit/quant).
 */
import { type Format, getFormat } from '@lowbit/core';
import { type FormatSpec, parseFormatSpec } from '@lowbit/quant';

export type CodecSpec = { kind: 'raw'; format: Format } | { kind: 'scaled'; spec: FormatSpec };

export function isScaledSpec(text: string): boolean {
  return text.includes('/');
}

export function parseCodecSpec(text: string): CodecSpec {
  return isScaledSpec(text)
    ? { kind: 'scaled', spec: parseFormatSpec(text) }
    : { kind: 'raw', format: getFormat(text.trim()) };
}
