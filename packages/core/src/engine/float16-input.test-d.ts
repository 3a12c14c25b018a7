/**
 * Type-level test, checked by `tsconfig.float16.json` (lib ES2023 + esnext.float16): the real
 * lib's Float16Array is accepted by `tensor()`. The package itself type-checks without that lib
 * (`tsconfig.json`), so users on older libs are not asked for it.
 */
import { expectTypeOf } from 'vitest';
import { type NumericArray, tensor } from '../index.ts';

expectTypeOf<Float16Array>().toExtend<NumericArray>();
expectTypeOf(tensor).toBeCallableWith(new Float16Array(4), [2, 2]);
// Other typed arrays and plain objects are still told apart.
expectTypeOf<BigInt64Array>().not.toExtend<NumericArray>();
expectTypeOf<{ length: number }>().not.toExtend<NumericArray>();
