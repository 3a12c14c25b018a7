import { describe, expect, it } from 'vitest';
import { int8 } from '../scalar/integers.ts';
import { formatForGgmlType, ggmlTypeOf } from './ggml-types.ts';

describe('ggml type ids', () => {
  it('GGML_TYPE_I8 (24) is int8, both ways', () => {
    expect(formatForGgmlType(24)).toBe(int8);
    expect(ggmlTypeOf(int8)).toBe(24);
  });
});
