import { Decode, GetRows, Linear, listFormats } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines } from '../cross-check.ts';

/**
 * Formats wasm has no decoder for yet (their codec runs in JS on a view of linear memory, and
 * linear decodes all of W through it): the list may only shrink.
 */
const STILL_ON_CODEC = [
  'any4_g128',
  'q2_K',
  'q3_K',
  'iq4_xs',
  'tq1_0',
  'iq2_xxs',
  'iq2_xs',
  'iq2_s',
  'iq3_xxs',
  'iq3_s',
  'iq1_s',
  'iq1_m',
  'q1_0',
  'q2_0',
];

/** Why the plan of `op` on `format` is not a wasm kernel of the trait table, or ''. */
async function detour(op: string, format: string): Promise<string> {
  const { wasm } = await engines();
  const formats = op === Linear ? ['f32', format] : [format];
  const plan = wasm.plan(op, formats, 'wasm');
  if (plan.viaCpu) return plan.route;
  if (plan.kernel.formats?.includes('*') || plan.decode.length > 0) return plan.route;
  return '';
}

describe('engine.plan() on wasm: every registered format runs a wasm kernel of the trait table', async () => {
  await engines();
  const names = listFormats().map((f) => f.name);
  it.each([Decode, GetRows, Linear])(
    '%s: only the formats still on their codec detour',
    async (op) => {
      const detours: string[] = [];
      for (const name of names) if (await detour(op, name)) detours.push(name);
      expect(names.length).toBeGreaterThan(60);
      expect(detours).toEqual(STILL_ON_CODEC);
    },
  );
});
