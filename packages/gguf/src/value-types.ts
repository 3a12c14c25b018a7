/** GGUF metadata value types (gguf.md, "gguf_metadata_value_type") and their JS forms. */

export const GgufType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

export type GgufTypeId = (typeof GgufType)[keyof typeof GgufType];

/** Bytes of each fixed-size type (strings and arrays are variable). */
export const FIXED_SIZE: Partial<Record<number, number>> = {
  [GgufType.UINT8]: 1,
  [GgufType.INT8]: 1,
  [GgufType.UINT16]: 2,
  [GgufType.INT16]: 2,
  [GgufType.UINT32]: 4,
  [GgufType.INT32]: 4,
  [GgufType.FLOAT32]: 4,
  [GgufType.BOOL]: 1,
  [GgufType.UINT64]: 8,
  [GgufType.INT64]: 8,
  [GgufType.FLOAT64]: 8,
};

/** Smallest encoding of one value of a type (for count-vs-remaining checks). */
export function minimumSize(type: number): number {
  return FIXED_SIZE[type] ?? (type === GgufType.STRING ? 8 : 12);
}

export type GgufScalar = number | bigint | boolean | string;

export interface GgufArray {
  itemType: GgufTypeId;
  items: GgufScalar[] | GgufArray[];
}

/** A metadata value with its GGUF type kept, so a written file reproduces the original bytes. */
export interface GgufValue {
  type: GgufTypeId;
  value: GgufScalar | GgufArray;
}

export function isKnownType(type: number): type is GgufTypeId {
  return Number.isInteger(type) && type >= 0 && type <= 12;
}
