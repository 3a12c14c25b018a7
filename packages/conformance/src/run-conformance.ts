/**
 * runConformance(backend): every case the backend's registered kernels call for, run on that
 * backend and on a private cpu engine (the oracle), compared under each case's tolerance. Reads
 * are async only (`await t.read()`), so a GPU backend can run it. ggml's test-backend-ops is the
 * model: every op on every backend against cpu, with a per-op error bound.
 */
import { cpuBackend } from '@lowbit/backend-cpu';
import {
  type BackendPlugin,
  Engine,
  getFormat,
  LowbitError,
  listFormats,
  sizeOf,
  type Tensor,
} from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import type {
  BadInputCase,
  CaseContext,
  ConformanceCase,
  HostOperand,
  Operand,
  OpFamily,
  Signature,
} from './case.ts';
import { families } from './cases/index.ts';
import { compare } from './compare.ts';
import { shapesText } from './describe-case.ts';
import { cpuFallbackSignatures, fallbackSignatures, registeredSignatures } from './enumerate.ts';

export interface ConformanceOptions {
  /** Only these ops. */
  ops?: readonly string[];
  /** Only cases whose packed formats (operands or encode target) are all in this list. */
  formats?: readonly string[];
  /** The engine holding the backend (default: a new engine with cpu and `plugin`). */
  engine?: Engine;
  /** The backend's plugin, registered on a new engine beside cpu. */
  plugin?: BackendPlugin;
  /** How fused quantized GEMVs treat activations (default `q8`: ggml's int8 per 32). */
  activations?: 'q8' | 'f32';
}

/**
 * `refused`: the backend declined the case with E_UNSUPPORTED (a coded, documented refusal, such
 * as a GPU encode to a block format) where cpu gave a result. Counted and listed, never a pass.
 */
export type CaseStatus = 'pass' | 'fail' | 'uncovered' | 'refused';

export interface CaseResult {
  id: string;
  op: string;
  formats: string[];
  shapes: string;
  /** `exact`, or the relative bound. */
  tolerance: string;
  reason: string;
  /** What the expected values came from. */
  reference: string;
  /** Relative error, or the count of differing elements for exact cases. */
  maxError?: number;
  status: CaseStatus;
  message?: string;
}

export interface ConformanceReport {
  backend: string;
  cases: CaseResult[];
  totals: Record<CaseStatus, number>;
}

/** A case ready to run (one vitest test each in describeConformance). */
export interface PlannedCase {
  id: string;
  op: string;
  run(): Promise<CaseResult>;
}

const silent = { warn: () => {} };
const byOp = new Map<string, OpFamily>(
  families.flatMap((f) => f.ops.map((op) => [op, f] as const)),
);

function referenceEngine(): Engine {
  return new Engine({ logger: silent }).use(cpuBackend());
}

/** Whether the host codec can encode `name` (decode-only formats throw E_UNSUPPORTED). */
function canEncode(name: string): boolean {
  try {
    getFormat(name).encode(new Float32Array(getFormat(name).block?.size ?? 1));
    return true;
  } catch {
    return false;
  }
}

/** Each operand is encoded once, however many engines and cases use it. */
const packedBytes = new WeakMap<Operand, Uint8Array>();

function packed(o: Operand): Uint8Array {
  let bytes = o.bytes ?? packedBytes.get(o);
  if (!bytes) {
    bytes = getFormat(o.format).encode(o.values!, o.encode);
    packedBytes.set(o, bytes);
  }
  return bytes;
}

function hostOperand(o: Operand): HostOperand {
  const bytes = packed(o);
  return {
    format: o.format,
    shape: o.shape,
    bytes,
    values: getFormat(o.format).decode(bytes, sizeOf(o.shape)),
  };
}

function upload(engine: Engine, o: Operand, backend: string): Tensor {
  return engine.fromBytes(packed(o), o.shape, o.format, { backend, mutable: o.mutable });
}

type Outcome = { values: (Float32Array | Uint8Array)[] } | { code: string; message: string };

