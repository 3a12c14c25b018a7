/**
 * Pre-tokenizer splitting as llama.cpp's `unicode_regex_split` (src/unicode.cpp) does it: each
 * regex of the list splits every piece the previous one left — matches and the gaps between
 * them both become pieces. The regexes are llama.cpp's (ECMAScript syntax, run here as JS `u`
 * regexes); `\s` is llama.cpp's whitespace set, not JS's. Two entries are not regexes but names
 * of llama.cpp's hand-written splitters (`\p{AFMoE_digits}`, and the digit grouping it reuses).
 */
import { WHITESPACE_CLASS } from './unicode.ts';

type Splitter = (piece: string) => string[];

/** Rewrites `\s` / `\S` to llama.cpp's whitespace set, inside and outside character classes. */
export function toJsRegexSource(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === 's') out += inClass ? WHITESPACE_CLASS : `[${WHITESPACE_CLASS}]`;
      else if (next === 'S' && !inClass) out += `[^${WHITESPACE_CLASS}]`;
      else out += ch + (next ?? '');
      i++;
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return out;
}

function regexSplitter(source: string): Splitter {
  const re = new RegExp(toJsRegexSource(source), 'gu');
  return (piece) => {
    const out: string[] = [];
    let last = 0;
    re.lastIndex = 0;
    for (let m = re.exec(piece); m; m = re.exec(piece)) {
      if (m.index > last) out.push(piece.slice(last, m.index));
      if (m[0].length > 0) out.push(m[0]);
      else re.lastIndex += piece.codePointAt(m.index)! > 0xffff ? 2 : 1;
      last = m.index + m[0].length;
    }
    if (last < piece.length) out.push(piece.slice(last));
    return out;
  };
}

const digit = /^\p{N}$/u;

/**
 * llama.cpp's `unicode_regex_split_custom_afmoe`: a run of n digits splits into a leading
 * n mod 3 digits (joined to any text before them) and then groups of three.
 */
const afmoeDigits: Splitter = (piece) => {
  const chars = [...piece];
  const out: string[] = [];
  let pending = '';
  for (let i = 0; i < chars.length; ) {
    if (!digit.test(chars[i]!)) {
      pending += chars[i++];
      continue;
    }
    let end = i;
    while (end < chars.length && digit.test(chars[end]!)) end++;
    let at = i;
    const lead = (end - i) % 3;
    if (lead > 0) {
      out.push(pending + chars.slice(at, at + lead).join(''));
      pending = '';
      at += lead;
    }
    for (; at < end; at += 3) {
      if (pending) out.push(pending);
      pending = '';
      out.push(chars.slice(at, at + 3).join(''));
    }
    i = end;
  }
  if (pending) out.push(pending);
  return out;
};

/** Kimi-K2's pattern (tokenization_kimi.py), with `&&[^\p{Han}]` as a `v`-mode set difference. */
const KIMI_K2 =
  "[\\p{Script=Han}]+|[^\\r\\n\\p{L}\\p{N}]?[[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]--\\p{Script=Han}]*[[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]--\\p{Script=Han}]+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?[[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]--\\p{Script=Han}]+[[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]--\\p{Script=Han}]*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function kimiSplitter(): Splitter {
  const re = new RegExp(toJsRegexSource(KIMI_K2), 'gv');
  return (piece) => {
    const out: string[] = [];
    let last = 0;
    for (const m of piece.matchAll(re)) {
      if (m.index > last) out.push(piece.slice(last, m.index));
      out.push(m[0]);
      last = m.index + m[0].length;
    }
    if (last < piece.length) out.push(piece.slice(last));
    return out;
  };
}

function splitterFor(source: string): Splitter {
  if (source === '\\p{AFMoE_digits}' || source === '\\d{1,3}(?=(?:\\d{3})*\\b)') return afmoeDigits;
  if (source === '\\p{Han}+') return kimiSplitter();
  return regexSplitter(source);
}

/** Compiles a llama.cpp regex list once; the result splits text into pre-tokenizer words. */
export function compileSplit(sources: readonly string[]): (text: string) => string[] {
  const splitters = sources.map(splitterFor);
  return (text) => {
    let pieces = text === '' ? [] : [text];
    for (const split of splitters) pieces = pieces.flatMap(split);
    return pieces;
  };
}
