import { describe, expect, it } from 'vitest';
import { fnv1a, NameIndex } from './name-index.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('NameIndex', () => {
  it('finds names by index and by string, refuses a second copy, and grows', () => {
    const index = new NameIndex();
    const names = Array.from({ length: 5000 }, (_, i) => `blk.${i}.ffn_up.weight`);
    names.push('', 'é', '\uFEFFbom');
    for (const name of names) expect(index.add(bytes(name))).toBe(true);
    expect(index.add(bytes('blk.17.ffn_up.weight'))).toBe(false);
    expect(index.add(bytes('é'))).toBe(false);
    expect(index.count).toBe(names.length);
    names.forEach((name, i) => {
      expect(index.indexOf(name)).toBe(i);
      expect(index.name(i)).toBe(name);
    });
    expect(index.indexOf('blk.5000.ffn_up.weight')).toBe(-1);
    expect(index.usesMap).toBe(false);
    // A few probes per name, rehashes included.
    expect(index.probes).toBeLessThanOrEqual(4 * names.length);
  });

  it('names crafted to collide switch it to a Map: work stays linear, answers unchanged', () => {
    const index = new NameIndex(() => 7); // every name in one probe chain
    const count = 5000;
    for (let i = 0; i < count; i++) expect(index.add(bytes(`t${i}`))).toBe(true);
    expect(index.add(bytes('t123'))).toBe(false);
    expect(index.usesMap).toBe(true);
    expect(index.indexOf('t4999')).toBe(4999);
    expect(index.indexOf('nope')).toBe(-1);
    // Without the switch this chain would cost count² / 2 = 2e8 probes.
    expect(index.probes).toBeLessThanOrEqual(8 * count + 1024);
  });

  it('hashes with FNV-1a (32-bit test vectors)', () => {
    expect(fnv1a(bytes(''), 0, 0)).toBe(0x811c9dc5);
    expect(fnv1a(bytes('a'), 0, 1)).toBe(0xe40c292c);
    expect(fnv1a(bytes('foobar'), 0, 6)).toBe(0xbf9cf968);
  });
});
