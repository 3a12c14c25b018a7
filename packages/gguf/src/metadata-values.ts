/**
 * Reading GGUF metadata values (gguf.md, "gguf_metadata_kv_t"). Scalars are decoded at once;
 * an array is only walked — its structure checked, nothing decoded — and kept as its encoded
 * bytes: its items are decoded on first access (strings included) and the writer copies the
 * bytes back as they were. Opening a file thus costs O(header bytes), not O(items) objects.
 */
import { type Cursor, Cursor as CursorClass, type Label } from './cursor.ts';
import {
  FIXED_SIZE,
  type GgufArray,
  type GgufScalar,
  GgufType,
  type GgufTypeId,
  isKnownType,
  minimumSize,
} from './value-types.ts';

export interface ValueLimits {
  maxStringBytes: number;
  maxArrayItems: number;
  maxDepth: number;
}

function checkBool(cursor: Cursor, b: number, what: Label): number {
  if (b > 1) throw cursor.corrupt(what, `is a bool of value ${b} (must be 0 or 1)`);
  return b;
}

function readScalar(cursor: Cursor, type: number, what: Label, limits: ValueLimits): GgufScalar {
  if (type === GgufType.STRING) return cursor.string(what, limits.maxStringBytes);
  const { view, at } = cursor.scalar(FIXED_SIZE[type]!, what);
  switch (type) {
    case GgufType.UINT8:
      return view.getUint8(at);
    case GgufType.INT8:
      return view.getInt8(at);
    case GgufType.UINT16:
      return view.getUint16(at, true);
    case GgufType.INT16:
      return view.getInt16(at, true);
    case GgufType.UINT32:
      return view.getUint32(at, true);
    case GgufType.INT32:
      return view.getInt32(at, true);
    case GgufType.FLOAT32:
      return view.getFloat32(at, true);
    case GgufType.BOOL:
      return checkBool(cursor, view.getUint8(at), what) === 1;
    case GgufType.UINT64:
      return view.getBigUint64(at, true);
    case GgufType.INT64:
      return view.getBigInt64(at, true);
    default:
      return view.getFloat64(at, true);
  }
}

/** An array's item type and count, checked against the limits and the bytes that remain. */
function arrayHeader(cursor: Cursor, what: Label, limits: ValueLimits, depth: number) {
  if (depth >= limits.maxDepth)
    throw cursor.corrupt(what, `nests arrays deeper than ${limits.maxDepth}`);
  const itemType = cursor.u32(() => `${typeof what === 'string' ? what : what()} item type`);
  if (!isKnownType(itemType)) throw cursor.corrupt(what, `has unknown array item type ${itemType}`);
  const count = cursor.u64(() => `${typeof what === 'string' ? what : what()} count`);
  if (count > limits.maxArrayItems)
    throw cursor.corrupt(what, `claims ${count} items, over the limit of ${limits.maxArrayItems}`);
  if (count * minimumSize(itemType) > cursor.remaining)
    throw cursor.truncated(what, count * minimumSize(itemType));
  return { itemType, count };
}

/** Moves past one value, checking its structure (types, lengths, caps, bools) without decoding it. */
function skipValue(
  cursor: Cursor,
  type: number,
  what: Label,
  limits: ValueLimits,
  depth: number,
): void {
  if (type === GgufType.STRING) cursor.skipString(what, limits.maxStringBytes);
  else if (type !== GgufType.ARRAY) cursor.skip(FIXED_SIZE[type]!, what);
  else {
    const { itemType, count } = arrayHeader(cursor, what, limits, depth);
    skipItems(cursor, itemType, count, what, limits, depth + 1);
  }
}

function skipItems(
  cursor: Cursor,
  itemType: number,
  count: number,
  what: Label,
  limits: ValueLimits,
  depth: number,
): void {
  const size = FIXED_SIZE[itemType];
  if (size !== undefined && itemType !== GgufType.BOOL) {
    cursor.skip(size * count, what);
    return;
  }
  for (let i = 0; i < count; i++) {
    if (itemType === GgufType.BOOL) checkBool(cursor, cursor.u8(what), what);
    else skipValue(cursor, itemType, what, limits, depth);
  }
}

/** One metadata value: scalars decoded, arrays walked and kept as bytes. */
export function readValue(
  cursor: Cursor,
  type: number,
  what: Label,
  limits: ValueLimits,
  depth = 0,
): GgufScalar | GgufArray {
  if (!isKnownType(type)) throw cursor.corrupt(what, `has unknown value type ${type}`);
  if (type !== GgufType.ARRAY) return readScalar(cursor, type, what, limits);
  const { itemType, count } = arrayHeader(cursor, what, limits, depth);
  const start = cursor.position;
  skipItems(cursor, itemType, count, what, limits, depth + 1);
  cursor.stats.valuesDecoded++;
  return new EncodedGgufArray(itemType, count, cursor.since(start), {
    file: cursor.file,
    offset: cursor.base + start,
    what: typeof what === 'string' ? what : what(),
    limits,
    depth,
  });
}

interface Origin {
  file: string;
  /** Absolute offset of the first item. */
  offset: number;
  what: string;
  limits: ValueLimits;
  depth: number;
}

/**
 * A metadata array as read from a file: the items' encoded bytes, decoded into `items` on first
 * access (then cached and frozen, so the bytes the writer copies always match them).
 */
export class EncodedGgufArray implements GgufArray {
  readonly itemType: GgufTypeId;
  declare readonly items: GgufScalar[] | GgufArray[];
  readonly #count: number;
  readonly #bytes: Uint8Array;
  readonly #origin: Origin;
  #items: GgufScalar[] | GgufArray[] | undefined;

  constructor(itemType: GgufTypeId, count: number, bytes: Uint8Array, origin: Origin) {
    this.itemType = itemType;
    this.#count = count;
    this.#bytes = bytes;
    this.#origin = origin;
    // An own enumerable property, so the array compares equal to a plain { itemType, items }.
    Object.defineProperty(this, 'items', { enumerable: true, get: () => this.#decoded() });
  }

  get length(): number {
    return this.#count;
  }

  /** The items exactly as encoded in the file (after the item type and count). */
  get encoded(): Uint8Array {
    return this.#bytes;
  }

  #decoded(): GgufScalar[] | GgufArray[] {
    if (this.#items) return this.#items;
    const { file, offset, what, limits, depth } = this.#origin;
    const cursor = CursorClass.over(this.#bytes, file, offset);
    const items: (GgufScalar | GgufArray)[] = new Array(this.#count);
    for (let i = 0; i < this.#count; i++)
      items[i] = readValue(cursor, this.itemType, () => `${what}[${i}]`, limits, depth + 1);
    this.#items = Object.freeze(items) as GgufScalar[] | GgufArray[];
    return this.#items;
  }
}
