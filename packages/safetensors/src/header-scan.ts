/**
 * One linear pass over a safetensors JSON header before JSON.parse: nesting deeper than the
 * format needs, and duplicate keys, are refused here. A valid header nests three levels at most
 * (the header object → a tensor entry or `__metadata__` → a shape or data_offsets array), so a
 * hostile one cannot make JSON.parse recurse or allocate beyond a small constant per byte (at
 * millions of levels V8 dies with an uncatchable out-of-memory). JSON.parse reports any other
 * syntax error afterwards.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';

export const MAX_HEADER_DEPTH = 3;

export interface HeaderScan {
  /** Characters looked at (the pass's work; at most the header's length). */
  scanned: number;
  /** Structural tokens seen: brackets, braces, colons, commas and strings. */
  tokens: number;
  /** Deepest nesting reached. */
  depth: number;
}

interface Level {
  /** Keys of an object so far; null for an array. */
  keys: Set<string> | null;
  /** The key this container is the value of ("" for the header itself), for messages. */
  owner: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function corrupt(file: string, offset: number, why: string): LowbitError {
  return new LowbitError(
    ErrorCode.FileCorrupt,
    `${file}: the JSON header ${why} (at character ${offset}).`,
    {
      details: { field: 'header', offset },
    },
  );
}

/** Checks depth and duplicate keys of `text` in one pass; throws E_FILE_CORRUPT. */
export function scanHeader(text: string, file: string): HeaderScan {
  const stack: Level[] = [];
  let tokens = 0;
  let deepest = 0;
  let expectKey = false;
  let lastKey = '';
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) !== BACKSLASH) continue;
        escaped = true;
        i++;
      }
      tokens++;
      if (!expectKey) continue;
      expectKey = false;
      const top = stack[stack.length - 1]!;
      let key = text.slice(start + 1, i);
      if (escaped) {
        try {
          key = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          continue; // JSON.parse of the whole header names the syntax error
        }
      }
      if (top.keys!.has(key)) {
        const where = top.owner === '' ? 'the header' : `"${top.owner}"`;
        throw corrupt(file, start, `has key "${key}" twice in ${where}; each key must appear once`);
      }
      top.keys!.add(key);
      lastKey = key;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      tokens++;
      if (stack.length === MAX_HEADER_DEPTH)
        throw corrupt(
          file,
          i,
          `nests deeper than the ${MAX_HEADER_DEPTH} levels a safetensors header has`,
        );
      stack.push({ keys: c === 0x7b ? new Set() : null, owner: stack.length === 0 ? '' : lastKey });
      deepest = Math.max(deepest, stack.length);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      tokens++;
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      tokens++;
      expectKey = stack[stack.length - 1]?.keys != null;
    } else if (c === 0x3a /* : */) tokens++;
  }
  return { scanned: Math.min(i, text.length), tokens, depth: deepest };
}
