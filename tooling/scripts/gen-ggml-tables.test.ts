import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without type declarations
import { render, source, target } from './gen-ggml-tables.mjs';

it('the checked-in ggml grid tables are exactly what the generator makes from the fixture', () => {
  const expected = (render as (json: unknown) => string)(
    JSON.parse(readFileSync(source as URL, 'utf8')),
  );
  expect(readFileSync(target as URL, 'utf8')).toBe(expected);
});
