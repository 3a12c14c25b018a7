import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { allFormats } from './register-all.ts';

it('the README table has a row for every format', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const missing = ['f32', 'f16', ...allFormats.map((f) => f.name)].filter(
    (name) => !new RegExp(`\\|\\s*\`${name}\`\\s*\\|`).test(readme),
  );
  expect(missing).toEqual([]);
});
