/**
 * Dispatch plans cached per (op, backend, operand formats), with everything a call needs
 * resolved once: the backends' instances and the kernel context. A lookup compares strings
 * and allocates nothing; the whole cache is dropped when the kernel or backend registry
 * changes (their `version` counters), so a plan never outlives a registration.
 */
import type { Backend } from '../backend/backend.ts';
import type { KernelContext } from '../kernel/kernel.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { DispatchPlan } from './dispatch-plan.ts';

export interface CachedPlan {
  readonly plan: DispatchPlan;
  /** The backend the operands live on, where results go. */
  readonly home: Backend;
  /** The backend whose kernels run (`home`, or cpu on a detour). */
  readonly runner: Backend;
  readonly context: KernelContext;
}

export class PlanCache {
  private readonly byOp = new Map<string, CachedPlan[]>();
  private kernelsVersion = -1;
  private backendsVersion = -1;
  /** Plans made since the engine was created (cache misses). */
  planned = 0;

  /** Empties the cache unless it was filled at exactly these registry versions. */
  sync(kernelsVersion: number, backendsVersion: number): void {
    if (kernelsVersion === this.kernelsVersion && backendsVersion === this.backendsVersion) return;
    this.byOp.clear();
    this.kernelsVersion = kernelsVersion;
    this.backendsVersion = backendsVersion;
  }

  find(op: string, home: string, inputs: readonly Tensor[]): CachedPlan | undefined {
    const list = this.byOp.get(op);
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i]!;
      if (entry.plan.from === home && sameFormats(entry.plan.formats, inputs)) return entry;
    }
    return undefined;
  }

  add(entry: CachedPlan): void {
    this.planned++;
    const list = this.byOp.get(entry.plan.op);
    if (list) list.push(entry);
    else this.byOp.set(entry.plan.op, [entry]);
  }
}

function sameFormats(formats: readonly string[], inputs: readonly Tensor[]): boolean {
  if (formats.length !== inputs.length) return false;
  for (let i = 0; i < inputs.length; i++) if (formats[i] !== inputs[i]!.format.name) return false;
  return true;
}
