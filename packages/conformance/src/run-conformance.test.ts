import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import {
  Attention,
  type AttentionAttrs,
  type Backend,
  Engine,
  type KernelConfig,
  Linear,
  LowbitError,
  listFormats,
  RmsNorm,
  type Tensor,
} from '@lowbit/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { nnFamily } from './cases/nn.ts';
import { type ConformanceReport, formatReport, runConformance } from './run-conformance.ts';

const silent = { warn: () => {} };
const wasmEngines: Engine[] = [];
afterAll(async () => {
  for (const engine of wasmEngines) (await engine.backends.get('wasm')).dispose?.();
});

function wasmEngine(): Engine {
  const engine = new Engine({ logger: silent }).use(cpuBackend()).use(wasmBackend());
  wasmEngines.push(engine);
  return engine;
}

const ids = (report: ConformanceReport, status: string) =>
  report.cases.filter((c) => c.status === status).map((c) => c.id);

/** Wraps the wasm kernel for (op, formats) with `broken`, which may alter inputs and attrs. */
function breakKernel(
  engine: Engine,
  op: string,
  formats: readonly string[] | undefined,
  broken: (inputs: Tensor[], attrs: object, backend: Backend) => [Tensor[], object],
): void {
  const original = engine.kernels.find(op, 'wasm', formats ?? ['f32', 'f32'])!;
  expect(original.backend).toBe('wasm');
  engine.registerKernel({
    op,
    backend: 'wasm',
    ...(formats ? { formats } : {}),
    override: true,
    fn(inputs, attrs, context) {
      const [changed, changedAttrs] = broken([...inputs], attrs, context.backend);
      return original.fn(changed, changedAttrs, context);
    },
  } as KernelConfig);
}

