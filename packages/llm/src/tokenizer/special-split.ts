/**
 * Splitting text around special tokens before the algorithm runs (llama.cpp's
 * `tokenizer_st_partition`): user-defined tokens always, control and unknown tokens only when
 * `parseSpecial` — then `<s>` written in the text becomes the BOS id.
 */
import { TokenType, type Vocab } from './vocab.ts';

export type Fragment = { text: string } | { token: number };

export function splitSpecial(vocab: Vocab, text: string, parseSpecial: boolean): Fragment[] {
  let fragments: Fragment[] = text === '' ? [] : [{ text }];
  for (const id of vocab.specials) {
    const type = vocab.type(id);
    if (!parseSpecial && (type === TokenType.Control || type === TokenType.Unknown)) continue;
    const special = vocab.texts[id]!;
    const next: Fragment[] = [];
    for (const fragment of fragments) {
      if (!('text' in fragment)) {
        next.push(fragment);
        continue;
      }
      let from = 0;
      for (
        let at = fragment.text.indexOf(special);
        at >= 0;
        at = fragment.text.indexOf(special, from)
      ) {
        if (at > from) next.push({ text: fragment.text.slice(from, at) });
        next.push({ token: id });
        from = at + special.length;
      }
      if (from < fragment.text.length) next.push({ text: fragment.text.slice(from) });
    }
    fragments = next;
  }
  return fragments;
}
