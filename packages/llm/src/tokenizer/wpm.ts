/**
 * WordPiece as llama.cpp's `llm_tokenizer_wpm_session` (src/llama-vocab.cpp): BERT's basic
 * preprocessing (drop control characters, lowercase, strip accents to the NFD base letter, split
 * on whitespace, punctuation, ASCII symbols and CJK ideographs), then greedy longest-match of
 * `▁word` against the vocabulary; a word with any unmatched part becomes `[UNK]`.
 */
import {
  isAccentMark,
  isControl,
  isPunctuation,
  isSymbol,
  isWhitespace,
  lowercaseOne,
  nfdBase,
} from './unicode.ts';
import type { Vocab } from './vocab.ts';

function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    // 0x2B920, not 0x2B820: llama.cpp follows HF's Rust code here.
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** llama.cpp's `preprocess`: the words WordPiece then matches. */
export function wpmWords(text: string, lowercase: boolean, stripAccents: boolean): string[] {
  const words: string[] = [''];
  for (const raw of text) {
    const ch = stripAccents ? nfdBase(raw) : raw;
    const cp = ch.codePointAt(0)!;
    if (isWhitespace(ch)) {
      if (words.at(-1)) words.push('');
      continue;
    }
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (stripAccents && isAccentMark(ch)) continue;
    const s = lowercase ? lowercaseOne(ch) : ch;
    if (isPunctuation(ch) || (cp < 0x7f && isSymbol(ch)) || isChineseChar(cp)) {
      if (words.at(-1)) words.push('');
      words[words.length - 1] = s;
      words.push('');
    } else {
      words[words.length - 1] += s;
    }
  }
  if (!words.at(-1)) words.pop();
  return words;
}

export function wpmTokenize(vocab: Vocab, text: string, out: number[]): void {
  const { lowercase = true, stripAccents = lowercase } = vocab.spec;
  for (const word of wpmWords(text, lowercase, stripAccents)) {
    if (word === '') continue;
    const chars = [...`\u2581${word}`];
    const before = out.length;
    for (let i = 0; i < chars.length; i++) {
      let matched = false;
      for (let j = Math.min(chars.length, i + vocab.maxTokenChars + 1); j > i; j--) {
        const id = vocab.id(chars.slice(i, j).join(''));
        if (id !== undefined) {
          out.push(id);
          matched = true;
          i = j - 1;
          break;
        }
      }
      if (!matched) {
        out.length = before;
        break;
      }
    }
    if (out.length === before && vocab.spec.unk !== undefined) out.push(vocab.spec.unk);
  }
}
