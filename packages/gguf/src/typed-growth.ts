/** Growing typed arrays by doubling, so columns of unknown final length cost amortised O(1) per item. */

type Growable = Uint8Array | Uint32Array | Float64Array;

/** `array` if it holds `needed` items, else a copy at least twice as long. */
export function ensureLength<T extends Growable>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const Constructor = array.constructor as new (length: number) => T;
  const next = new Constructor(Math.max(needed, 2 * array.length));
  next.set(array);
  return next;
}
