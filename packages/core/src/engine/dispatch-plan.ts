/**
 * Kernel resolution with the documented fallback chain (docs/architecture.md):
 *   1. a kernel on the tensor's backend for the operands' formats;
 *   2. on the same backend: decode every non-f32 operand with that backend's `decode` kernel,
 *      then run its float kernel;
 *   3. on the cpu backend: steps 1–2 there, with operands moved to cpu and results moved back.
 * An in-place op's written operand (IN_PLACE_OPERAND) is never decoded: step 2 would write a
 * temporary. On the cpu detour its bytes are written back into the original storage.
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { didYouMean } from '../errors/suggest.ts';
import type { KernelConfig } from '../kernel/kernel.ts';
import type { KernelRegistry } from '../kernel/kernel-registry.ts';
import { Decode, IN_PLACE_OPERAND } from '../kernel/op-names.ts';

export const FALLBACK_BACKEND = 'cpu';

export interface DispatchPlan {
  op: string;
  /** Operand formats the plan was made for. */
  formats: readonly string[];
  /** Backend the operands live on (and results are returned to). */
  from: string;
  /** Backend whose kernels run. */
  backend: string;
  kernel: KernelConfig;
  /** Operands decoded to f32 first, with the decode kernel used for each. */
  decode: { input: number; kernel: KernelConfig }[];
  /** True when operands go to cpu and results come back. */
  viaCpu: boolean;
  /** Index of the operand an in-place op writes (its result is that operand). */
  writes?: number;
  /** The route in words, e.g. `add(f16, f32) on wasm: decode #0 (f16) with wasm decode[f16]; …`. */
  route: string;
}

type LocalPlan = Pick<DispatchPlan, 'op' | 'backend' | 'kernel' | 'decode'>;

function planOn(
  kernels: KernelRegistry,
  op: string,
  formats: readonly string[],
  backend: string,
): LocalPlan | undefined {
  const exact = kernels.find(op, backend, formats);
  if (exact) return { op, backend, kernel: exact, decode: [] };
  const packed = formats.flatMap((f, i) => (f === 'f32' ? [] : [i]));
  if (packed.length === 0) return undefined;
  const kernel = kernels.find(
    op,
    backend,
    formats.map((f) => (f === 'f32' ? f : 'f32')),
  );
  if (!kernel) return undefined;
  const decode: DispatchPlan['decode'] = [];
  if (packed.includes(IN_PLACE_OPERAND.get(op) ?? -1)) return undefined;
  for (const input of packed) {
    const decoder = kernels.find(Decode, backend, [formats[input]!]);
    if (!decoder) return undefined;
    decode.push({ input, kernel: decoder });
  }
  return { op, backend, kernel, decode };
}

export function planDispatch(
  kernels: KernelRegistry,
  op: string,
  formats: readonly string[],
  backend: string,
  hasBackend: (name: string) => boolean,
): DispatchPlan {
  const local = planOn(kernels, op, formats, backend);
  if (local) return complete(local, formats, backend);
  if (backend !== FALLBACK_BACKEND && hasBackend(FALLBACK_BACKEND)) {
    const fallback = planOn(kernels, op, formats, FALLBACK_BACKEND);
    if (fallback) return complete(fallback, formats, backend);
  }
  const known = kernels.ops();
  const hint = known.includes(op) ? '' : didYouMean(op, known);
  throw new LowbitError(
    ErrorCode.KernelMissing,
    `No kernel for op "${op}" with operand formats [${formats.join(', ')}] on backend "${backend}", ` +
      `nor a decode or ${FALLBACK_BACKEND} fallback.${hint} Register one with registerKernel(), or ` +
      `use(cpuBackend()) so the fallback exists.`,
    { details: { op, formats, backend } },
  );
}

function complete(plan: LocalPlan, formats: readonly string[], from: string): DispatchPlan {
  const viaCpu = plan.backend !== from;
  const steps = plan.decode.map(
    ({ input, kernel }) => `decode #${input} (${formats[input]}) with ${kernelLabel(kernel)}`,
  );
  steps.push(kernelLabel(plan.kernel));
  const writes = IN_PLACE_OPERAND.get(plan.op);
  if (viaCpu) {
    steps.unshift(`copy operands to ${plan.backend}`);
    steps.push(
      writes === undefined
        ? `copy results back to ${from}`
        : `write #${writes} back into its ${from} storage`,
    );
  }
  const head = `${plan.op}(${formats.join(', ')}) on ${from}${viaCpu ? ` → ${plan.backend}` : ''}`;
  const route = `${head}: ${steps.join('; ')}`;
  return { ...plan, formats, from, viaCpu, route, ...(writes === undefined ? {} : { writes }) };
}

/** `wasm linear[f32, q4_0]`; `[f32…]` for a float kernel (formats omitted). */
function kernelLabel(kernel: KernelConfig): string {
  return `${kernel.backend} ${kernel.op}[${kernel.formats?.join(', ') ?? 'f32…'}]`;
}
