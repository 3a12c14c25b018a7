/**
 * @lowbit/conformance — the suite every backend must pass: cases as data (src/cases/, one
 * file per op family), enumerated from the kernels a backend registers, checked against the
 * cpu kernels with a tolerance and its reason per case.
 */
export type {
  BadInputCase,
  CaseContext,
  ConformanceCase,
  HostOperand,
  Operand,
  OpFamily,
  Reference,
  Signature,
  Tolerance,
} from './case.ts';
export { families } from './cases/index.ts';
export { compare } from './compare.ts';
export { q8Gemv, quantizeActivations, roundHalfEven } from './reference/q8-gemv.ts';
export type {
  CaseResult,
  CaseStatus,
  ConformanceOptions,
  ConformanceReport,
  PlannedCase,
} from './run-conformance.ts';
export { formatReport, planConformance, runConformance } from './run-conformance.ts';
