/**
 * What `lowbit convert` does to each tensor, decided from shapes and formats before any data is
 * read: re-encode it to --format, copy its bytes, widen it to f32 (the target has no type for its
 * format), or drop it — each with the reason it is not re-encoded, for the per-tensor report.
 */
import type { Format } from '@lowbit/core';
import { ggmlTypeOf } from '@lowbit/formats';
import type { ModelTensor } from '@lowbit/models';
import { dtypeForFormat } from '@lowbit/safetensors';

export type Target = 'gguf' | 'safetensors';

export interface TensorPlan {
  tensor: ModelTensor;
  action: 're-encode' | 'copy' | 'to-f32' | 'drop';
  /** The format written (absent when dropped). */
  out?: Format;
  /** Why the tensor is not re-encoded to --format, or why it is dropped or widened. */
  reason?: string;
}

export function storable(format: Format | undefined, target: Target): boolean {
  if (!format) return false;
  return target === 'gguf'
    ? ggmlTypeOf(format) !== undefined
    : dtypeForFormat(format) !== undefined;
}

const canEncode = (format: Format) =>
  !('canEncode' in format) || (format as { canEncode: boolean }).canEncode;

/** Why `tensor` cannot be re-encoded to `format`, or undefined when it can. */
function misfit(tensor: ModelTensor, format: Format): string | undefined {
  if (tensor.format === format) return `already ${format.name}`;
  if (tensor.shape.length !== 2) return 'not a 2-D weight';
  if (!canEncode(format)) return `${format.name} can be decoded but not encoded`;
  const row = tensor.shape[1]!;
  if (format.block && row % format.block.size !== 0)
    return `rows of ${row} are not a multiple of ${format.name}'s ${format.block.size}-value blocks`;
  return undefined;
}

export function planTensor(
  tensor: ModelTensor,
  format: Format | undefined,
  target: Target,
  f32: Format,
): TensorPlan {
  const reason = format && misfit(tensor, format);
  if (format && reason === undefined) return { tensor, action: 're-encode', out: format };
  if (storable(tensor.format, target))
    return { tensor, action: 'copy', out: tensor.format, reason };
  const widened = `${target} has no type for ${tensor.type}`;
  return { tensor, action: 'to-f32', out: f32, reason: reason ? `${reason}; ${widened}` : widened };
}

/** One line per tensor: `name: from → to`, or `name: kept F (reason)`. */
export function describePlan(plan: TensorPlan): string {
  const { tensor, action, out, reason } = plan;
  switch (action) {
    case 're-encode':
      return `${tensor.name}: ${tensor.type} → ${out!.name}`;
    case 'copy':
      return `${tensor.name}: kept ${tensor.type}${reason ? ` (${reason})` : ''}`;
    case 'to-f32':
      return `${tensor.name}: ${tensor.type} → f32 (${reason})`;
    case 'drop':
      return `${tensor.name}: dropped (${reason})`;
  }
}

/** True when --format was given and no written tensor ends up in it. */
export function nothingConverted(plans: readonly TensorPlan[], format: Format): boolean {
  return !plans.some((p) => p.out === format);
}

/** How many tensors were re-encoded, kept, widened or dropped. */
export function summarize(plans: readonly TensorPlan[], format: Format | undefined): string {
  const count = (action: TensorPlan['action']) => plans.filter((p) => p.action === action).length;
  const dropped = count('drop');
  const parts = format
    ? [
        `re-encoded ${count('re-encode')} of ${plans.length} tensors to ${format.name}, kept ${plans.length - count('re-encode') - dropped}`,
      ]
    : [`copied ${count('copy')} of ${plans.length} tensors`, `widened ${count('to-f32')} to f32`];
  if (dropped) parts.push(`dropped ${dropped}`);
  return parts.join(', ');
}
