import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { ANY_FORMAT, type KernelConfig } from './kernel.ts';

function formatsKey(formats: readonly string[] | undefined): string {
  return formats ? formats.join(',') : '(f32…)';
}

function matchScore(config: KernelConfig, operands: readonly string[]): number {
  if (!config.formats) return operands.every((f) => f === 'f32') ? operands.length : -1;
  if (config.formats.length !== operands.length) return -1;
  let score = 0;
  for (let i = 0; i < operands.length; i++) {
    const wanted = config.formats[i];
    if (wanted === operands[i]) score++;
    else if (wanted !== ANY_FORMAT) return -1;
  }
  return score;
}

/** (op, backend, operand formats) → kernel. The most specific match wins; see `find`. */
export class KernelRegistry {
  private readonly byOp = new Map<string, KernelConfig[]>();
  private changes = 0;

  /** Grows with every registration or removal; plans made at another version are stale. */
  get version(): number {
    return this.changes;
  }

  register(config: KernelConfig): void {
    if (!config.op || !config.backend || typeof config.fn !== 'function') {
      throw new LowbitError(
        ErrorCode.Argument,
        'registerKernel needs { op, backend, fn } with a non-empty op and backend name.',
      );
    }
    const list = this.byOp.get(config.op) ?? [];
    const key = formatsKey(config.formats);
    const index = list.findIndex(
      (k) => k.backend === config.backend && formatsKey(k.formats) === key,
    );
    if (index >= 0) {
      if (!config.override) {
        throw new LowbitError(
          ErrorCode.KernelExists,
          `A kernel for op "${config.op}" on backend "${config.backend}" with formats [${key}] ` +
            'is already registered. Unregister it first or pass { override: true }.',
          { details: { op: config.op, backend: config.backend, formats: key } },
        );
      }
      list.splice(index, 1);
    }
    list.push(config);
    this.byOp.set(config.op, list);
    this.changes++;
  }

  /** Removes the kernels of (op, backend) — only those with exactly `formats` if given. */
  unregister(op: string, backend: string, formats?: readonly string[]): boolean {
    const list = this.byOp.get(op);
    if (!list) return false;
    const key = formats && formatsKey(formats);
    const kept = list.filter(
      (k) => k.backend !== backend || (key !== undefined && formatsKey(k.formats) !== key),
    );
    this.byOp.set(op, kept);
    this.changes++;
    return kept.length !== list.length;
  }

  unregisterBackend(backend: string): void {
    this.changes++;
    for (const [op, list] of this.byOp)
      this.byOp.set(
        op,
        list.filter((k) => k.backend !== backend),
      );
  }

  /**
   * The kernel for `op` on `backend` whose formats match `operands`, preferring the one with
   * the most exact (non-wildcard) matches and, among equals, the latest registered.
   */
  find(op: string, backend: string, operands: readonly string[]): KernelConfig | undefined {
    let best: KernelConfig | undefined;
    let bestScore = -1;
    for (const config of this.byOp.get(op) ?? []) {
      if (config.backend !== backend) continue;
      const score = matchScore(config, operands);
      if (score >= bestScore && score >= 0) {
        best = config;
        bestScore = score;
      }
    }
    return best;
  }

  /** Every op with at least one kernel. */
  ops(): string[] {
    return [...this.byOp].filter(([, list]) => list.length > 0).map(([op]) => op);
  }

  /** The kernels registered for one backend. */
  forBackend(backend: string): KernelConfig[] {
    return [...this.byOp.values()].flat().filter((k) => k.backend === backend);
  }
}
