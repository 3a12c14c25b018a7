/**
 * Tensor lab: a generated tensor or a model weight, its histogram under each transform, the
 * metrics of @lowbit/quant per format × transform, and a heat map of |x − q(x)|.
 */
import { call } from '../client.ts';
import type { Distribution, TensorSource } from '../protocol.ts';
import { DEFAULT_FORMATS, DEFAULT_TENSOR, TRANSFORMS } from '../tensor-defaults.ts';
import { checkboxes, el, guarded, options, table } from '../ui/dom.ts';
import { histograms, raster } from '../ui/plots.ts';
import { modelPicker } from './model-file.ts';

const DISTRIBUTIONS: Distribution[] = ['normal', 'laplace', 'student-t', 'outliers'];

function numberInput(id: string, value: number, label: string): HTMLInputElement {
  return el('input', { id, type: 'number', value: String(value), min: '1', 'aria-label': label });
}

export function tensorLab(root: HTMLElement): void {
  const distribution = el('select', { id: 'distribution', 'aria-label': 'distribution' });
  options(distribution, DISTRIBUTIONS, DEFAULT_TENSOR.distribution);
  const rows = numberInput('rows', DEFAULT_TENSOR.rows, 'rows');
  const cols = numberInput('cols', DEFAULT_TENSOR.cols, 'columns');
  const magnitude = numberInput('magnitude', DEFAULT_TENSOR.magnitude, 'outlier magnitude');
  const seed = numberInput('seed', DEFAULT_TENSOR.seed, 'seed');
  const weight = el('select', { id: 'weight', 'aria-label': 'model weight' });
  options(weight, ['(generated tensor)']);
  const pickStatus = el('p', { class: 'status' });
  const picker = modelPicker(pickStatus, (model) => {
    options(weight, [
      '(generated tensor)',
      ...model.tensors.filter((t) => t.shape.length >= 2).map((t) => t.name),
    ]);
  });
  const transformBox = el('div', { class: 'checks' });
  const chosenTransforms = checkboxes(
    transformBox,
    'transform',
    Object.keys(TRANSFORMS),
    Object.keys(TRANSFORMS),
  );
  const formats = el('input', {
    id: 'formats',
    type: 'text',
    value: DEFAULT_FORMATS,
    'aria-label': 'formats',
  });
  const run = el('button', { type: 'button', id: 'run-tensor' }, 'Run');
  const out = el('div', { class: 'panel', 'data-testid': 'tensor-out' });

  root.replaceChildren(
    el('h2', {}, 'Tensor lab'),
    el(
      'section',
      { class: 'controls' },
      el('label', {}, 'Distribution ', distribution),
      el('label', {}, 'Rows ', rows),
      el('label', {}, 'Columns ', cols),
      el('label', {}, 'Outlier magnitude ', magnitude),
      el('label', {}, 'Seed ', seed),
    ),
    el(
      'section',
      {},
      el('p', {}, 'Or a weight from a model file:'),
      picker,
      pickStatus,
      el('label', {}, 'Weight ', weight),
    ),
    el(
      'section',
      {},
      el('p', {}, 'Transforms'),
      transformBox,
      el('label', {}, 'Formats ', formats),
      ' ',
      run,
    ),
    out,
  );

  const source = (): TensorSource =>
    weight.selectedIndex > 0
      ? { kind: 'model', name: weight.value }
      : {
          kind: 'generated',
          distribution: distribution.value as Distribution,
          rows: Number(rows.value),
          cols: Number(cols.value),
          magnitude: Number(magnitude.value),
          seed: Number(seed.value),
        };

  const show = () =>
    guarded(out, async () => {
      out.textContent = 'Running…';
      const result = await call('tensor', {
        source: source(),
        transforms: chosenTransforms().map((t) => TRANSFORMS[t]!),
        formats: formats.value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      out.replaceChildren(
        el('p', {}, `Tensor ${result.shape[0]} × ${result.shape[1]}.`),
        el('h3', {}, 'Histograms'),
        histograms(out, result.histograms),
        el('h3', {}, 'Metrics'),
        table(
          ['format', 'transform', 'rel MSE', 'SQNR dB', 'cosine', 'KL', 'QSUR', 'bits/value'],
          result.metrics.map((m) => [
            m.format,
            m.transform,
            m.relativeMse,
            m.sqnrDb,
            m.cosine,
            m.klDivergence,
            m.qsur,
            m.bitsPerValue,
          ]),
          'metrics',
        ),
        ...result.skipped.map((s) =>
          el('p', { class: 'note' }, `${s.format} × ${s.transform} skipped: ${s.reason}`),
        ),
        ...(result.errorMap
          ? [
              el('h3', {}, `|x − q(x)| in ${result.errorMap.format} (max-pooled)`),
              raster(out, result.errorMap, '|error|'),
            ]
          : []),
      );
    });
  run.addEventListener('click', () => void show());
}
