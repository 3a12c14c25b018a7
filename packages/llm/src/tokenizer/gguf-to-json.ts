/**
 * Test helper: writes a Hugging Face `tokenizer.json` for a GGUF vocabulary, the way HF's own
 * converters shape them (Llama: BPE + Prepend/Replace normalizer + byte_fallback, merges from
 * SentencePiece scores; GPT-2: BPE + ByteLevel; BERT: WordPiece + BertNormalizer).
 */
import type { VocabSpec } from './vocab.ts';
import { TokenType } from './vocab.ts';

function addedTokens(spec: VocabSpec) {
  return spec.tokens.flatMap((content, id) => {
    const type = spec.types?.[id];
    const special = type === TokenType.Control || type === TokenType.Unknown;
    return special || type === TokenType.UserDefined ? [{ id, content, special }] : [];
  });
}

/** SentencePiece scores as ranked merges: every split of every token, best-scoring token first. */
function mergesFromScores(spec: VocabSpec): [string, string][] {
  const ids = new Map(spec.tokens.map((t, i) => [t, i]));
  const found: { left: string; right: string; score: number; id: number }[] = [];
  spec.tokens.forEach((t, id) => {
    const chars = [...t];
    for (let k = 1; k < chars.length; k++) {
      const left = chars.slice(0, k).join('');
      const right = chars.slice(k).join('');
      if (ids.has(left) && ids.has(right))
        found.push({ left, right, score: spec.scores?.[id] ?? 0, id });
    }
  });
  found.sort((a, b) => b.score - a.score || a.id - b.id);
  return found.map((m) => [m.left, m.right]);
}

export function ggufSpecToJson(spec: VocabSpec): string {
  const vocab: Record<string, number> = {};
  if (spec.algorithm === 'wpm') {
    spec.tokens.forEach((t, i) => {
      const type = spec.types?.[i] ?? TokenType.Normal;
      vocab[type !== TokenType.Normal ? t : t.startsWith('\u2581') ? t.slice(1) : `##${t}`] = i;
    });
    return JSON.stringify({
      added_tokens: addedTokens(spec),
      normalizer: { type: 'BertNormalizer', lowercase: spec.lowercase, strip_accents: null },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      decoder: { type: 'WordPiece', prefix: '##' },
      model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', vocab },
    });
  }
  spec.tokens.forEach((t, i) => {
    vocab[t] = i;
  });
  if (spec.algorithm === 'spm') {
    return JSON.stringify({
      added_tokens: addedTokens(spec),
      normalizer: {
        type: 'Sequence',
        normalizers: [
          { type: 'Prepend', prepend: '\u2581' },
          { type: 'Replace', pattern: { String: ' ' }, content: '\u2581' },
        ],
      },
      pre_tokenizer: null,
      decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Fuse' }] },
      model: {
        type: 'BPE',
        byte_fallback: true,
        unk_token: '<unk>',
        vocab,
        merges: mergesFromScores(spec),
      },
    });
  }
  return JSON.stringify({
    added_tokens: addedTokens(spec),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, use_regex: true },
    decoder: { type: 'ByteLevel' },
    model: { type: 'BPE', vocab, merges: spec.merges },
  });
}
