/**
 * Code point classes as llama.cpp's src/unicode.cpp sees them (`unicode_cpt_flags`): its
 * whitespace set (Python's `str.isspace`, not JS `\s`, which adds U+FEFF and drops U+0085),
 * general categories through JS `\p{…}`, single-code-point lowercase and NFD base letters.
 */

/** llama.cpp's `unicode_set_whitespace`, as the body of a regex character class. */
export const WHITESPACE_CLASS =
  '\\t-\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';

const whitespace = new RegExp(`^[${WHITESPACE_CLASS}]$`, 'u');
const punctuation = /^\p{P}$/u;
const symbol = /^\p{S}$/u;
const accentMark = /^\p{M}$/u;
const control = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;

export const isWhitespace = (ch: string): boolean => whitespace.test(ch);
export const isPunctuation = (ch: string): boolean => punctuation.test(ch);
export const isSymbol = (ch: string): boolean => symbol.test(ch);
export const isAccentMark = (ch: string): boolean => accentMark.test(ch);
export const isControl = (ch: string): boolean => control.test(ch);

/** Lowercase when it stays one code point (llama.cpp's `unicode_map_lowercase` is 1:1). */
export function lowercaseOne(ch: string): string {
  const lower = ch.toLowerCase();
  return lower.length === ch.length || [...lower].length === 1 ? lower : ch;
}

/** The first code point of the NFD form (llama.cpp's `unicode_cpts_normalize_nfd`). */
export function nfdBase(ch: string): string {
  const nfd = ch.normalize('NFD');
  return String.fromCodePoint(nfd.codePointAt(0)!);
}

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => encoder.encode(s);
