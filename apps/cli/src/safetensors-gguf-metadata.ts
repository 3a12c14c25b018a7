/**
 * GGUF metadata carried through safetensors' `__metadata__` (a string → string map), so that
 * `convert x.gguf s.safetensors && convert s.safetensors x2.gguf` keeps every key, its value and
 * its GGUF value type (gguf.md, "gguf_metadata_value_type").
 *
 * Layout (documented in apps/cli/README.md):
 * - each GGUF string value is stored under its own key, readable by any safetensors tool;
 * - `lowbit.gguf.metadata` holds a JSON array with one entry per GGUF key, in file order:
 *   `{"key": K, "type": T}` for strings (the value is `__metadata__[K]`), and
 *   `{"key": K, "type": T, "value": V}` for everything else, where T is the GGUF type name
 *   (`uint8` … `float64`, `bool`, `string`, `array`) and V is
 *     - a JSON number for 8–32-bit integers and finite floats,
 *     - a decimal string for uint64/int64, and for the floats "NaN", "Infinity", "-Infinity", "-0",
 *     - a JSON boolean or string,
 *     - `{"itemType": T, "items": [V, …]}` for arrays (nested arrays nest the same way).
 * Keys of `__metadata__` that are not ours come back as GGUF string keys.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import {
  DEFAULT_LIMITS,
  type GgufArray,
  type GgufScalar,
  GgufType,
  type GgufTypeId,
  type GgufValue,
} from '@lowbit/gguf';

export const GGUF_METADATA_KEY = 'lowbit.gguf.metadata';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface TypeRule {
  id: GgufTypeId;
  toJson(value: GgufScalar): Json;
  /** The GGUF value, or undefined when `json` is not a valid value of this type. */
  fromJson(json: Json): GgufScalar | undefined;
}

function integer(min: number, max: number): Omit<TypeRule, 'id'> {
  return {
    toJson: (value) => Number(value),
    fromJson: (json) =>
      typeof json === 'number' && Number.isInteger(json) && json >= min && json <= max
        ? json
        : undefined,
  };
}

function integer64(min: bigint, max: bigint): Omit<TypeRule, 'id'> {
  return {
    toJson: (value) => BigInt(value as number | bigint).toString(),
    fromJson: (json) => {
      if (typeof json !== 'string' || !/^-?\d+$/.test(json)) return undefined;
      const value = BigInt(json);
      return value >= min && value <= max ? value : undefined;
    },
  };
}

// JSON has no NaN, Infinity or −0: those travel as strings.
const SPECIAL_FLOATS = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
]);

const float: Omit<TypeRule, 'id'> = {
  toJson: (value) => {
    const n = Number(value);
    return Number.isFinite(n) && !Object.is(n, -0) ? n : String(Object.is(n, -0) ? '-0' : n);
  },
  fromJson: (json) =>
    typeof json === 'number'
      ? json
      : typeof json === 'string'
        ? SPECIAL_FLOATS.get(json)
        : undefined,
};

const RULES: Record<string, TypeRule> = {
  uint8: { id: GgufType.UINT8, ...integer(0, 0xff) },
  int8: { id: GgufType.INT8, ...integer(-0x80, 0x7f) },
  uint16: { id: GgufType.UINT16, ...integer(0, 0xffff) },
  int16: { id: GgufType.INT16, ...integer(-0x8000, 0x7fff) },
  uint32: { id: GgufType.UINT32, ...integer(0, 0xffff_ffff) },
  int32: { id: GgufType.INT32, ...integer(-0x8000_0000, 0x7fff_ffff) },
  float32: { id: GgufType.FLOAT32, ...float },
  bool: {
    id: GgufType.BOOL,
    // Boolean(): a bool array may be held as bytes (0/1) rather than booleans.
    toJson: (value) => Boolean(value),
    fromJson: (json) => (typeof json === 'boolean' ? json : undefined),
  },
  string: {
    id: GgufType.STRING,
    toJson: (value) => String(value),
    fromJson: (json) => (typeof json === 'string' ? json : undefined),
  },
  uint64: { id: GgufType.UINT64, ...integer64(0n, 2n ** 64n - 1n) },
  int64: { id: GgufType.INT64, ...integer64(-(2n ** 63n), 2n ** 63n - 1n) },
  float64: { id: GgufType.FLOAT64, ...float },
};
const ARRAY = 'array';
const NAMES = new Map<number, string>([
  ...Object.entries(RULES).map(([name, rule]) => [rule.id, name] as const),
  [GgufType.ARRAY, ARRAY],
]);
const RULE_OF = new Map(Object.values(RULES).map((rule) => [rule.id as number, rule]));

