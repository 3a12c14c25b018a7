/** A file input with a drop zone that opens a model in the worker (shared by two pages). */
import { call } from '../client.ts';
import type { ModelStructure } from '../protocol.ts';
import { el, guarded } from '../ui/dom.ts';

export function modelPicker(
  status: HTMLElement,
  onOpen: (model: ModelStructure) => void,
): HTMLElement {
  const input = el('input', {
    type: 'file',
    'data-testid': 'model-file',
    accept: '.gguf,.safetensors,.bin',
    'aria-label': 'model file',
  });
  const bundled = el(
    'button',
    { type: 'button', 'data-testid': 'bundled' },
    'Use bundled stories260K',
  );
  const zone = el(
    'div',
    { class: 'drop' },
    'Drop a GGUF, safetensors or llama2.c file here, or ',
    input,
    ' ',
    bundled,
  );
  const open = (file: File | null) =>
    guarded(status, async () => {
      status.textContent = `Opening ${file?.name ?? 'stories260K.bin'}…`;
      const model = await call('openModel', { file });
      status.textContent = `Opened ${model.name} (${model.container}, ${model.tensors.length} tensors).`;
      onOpen(model);
    });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void open(file);
  });
  bundled.addEventListener('click', () => void open(null));
  zone.addEventListener('dragover', (event) => event.preventDefault());
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file) void open(file);
  });
  return zone;
}
