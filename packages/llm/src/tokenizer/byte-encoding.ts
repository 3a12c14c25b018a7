/**
 * GPT-2's byte-level alphabet (openai/gpt-2 encoder.py `bytes_to_unicode`, llama.cpp
 * `unicode_byte_to_utf8_map`): printable bytes stand for themselves, the other 68 map to
 * U+0100 onwards, so every byte string is a string of visible characters.
 */
const byteToChar: string[] = [];
const charToByte = new Map<string, number>();
{
  const visible = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const ch = String.fromCodePoint(visible(b) ? b : 256 + extra++);
    byteToChar[b] = ch;
    charToByte.set(ch, b);
  }
}

export function byteEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += byteToChar[b];
  return out;
}

/** The bytes a byte-level token spells; characters outside the alphabet are kept as UTF-8. */
export function byteDecode(text: string, out: number[]): void {
  for (const ch of text) {
    const b = charToByte.get(ch);
    if (b !== undefined) out.push(b);
    else out.push(...new TextEncoder().encode(ch));
  }
}
