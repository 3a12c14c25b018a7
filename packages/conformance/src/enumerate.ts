/**
 * Which cases run: the (op, formats) signatures a backend registered, with `'*'` expanded to
 * every registered format, plus the decode-fallback signatures (an f32 kernel reached by
 * decoding packed operands with the backend's own decode kernels). Nothing here is a hand-kept
 * list of ops, so a kernel is covered the day it is registered — or reported uncovered.
 */
import { ANY_FORMAT, type Engine, FALLBACK_BACKEND } from '@lowbit/core';
import type { OpFamily, Signature } from './case.ts';

const key = (s: Signature) => `${s.op}|${s.formats?.join(',') ?? '(f32…)'}|${s.path ?? 'kernel'}`;

export function registeredSignatures(
  engine: Engine,
  backend: string,
  formatNames: readonly string[],
): Signature[] {
  const found = new Map<string, Signature>();
  for (const { op, formats, activations } of engine.kernels.forBackend(backend)) {
    const expanded = formats?.includes(ANY_FORMAT)
      ? formatNames.map((name) => formats.map((f) => (f === ANY_FORMAT ? name : f)))
      : [formats];
    for (const f of expanded)
      found.set(key({ op, formats: f }), { op, formats: f, ...(activations && { activations }) });
  }
  return [...found.values()];
}

/**
 * For each op with an f32 kernel whose family names a packable operand: that operand in every
 * encodable format the backend decodes itself, where no kernel takes the format directly.
 */
export function fallbackSignatures(
  registered: readonly Signature[],
  families: ReadonlyMap<string, OpFamily>,
  hasExact: (op: string, formats: readonly string[]) => boolean,
  encodable: readonly string[],
): Signature[] {
  const decoded = registered
    .filter((s) => s.op === 'decode' && s.formats?.[0] !== 'f32')
    .filter((s) => encodable.includes(s.formats![0]!))
    .map((s) => s.formats![0]!);
  const out: Signature[] = [];
  for (const { op, formats } of registered) {
    if (formats) continue;
    const slot = families.get(op)?.fallbackOperand?.(op);
    if (slot === undefined) continue;
    for (const format of decoded) {
      const operands = ['f32', 'f32'].map((f, i) => (i === slot ? format : f));
      if (!hasExact(op, operands)) out.push({ op, formats: operands, path: 'decode-fallback' });
    }
  }
  return out;
}

/**
 * The cpu kernels of ops `backend` has no kernel for at all (they run on cpu through the engine's
 * fallback, when the backend reads synchronously): covered on the backend as the route users get.
 */
export function cpuFallbackSignatures(
  engine: Engine,
  backend: string,
  formatNames: readonly string[],
): Signature[] {
  if (backend === FALLBACK_BACKEND || !engine.backends.has(FALLBACK_BACKEND)) return [];
  const own = new Set(engine.kernels.forBackend(backend).map((k) => k.op));
  return registeredSignatures(engine, FALLBACK_BACKEND, formatNames)
    .filter((s) => !own.has(s.op))
    .map((s) => ({ ...s, path: 'cpu-fallback' as const }));
}