describe('runConformance', () => {
  it('passes every cpu case, with none uncovered, and covers every op cpu registers', async () => {
    const report = await runConformance('cpu');
    expect(report.totals).toEqual({
      pass: report.cases.length,
      fail: 0,
      uncovered: 0,
      refused: 0,
    });
    const engine = new Engine({ logger: silent }).use(cpuBackend());
    const ops = new Set(engine.kernels.forBackend('cpu').map((k) => k.op));
    for (const op of ops) {
      expect(
        report.cases.some((c) => c.op === op && !c.id.startsWith('bad input')),
        op,
      ).toBe(true);
      expect(
        report.cases.some((c) => c.op === op && c.id.startsWith('bad input')),
        op,
      ).toBe(true);
    }
    // decode ['*'] expands to every registered format.
    const decoded = new Set(report.cases.filter((c) => c.op === 'decode').map((c) => c.formats[0]));
    expect(decoded.size).toBe(listFormats().length);
  });

  it('reports a registered kernel without a case generator as uncovered', async () => {
    const engine = new Engine({ logger: silent }).use(cpuBackend());
    const fn = ([x]: readonly Tensor[]) => x!;
    engine.registerKernel({ op: 'my-op', backend: 'cpu', fn } as KernelConfig);
    engine.registerKernel({ op: Linear, backend: 'cpu', formats: ['bf16', 'iq2_xxs'], fn });
    const report = await runConformance('cpu', { engine, ops: ['my-op', Linear] });
    expect(ids(report, 'uncovered').sort()).toEqual([
      'linear [bf16, iq2_xxs]: uncovered',
      'my-op [f32…]: uncovered',
    ]);
    expect(report.totals.uncovered).toBe(2);
    expect(formatReport(report)).toContain('cpu: ');
  });

  it('compares fused wasm GEMVs with the q8-activation reference within 1e-6', async () => {
    const report = await runConformance('wasm', { engine: wasmEngine(), ops: [Linear] });
    const tight = report.cases.filter((c) => c.reference === 'q8-activation GEMV');
    expect(new Set(tight.map((c) => c.formats[1]))).toEqual(
      new Set([
        'q8_0',
        'q4_0',
        'mxfp4',
        'q4_K',
        'nvfp4',
        'nvfp4_scaled',
        'int8',
        'int4',
        'tq2_0',
        'q5_K',
        'q6_K',
        'q4_1',
        'q5_0',
        'q5_1',
        'iq4_nl',
        'q2_K',
        'q3_K',
        'iq4_xs',
        'int2',
        'int3',
        'int5',
        'int6',
        'uint2',
        'uint4',
        'uint6',
        'uint8',
        'fp4_e2m1fn',
        'fp6_e2m3fn',
        'fp6_e3m2fn',
        'iq4_nl_table',
        'mxfp6_e2m3',
        'mxfp6_e3m2',
        'mxint8',
      ]),
    );
    for (const c of tight) expect(c.maxError, c.id).toBeLessThanOrEqual(1e-6);
    expect(report.totals.fail).toBe(0);
  });

  it("holds fused kernels to f32 accuracy with activations: 'f32', which wasm's q8 kernels miss", async () => {
    const report = await runConformance('wasm', {
      engine: wasmEngine(),
      ops: [Linear],
      formats: ['q8_0'],
      activations: 'f32',
    });
    expect(report.cases.some((c) => c.reference === 'q8-activation GEMV')).toBe(false);
    expect(ids(report, 'fail')).toEqual(
      report.cases
        .filter(
          (c) => c.formats[1] === 'q8_0' && !c.id.includes('partial') && !c.id.startsWith('bad'),
        )
        .map((c) => c.id),
    );
  });

  it('catches a wasm q4_0 linear that swaps the nibble order: exactly the q4_0 linear cases fail', async () => {
    const engine = wasmEngine();
    breakKernel(engine, Linear, ['f32', 'q4_0'], ([x, w], attrs, backend) => {
      const bytes = backend.downloadSync!(w!.handle).slice(0, w!.byteLength);
      for (let at = 0; at < bytes.length; at += 18)
        for (let t = at + 2; t < at + 18; t++)
          bytes[t] = ((bytes[t]! & 15) << 4) | (bytes[t]! >> 4);
      const flipped = w!.host as unknown as Engine;
      return [[x!, flipped.wrap(backend.upload(bytes), w!.shape, w!.format, backend)], attrs];
    });
    const report = await runConformance('wasm', { engine });
    const q4Linear = report.cases
      .filter((c) => c.op === Linear && c.formats[1] === 'q4_0' && !c.id.startsWith('bad input'))
      .map((c) => c.id);
    expect(q4Linear.length).toBeGreaterThanOrEqual(5);
    expect(ids(report, 'fail')).toEqual(q4Linear);
    expect(report.totals.uncovered).toBe(0);
  });

  it('catches a wasm rmsnorm that ignores eps: exactly the rmsnorm cases fail', async () => {
    const engine = wasmEngine();
    breakKernel(engine, RmsNorm, undefined, (inputs, attrs) => [inputs, { ...attrs, eps: 1e-4 }]);
    const report = await runConformance('wasm', { engine });
    const rmsnorm = report.cases
      .filter((c) => c.op === RmsNorm && !c.id.startsWith('bad input'))
      .map((c) => c.id);
    expect(rmsnorm.length).toBe(3);
    expect(ids(report, 'fail')).toEqual(rmsnorm);
  });

  it('fails a normal case whose op throws on both sides, even with the same code', async () => {
    const invoke = vi.spyOn(nnFamily, 'invoke').mockImplementation(() => {
      throw new LowbitError('E_SHAPE', 'broken case');
    });
    try {
      const report = await runConformance('cpu', { ops: [RmsNorm] });
      const normal = report.cases.filter((c) => !c.id.startsWith('bad input'));
      expect(normal.length).toBeGreaterThan(0);
      for (const c of normal) {
        expect(c.status).toBe('fail');
        expect(c.message).toMatch(/case is broken.*E_SHAPE/);
      }
    } finally {
      invoke.mockRestore();
    }
  });

  it('catches a wasm attention that reads the whole cache instead of length rows', async () => {
    const engine = wasmEngine();
    breakKernel(engine, Attention, ['f32', 'f32', 'f32'], (inputs, attrs) => [
      inputs,
      { ...attrs, length: inputs[1]!.shape[0]! } as AttentionAttrs,
    ]);
    const report = await runConformance('wasm', { engine, ops: [Attention] });
    expect(ids(report, 'fail')).toContainEqual(expect.stringMatching(/not causal/));
  });

  it('narrows to the ops and formats asked for', async () => {
    const report = await runConformance('wasm', {
      engine: wasmEngine(),
      ops: [Linear, 'decode'],
      formats: ['q8_0'],
    });
    expect(report.cases.length).toBeGreaterThan(0);
    for (const c of report.cases) {
      expect([Linear, 'decode']).toContain(c.op);
      for (const f of c.formats) expect(['f32', 'q8_0']).toContain(f);
    }
    expect(report.totals.fail).toBe(0);
  });

  it('needs a plugin or an engine for a backend other than cpu', async () => {
    await expect(runConformance('wasm')).rejects.toMatchObject({ code: 'E_ARGUMENT' });
  });
});
