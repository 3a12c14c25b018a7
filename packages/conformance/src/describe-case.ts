/** Readable case ids: `linear [f32, q4_0] 3×64 · 5×64: fused, q8 activations`. */
import type { Operand } from './case.ts';

export function shapesText(operands: readonly Operand[]): string {
  return operands.map((o) => o.shape.join('×') || 'scalar').join(' · ');
}

export function caseId(op: string, operands: readonly Operand[], note = ''): string {
  const formats = operands.map((o) => o.format).join(', ');
  return `${op} [${formats}] ${shapesText(operands)}${note ? `: ${note}` : ''}`;
}
