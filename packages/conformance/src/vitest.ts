/**
 * describeConformance: one vitest test per conformance case, so a failure names its op,
 * formats, shapes and bound. vitest's `describe` and `it` are passed in rather than imported,
 * so this package adds no dependency on a test runner version.
 */
import { type ConformanceOptions, planConformance } from './run-conformance.ts';

/** The parts of vitest (or any runner with async suite factories) this helper uses. */
export interface TestApi {
  describe(name: string, factory: () => Promise<void> | void): void;
  /** vitest passes a context whose `skip(note)` marks the test skipped. */
  it(name: string, fn: (context: { skip(note?: string): void }) => Promise<void>): void;
}

export interface ConformanceSetup extends ConformanceOptions {
  /** The backend under test (its plugin name). */
  backend: string;
  /**
   * Let coded refusals (E_UNSUPPORTED) show as skipped tests. Off by default: a backend that
   * refuses a case fails it, unless the refusal is a documented gap its suite opts into.
   */
  allowRefusals?: boolean;
}

/**
 * Registers a suite `conformance: <name>` whose tests are the cases of `setup().backend`:
 * `describeConformance('mine', () => ({ backend: 'mine', plugin: mine() }), { describe, it })`
 * with `describe` and `it` taken from vitest.
 */
export function describeConformance(
  name: string,
  setup: () => ConformanceSetup | Promise<ConformanceSetup>,
  { describe, it }: TestApi,
): void {
  describe(`conformance: ${name}`, async () => {
    const { backend, allowRefusals = false, ...options } = await setup();
    for (const planned of await planConformance(backend, options)) {
      it(planned.id, async (context) => {
        const result = await planned.run();
        // A coded refusal shows as skipped with its reason, not as a pass.
        if (result.status === 'refused' && allowRefusals) return context.skip(result.message);
        if (result.status !== 'pass')
          throw new Error(
            `${result.status}: ${result.message ?? result.reason} (${result.reason})`,
          );
      });
    }
  });
}
