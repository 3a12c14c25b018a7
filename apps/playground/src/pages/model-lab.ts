/**
 * Model lab: a model file's structure, a per-layer error heat map across formats, `generate`
 * with a tok/s readout and perplexity on the bundled TinyStories sample, on a chosen backend.
 */
import { call } from '../client.ts';
import type { ModelStructure } from '../protocol.ts';
import { el, guarded, options, table } from '../ui/dom.ts';
import { heatmap } from '../ui/plots.ts';
import { modelPicker } from './model-file.ts';

const LAYER_FORMATS = 'q8_0, fp8_e4m3fn, int4/g32, q4_0, mxfp4, nvfp4';

export function modelLab(root: HTMLElement, backends: readonly string[]): void {
  const status = el('p', { class: 'status', 'data-testid': 'model-status' });
  const structure = el('div', { class: 'panel' });
  const formats = el('input', {
    id: 'layer-formats',
    type: 'text',
    value: LAYER_FORMATS,
    'aria-label': 'formats',
  });
  const layerRun = el('button', { type: 'button', id: 'run-layers' }, 'Per-layer errors');
  const layers = el('div', { class: 'panel' });
  const backend = el('select', { id: 'backend', 'aria-label': 'backend' });
  options(backend, backends, 'cpu');
  const prompt = el('input', {
    id: 'prompt',
    type: 'text',
    value: 'Once upon a time',
    'aria-label': 'prompt',
  });
  const steps = el('input', {
    id: 'steps',
    type: 'number',
    value: '64',
    min: '1',
    'aria-label': 'steps',
  });
  const generateRun = el('button', { type: 'button', id: 'run-generate' }, 'Generate');
  const generated = el('div', { class: 'panel' });
  const evalRun = el(
    'button',
    { type: 'button', id: 'run-eval' },
    'Perplexity on the TinyStories sample',
  );
  const evaluated = el('div', { class: 'panel' });

  const showStructure = (model: ModelStructure) => {
    structure.replaceChildren(
      table(
        ['key', 'value'],
        Object.entries(model.summary).map(([k, v]) => [k, v]),
        'model-summary',
      ),
      el(
        'details',
        {},
        el('summary', {}, `${model.tensors.length} tensors`),
        table(
          ['tensor', 'shape', 'type', 'bytes'],
          model.tensors.map((t) => [t.name, t.shape.join(' × '), t.type, t.bytes]),
          'tensors',
        ),
      ),
    );
    layers.replaceChildren();
    generated.replaceChildren();
    evaluated.replaceChildren();
  };

  root.replaceChildren(
    el('h2', {}, 'Model lab'),
    el('section', {}, modelPicker(status, showStructure), status),
    el('section', {}, el('h3', {}, 'Structure'), structure),
    el(
      'section',
      {},
      el('h3', {}, 'Per-layer error'),
      el('label', {}, 'Formats ', formats),
      ' ',
      layerRun,
      layers,
    ),
    el(
      'section',
      {},
      el('h3', {}, 'Run'),
      el('label', {}, 'Backend ', backend),
      el(
        'div',
        { class: 'controls' },
        el('label', {}, 'Prompt ', prompt),
        el('label', {}, 'Steps ', steps),
        generateRun,
      ),
      generated,
      evalRun,
      evaluated,
    ),
  );

  layerRun.addEventListener('click', () =>
    guarded(layers, async () => {
      layers.textContent = 'Measuring…';
      const rows = await call('layerErrors', {
        formats: formats.value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      const tensors = new Set(rows.map((r) => r.tensor)).size;
      layers.replaceChildren(
        heatmap(
          layers,
          rows.map((r) => ({ x: r.format, y: r.tensor, value: r.relativeMse })),
          { x: 'format', y: 'tensor', value: 'relative MSE' },
          tensors,
        ),
        el(
          'p',
          { class: 'note' },
          'Blank cells: the format does not fit the tensor (rows not a multiple of its block or group).',
        ),
      );
    }),
  );
  generateRun.addEventListener('click', () =>
    guarded(generated, async () => {
      generated.textContent = 'Generating…';
      const r = await call('generate', {
        prompt: prompt.value,
        steps: Number(steps.value),
        backend: backend.value,
      });
      generated.replaceChildren(
        el('pre', { class: 'generated' }, r.text),
        table(
          ['backend', 'tokens', 'tok/s'],
          [[r.backend, r.tokens, r.tokensPerSecond]],
          'generate',
        ),
      );
    }),
  );
  evalRun.addEventListener('click', () =>
    guarded(evaluated, async () => {
      evaluated.textContent = 'Evaluating…';
      const r = await call('evaluate', { backend: backend.value });
      evaluated.replaceChildren(
        table(
          ['backend', 'perplexity', 'mean NLL', 'scored tokens', 'sequences', 'tok/s'],
          [[r.backend, r.perplexity, r.meanNll, r.scoredTokens, r.sequences, r.tokensPerSecond]],
          'eval',
        ),
      );
    }),
  );
}
