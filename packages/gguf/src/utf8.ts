/** Strict UTF-8 (WHATWG's fatal decoder) for GGUF strings: validate without decoding, decode on demand. */

// ignoreBOM keeps a leading U+FEFF (a real token in SentencePiece vocabularies) instead of dropping it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8; throws a TypeError on malformed input. */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Whether `bytes` is well-formed UTF-8; builds no string when it is ASCII (tensor names nearly always are). */
export function isUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && bytes[i]! < 0x80) i++;
  if (i === bytes.length) return true;
  try {
    decoder.decode(bytes.subarray(i));
    return true;
  } catch {
    return false;
  }
}
