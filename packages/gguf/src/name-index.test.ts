import { describe, expect, it } from 'vitest';
import { fnv1a, NameIndex } from './name-index.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

function indexOf(names: string[], index = new NameIndex()) {
  for (const name of names) index.append(bytes(name));
  return { index, repeated: index.index() };
}

describe('NameIndex', () => {
  it('finds names by index and by string, with a few probes per name', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `blk.${i}.ffn_up.weight`);
    names.push('', 'é', '\uFEFFbom');
    const { index, repeated } = indexOf(names);
    expect(repeated).toBe(-1);
    expect(index.count).toBe(names.length);
    names.forEach((name, i) => {
      expect(index.indexOf(name)).toBe(i);
      expect(index.name(i)).toBe(name);
    });
    expect(index.indexOf('blk.5000.ffn_up.weight')).toBe(-1);
    expect(index.usesMap).toBe(false);
    expect(index.probes).toBeLessThanOrEqual(4 * names.length);
  });

  it('reports the first name that repeats an earlier one', () => {
    expect(indexOf(['a', 'b', 'é', 'c', 'b', 'é']).repeated).toBe(4);
    expect(indexOf(['', 'x', '']).repeated).toBe(2);
  });

  it('names crafted to collide switch it to a Map: work stays linear, answers unchanged', () => {
    const count = 5000;
    const names = Array.from({ length: count }, (_, i) => `t${i}`);
    const { index, repeated } = indexOf(names, new NameIndex(() => 7)); // one probe chain
    expect(repeated).toBe(-1);
    expect(index.usesMap).toBe(true);
    expect(index.indexOf('t4999')).toBe(4999);
    expect(index.indexOf('nope')).toBe(-1);
    // Without the switch this chain would cost count² / 2 ≈ 1.25e7 probes.
    expect(index.probes).toBeLessThanOrEqual(8 * count + 1025);
    expect(indexOf([...names, 't123'], new NameIndex(() => 7)).repeated).toBe(count);
  });

  it('hashes with FNV-1a (32-bit test vectors)', () => {
    expect(fnv1a(bytes(''), 0, 0)).toBe(0x811c9dc5);
    expect(fnv1a(bytes('a'), 0, 1)).toBe(0xe40c292c);
    expect(fnv1a(bytes('foobar'), 0, 6)).toBe(0xbf9cf968);
  });
});