function typeName(type: number): string {
  const name = NAMES.get(type);
  if (name === undefined)
    throw new LowbitError(ErrorCode.Argument, `Unknown GGUF metadata value type ${type}.`);
  return name;
}

function valueToJson(type: number, value: GgufScalar | GgufArray): Json {
  if (type !== GgufType.ARRAY) return RULES[typeName(type)]!.toJson(value as GgufScalar);
  const array = value as GgufArray;
  // Array.from: items may be a plain array or a typed/lazy array-like.
  const items = Array.from(array.items as ArrayLike<GgufScalar | GgufArray>, (item) =>
    valueToJson(array.itemType, item),
  );
  return { itemType: typeName(array.itemType), items };
}

/** `__metadata__` for a safetensors file holding these GGUF keys (layout: see the top comment). */
export function safetensorsMetadataFromGguf(
  metadata: ReadonlyMap<string, GgufValue>,
): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const entries: Json[] = [];
  for (const [key, { type, value }] of metadata) {
    if (type === GgufType.STRING && key !== GGUF_METADATA_KEY) {
      out[key] = value as string;
      entries.push({ key, type: 'string' });
    } else {
      entries.push({ key, type: typeName(type), value: valueToJson(type, value) });
    }
  }
  if (entries.length > 0) out[GGUF_METADATA_KEY] = JSON.stringify(entries);
  return out;
}

function corrupt(what: string): never {
  throw new LowbitError(
    ErrorCode.FileCorrupt,
    `safetensors __metadata__["${GGUF_METADATA_KEY}"] ${what}. Remove that key to keep only the plain string metadata.`,
  );
}

// Entry list, entry, then an {itemType, items} object and its list per GGUF array level.
const MAX_JSON_DEPTH = 2 + 2 * DEFAULT_LIMITS.maxDepth;

/** Refuses nesting deeper than ours before JSON.parse, which could exhaust memory on it. */
function checkNesting(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) corrupt(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

const isObject = (json: Json | undefined): json is { [key: string]: Json } =>
  typeof json === 'object' && json !== null && !Array.isArray(json);

function typeIdOf(name: Json | undefined, key: string): GgufTypeId {
  if (name === ARRAY) return GgufType.ARRAY;
  if (typeof name === 'string' && Object.hasOwn(RULES, name)) return RULES[name]!.id;
  return corrupt(`gives "${key}" the unknown type ${JSON.stringify(name)}`);
}

function valueFromJson(type: GgufTypeId, json: Json, key: string): GgufScalar | GgufArray {
  if (type === GgufType.ARRAY) {
    if (!isObject(json) || !Array.isArray(json.items))
      corrupt(`holds an array "${key}" without {itemType, items}`);
    const itemType = typeIdOf(json.itemType, key);
    const items = json.items.map((item) => valueFromJson(itemType, item, key));
    return { itemType, items } as GgufArray;
  }
  const value = RULE_OF.get(type)!.fromJson(json);
  if (value === undefined)
    corrupt(`holds ${JSON.stringify(json)} for "${key}", not a ${typeName(type)}`);
  return value;
}

/**
 * GGUF metadata from a safetensors `__metadata__`: our typed keys in their original order, then
 * every other key as a GGUF string.
 */
export function ggufMetadataFromSafetensors(
  metadata: Readonly<Record<string, string>>,
): Map<string, GgufValue> {
  const out = new Map<string, GgufValue>();
  if (Object.hasOwn(metadata, GGUF_METADATA_KEY)) {
    const text = metadata[GGUF_METADATA_KEY]!;
    checkNesting(text);
    let entries: Json;
    try {
      entries = JSON.parse(text) as Json;
    } catch {
      corrupt('is not JSON');
    }
    if (!Array.isArray(entries)) corrupt('is not a JSON array of {key, type, value} entries');
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.key !== 'string')
        corrupt('has an entry without a string "key"');
      const key = entry.key;
      if (out.has(key)) corrupt(`lists "${key}" twice`);
      const type = typeIdOf(entry.type, key);
      if (type === GgufType.STRING && !Object.hasOwn(entry, 'value')) {
        if (!Object.hasOwn(metadata, key)) corrupt(`lists the string "${key}", which is missing`);
        out.set(key, { type, value: metadata[key]! });
      } else {
        out.set(key, { type, value: valueFromJson(type, entry.value ?? null, key) });
      }
    }
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (key !== GGUF_METADATA_KEY && !out.has(key)) out.set(key, { type: GgufType.STRING, value });
  }
  return out;
}
