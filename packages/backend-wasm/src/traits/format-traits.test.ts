import { Decode, GetRows, Linear, listFormats } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines } from '../cross-check.ts';

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
    '%s: no format detours through its codec or cpu',
    async (op) => {
      const detours: string[] = [];
      for (const name of names) if (await detour(op, name)) detours.push(name);
      expect(names.length).toBeGreaterThan(60);
      expect(detours).toEqual([]);
    },
  );
});
