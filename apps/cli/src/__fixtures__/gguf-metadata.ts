import { type GgufArray, type GgufScalar, GgufType, type GgufValue } from '@lowbit/gguf';

/** GGUF metadata as [key, type, value] rows, arrays (plain, typed or lazy) as plain arrays. */
export function metadataRows(metadata: ReadonlyMap<string, GgufValue>): unknown[] {
  const plain = (value: GgufScalar | GgufArray): unknown =>
    typeof value === 'object'
      ? {
          itemType: value.itemType,
          items: Array.from(value.items as ArrayLike<GgufScalar | GgufArray>, plain),
        }
      : value;
  return [...metadata].map(([key, { type, value }]) => [key, type, plain(value)]);
}

export const ggufArray = (itemType: number, items: unknown): GgufValue => ({
  type: GgufType.ARRAY,
  value: { itemType, items } as GgufArray,
});

/** One key of every GGUF value type, with the values JSON cannot hold as they are. */
export function everyGgufValueType(): Map<string, GgufValue> {
  const m = new Map<string, GgufValue>();
  m.set('general.architecture', { type: GgufType.STRING, value: 'llama' });
  m.set('u8', { type: GgufType.UINT8, value: 255 });
  m.set('i8', { type: GgufType.INT8, value: -128 });
  m.set('u16', { type: GgufType.UINT16, value: 65535 });
  m.set('i16', { type: GgufType.INT16, value: -32768 });
  m.set('u32', { type: GgufType.UINT32, value: 4294967295 });
  m.set('i32 same value as u32', { type: GgufType.INT32, value: 5 });
  m.set('u32 five', { type: GgufType.UINT32, value: 5 });
  m.set('f32 five', { type: GgufType.FLOAT32, value: 5 });
  m.set('f32', { type: GgufType.FLOAT32, value: Math.fround(1e-5) });
  m.set('f64 -0', { type: GgufType.FLOAT64, value: -0 });
  m.set('bool', { type: GgufType.BOOL, value: false });
  m.set('u64', { type: GgufType.UINT64, value: 2n ** 64n - 1n });
  m.set('i64', { type: GgufType.INT64, value: -(2n ** 63n) });
  m.set('42', { type: GgufType.STRING, value: 'an integer-like key keeps its place' });
  m.set('lowbit.gguf.metadata', { type: GgufType.STRING, value: 'a GGUF key named like ours' });
  m.set('empty string', { type: GgufType.STRING, value: '' });
  m.set('tokens', ggufArray(GgufType.STRING, ['<unk>', '"quoted"', '▁the', '\u0000']));
  m.set(
    'scores',
    ggufArray(GgufType.FLOAT32, Float32Array.of(0, -1.5, Number.NEGATIVE_INFINITY, Number.NaN, -0)),
  );
  m.set('token types', ggufArray(GgufType.INT32, Int32Array.of(1, 2, 3, -1)));
  m.set('u64s', ggufArray(GgufType.UINT64, BigUint64Array.of(0n, 2n ** 64n - 1n)));
  m.set('bools', ggufArray(GgufType.BOOL, [true, false]));
  m.set('nested', ggufArray(GgufType.ARRAY, [{ itemType: GgufType.UINT8, items: [1, 2] }]));
  m.set('empty array', ggufArray(GgufType.FLOAT64, []));
  return m;
}
