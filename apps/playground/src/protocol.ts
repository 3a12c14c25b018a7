/**
 * The typed messages between the page and the engine worker: one `Calls` map from call kind to
 * its arguments and result, so both sides are checked by the compiler.
 */

export interface FormatFacts {
  name: string;
  family: string;
  summary: string;
  bits: number;
  bitsPerValue: number;
  block: number | null;
  max: number;
  minNormal: number;
  minSubnormal: number;
  epsilon: number;
  nan: string;
  infinity: boolean;
  negativeZero: boolean;
  roundingModes: string[];
}

export interface FormatGrid {
  facts: FormatFacts;
  /**
   * Non-negative finite values: every code of a scalar format, or for a block format the values
   * an element takes in a block whose largest |x| is 1.
   */
  grid: number[];
  relative: boolean;
}

export interface Rounded {
  format: string;
  mode: string;
  value: number;
  bits: string;
  error: number;
}

export type Distribution = 'normal' | 'laplace' | 'student-t' | 'outliers';

export interface GeneratedSource {
  kind: 'generated';
  distribution: Distribution;
  rows: number;
  cols: number;
  /** Scale of the outlier channels for `outliers` (× the others' scale). */
  magnitude: number;
  seed: number;
}

export interface ModelTensorSource {
  kind: 'model';
  name: string;
}

export type TensorSource = GeneratedSource | ModelTensorSource;

export interface MetricsRow {
  format: string;
  transform: string;
  relativeMse: number;
  sqnrDb: number;
  cosine: number;
  klDivergence: number;
  /** QSUR of the transformed tensor (a property of the transform, not the format). */
  qsur: number;
  bitsPerValue: number;
}

export interface TensorLabResult {
  shape: [number, number];
  /** Per transform: a sample of the transformed values (at most SAMPLE values). */
  histograms: { transform: string; values: number[] }[];
  metrics: MetricsRow[];
  skipped: { format: string; transform: string; reason: string }[];
  /** |x − q(x)| for the first format without a transform, pooled (max) to at most 64×64 cells. */
  errorMap: { format: string; rows: number; cols: number; cells: number[] } | null;
}

export interface ModelStructure {
  name: string;
  container: string;
  summary: Record<string, string | number | boolean>;
  tensors: { name: string; shape: number[]; type: string; bytes: number }[];
}

export interface LayerError {
  tensor: string;
  format: string;
  relativeMse: number | null;
}

export interface GenerateResult {
  text: string;
  tokens: number;
  tokensPerSecond: number;
  backend: string;
}

export interface EvalResult {
  perplexity: number;
  meanNll: number;
  scoredTokens: number;
  sequences: number;
  tokensPerSecond: number;
  backend: string;
}

export interface Calls {
  formats: { args: Record<string, never>; result: FormatFacts[] };
  format: { args: { name: string }; result: FormatGrid };
  round: { args: { formats: string[]; value: number }; result: Rounded[] };
  tensor: {
    args: { source: TensorSource; transforms: string[]; formats: string[] };
    result: TensorLabResult;
  };
  openModel: { args: { file: File | null }; result: ModelStructure };
  layerErrors: { args: { formats: string[] }; result: LayerError[] };
  backends: { args: Record<string, never>; result: string[] };
  generate: { args: { prompt: string; steps: number; backend: string }; result: GenerateResult };
  evaluate: { args: { backend: string }; result: EvalResult };
}

export type CallKind = keyof Calls;

export interface Request<K extends CallKind = CallKind> {
  id: number;
  kind: K;
  args: Calls[K]['args'];
}

export interface CodedError {
  code: string;
  message: string;
}

export type Response =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: CodedError };