/** Runs the op on `engine`/`backend` and reads every output back (async only). */
async function execute(
  family: OpFamily,
  c: ConformanceCase,
  engine: Engine,
  backend: string,
): Promise<Outcome> {
  const inputs = c.operands.map((o) => upload(engine, o, backend));
  try {
    const result = family.invoke(c.op, inputs, c.attrs);
    const outputs: Tensor[] = Array.isArray(result) ? result : [result];
    const values = await Promise.all(
      outputs.map((t) => (c.compareBytes ? t.readBytes() : t.read())),
    );
    for (const t of outputs) if (!inputs.includes(t)) t.dispose();
    return { values };
  } catch (error) {
    if (LowbitError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  } finally {
    for (const t of inputs) t.dispose();
  }
}

function describeCase(c: { id: string; op: string; operands: Operand[]; attrs: object }) {
  const formats = c.operands.map((o) => o.format);
  const target = (c.attrs as { format?: unknown }).format;
  if (typeof target === 'string') formats.push(target);
  return { id: c.id, op: c.op, formats, shapes: shapesText(c.operands) };
}

function runCase(
  family: OpFamily,
  c: ConformanceCase,
  engine: Engine,
  backend: string,
  oracle: Engine,
) {
  return async (): Promise<CaseResult> => {
    const base = {
      ...describeCase(c),
      tolerance: c.tolerance.kind === 'exact' ? 'exact' : `${c.tolerance.bound} relative`,
      reason: c.tolerance.reason,
      reference: c.referenceName ?? 'cpu kernels',
    };
    const want: Outcome = c.reference
      ? { values: c.reference(c.operands.map(hostOperand), c.attrs) }
      : await execute(family, c, oracle, 'cpu');
    const got = await execute(family, c, engine, backend);
    // A normal case must run: matching error codes pass only in runBadInput.
    if ('code' in want)
      return {
        ...base,
        status: 'fail',
        message: `the case is broken: the cpu reference threw ${want.code} (fix its operands or attrs)`,
      };
    if ('code' in got && got.code === 'E_UNSUPPORTED')
      return { ...base, status: 'refused', message: `refused with E_UNSUPPORTED: ${got.message}` };
    if ('code' in got)
      return { ...base, status: 'fail', message: `got ${got.code}, cpu gave a result` };
    if (got.values.length !== want.values.length)
      return {
        ...base,
        status: 'fail',
        message: `${got.values.length} outputs, cpu gave ${want.values.length}`,
      };
    let maxError = 0;
    for (let i = 0; i < want.values.length; i++) {
      const result = compare(got.values[i]!, want.values[i]!, c.tolerance);
      maxError = Math.max(maxError, result.error);
      if (!result.pass)
        return { ...base, maxError, status: 'fail', message: `output ${i}: ${result.message}` };
    }
    return { ...base, maxError, status: 'pass' };
  };
}

function runBadInput(family: OpFamily, c: BadInputCase, engine: Engine, backend: string) {
  return async (): Promise<CaseResult> => {
    const base = {
      ...describeCase({ ...c, id: `bad input: ${c.id}` }),
      tolerance: 'error',
      reason: `must throw ${c.codes.join(' or ')}`,
      reference: 'contract',
    };
    const inputs = c.operands.map((o) => upload(engine, o, backend));
    if (c.dispose !== undefined) inputs[c.dispose]!.dispose();
    let code = 'no error';
    try {
      const result = family.invoke(c.op, inputs, c.attrs);
      for (const t of Array.isArray(result) ? result : [result]) t.dispose();
    } catch (error) {
      code = LowbitError.isInstance(error)
        ? error.code
        : `a plain ${(error as Error)?.name ?? 'value'}`;
    } finally {
      for (const t of inputs) t.dispose();
    }
    const pass = c.codes.includes(code);
    return { ...base, status: pass ? 'pass' : 'fail', ...(pass ? {} : { message: `got ${code}` }) };
  };
}

function uncovered(signature: Signature): PlannedCase {
  const formats = signature.formats ? [...signature.formats] : ['f32…'];
  const id = `${signature.op} [${formats.join(', ')}]: uncovered${signature.path === 'decode-fallback' ? ' (decode fallback)' : ''}`;
  const result: CaseResult = {
    id,
    op: signature.op,
    formats,
    shapes: '',
    tolerance: '',
    reason: 'a kernel is registered but no case generator covers it: add cases under src/cases/',
    reference: '',
    status: 'uncovered',
  };
  return { id, op: signature.op, run: async () => result };
}

/** Each case's packed formats (f32 excluded) lie in `allowed`. */
function within(
  c: { operands: Operand[]; attrs: object },
  allowed: readonly string[] | undefined,
): boolean {
  return (
    !allowed ||
    describeCase({ id: '', op: '', ...c }).formats.every((f) => f === 'f32' || allowed.includes(f))
  );
}

async function subjectEngine(backend: string, options: ConformanceOptions): Promise<Engine> {
  if (options.engine) return options.engine;
  const engine = new Engine({ logger: silent }).use(cpuBackend());
  if (options.plugin) engine.use(options.plugin);
  else if (backend !== 'cpu')
    throw new LowbitError(
      'E_ARGUMENT',
      `runConformance("${backend}") needs { plugin } or { engine } holding that backend.`,
    );
  return engine;
}

/** The cases for `backend`, in a stable order, each ready to run. */
export async function planConformance(
  backend: string,
  options: ConformanceOptions = {},
): Promise<PlannedCase[]> {
  registerAllFormats();
  const engine = await subjectEngine(backend, options);
  // A backend without downloadSync (a GPU) gets no cpu detour: an op it lacks is E_KERNEL_MISSING
  // by contract, so only its own kernels are planned.
  const detours = typeof (await engine.backends.get(backend)).downloadSync === 'function';
  const oracle = referenceEngine();
  const names = listFormats().map((f) => f.name);
  const hasExact = (op: string, formats: readonly string[]) =>
    engine.kernels
      .forBackend(backend)
      .some((k) => k.op === op && k.formats?.join() === formats.join());
  const context: CaseContext = {
    encodable: names.filter(canEncode),
    activations: options.activations ?? 'q8',
    hasExact,
  };
  const registered = registeredSignatures(engine, backend, names);
  const signatures = [
    ...registered,
    ...fallbackSignatures(registered, byOp, hasExact, context.encodable),
    ...(detours ? cpuFallbackSignatures(engine, backend, names) : []),
  ].filter((s) => !options.ops || options.ops.includes(s.op));
  const planned: PlannedCase[] = [];
  const seen = new Set<string>();
  for (const signature of signatures) {
    const family = byOp.get(signature.op);
    const excluded = signature.formats?.some(
      (f) => options.formats && f !== 'f32' && !options.formats.includes(f),
    );
    if (excluded) continue;
    const cases = (family?.cases(signature, context) ?? []).filter((c) =>
      within(c, options.formats),
    );
    if (!family || cases.length === 0) {
      if (!family || !options.formats) planned.push(uncovered(signature));
      continue;
    }
    for (const c of cases) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      const id = signature.path === 'cpu-fallback' ? `${c.id} (cpu fallback)` : c.id;
      planned.push({ id, op: c.op, run: runCase(family, c, engine, backend, oracle) });
    }
  }
  for (const op of new Set(signatures.map((s) => s.op))) {
    const family = byOp.get(op);
    if (!family) continue;
    const bad = family.badInput(op);
    const disposable = signatures
      .filter((s) => s.op === op)
      .flatMap((s) => family.cases(s, context))
      .find((c) => !c.reference);
    if (disposable)
      bad.push({
        id: `${op}: a disposed operand`,
        op,
        codes: ['E_TENSOR_DISPOSED'],
        operands: disposable.operands,
        attrs: disposable.attrs,
        dispose: 0,
      });
    for (const c of bad.filter((b) => within(b, options.formats)))
      planned.push({ id: `bad input: ${c.id}`, op, run: runBadInput(family, c, engine, backend) });
  }
  return planned;
}

export async function runConformance(
  backend: string,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const cases: CaseResult[] = [];
  for (const planned of await planConformance(backend, options)) cases.push(await planned.run());
  const totals: Record<CaseStatus, number> = { pass: 0, fail: 0, uncovered: 0, refused: 0 };
  for (const c of cases) totals[c.status]++;
  return { backend, cases, totals };
}

/** One line per failing, uncovered or refused case, then the totals. */
export function formatReport(report: ConformanceReport): string {
  const lines = report.cases
    .filter((c) => c.status !== 'pass')
    .map(
      (c) => `${c.status.toUpperCase()} ${c.id}${c.message ? ` — ${c.message}` : ''} (${c.reason})`,
    );
  const { pass, fail, uncovered: none, refused } = report.totals;
  lines.push(
    `${report.backend}: ${pass} passed, ${fail} failed, ${none} uncovered, ${refused} refused`,
  );
  return lines.join('\n');
}
