/** Cases and their readable ids: `linear [f32, q4_0] 3×64 · 5×64: fused, q8 activations`. */
import type { ConformanceCase, Operand, Tolerance } from './case.ts';

export function shapesText(operands: readonly Operand[]): string {
  return operands.map((o) => o.shape.join('×') || 'scalar').join(' · ');
}

export function caseId(op: string, operands: readonly Operand[], note = ''): string {
  const formats = operands.map((o) => o.format).join(', ');
  return `${op} [${formats}] ${shapesText(operands)}${note ? `: ${note}` : ''}`;
}

/** A case of `op` on `operands`, named by them and `note`. */
export function makeCase(
  op: string,
  operands: Operand[],
  attrs: object,
  tolerance: Tolerance,
  note: string,
): ConformanceCase {
  return { id: caseId(op, operands, note), op, attrs, operands, tolerance };
}
