/** The playground's shell: three pages behind hash routes (#formats, #tensors, #models). */
import './style.css';
import { call } from './client.ts';
import { formatExplorer } from './pages/format-explorer.ts';
import { modelLab } from './pages/model-lab.ts';
import { tensorLab } from './pages/tensor-lab.ts';
import { el, guarded } from './ui/dom.ts';

const PAGES = { formats: 'Format explorer', tensors: 'Tensor lab', models: 'Model lab' } as const;
type Page = keyof typeof PAGES;

const main = document.querySelector<HTMLElement>('main')!;
const nav = document.querySelector<HTMLElement>('nav')!;
nav.replaceChildren(
  ...Object.entries(PAGES).map(([id, title]) =>
    el('a', { href: `#${id}`, 'data-page': id }, title),
  ),
);

function current(): Page {
  const id = location.hash.slice(1);
  return id in PAGES ? (id as Page) : 'formats';
}

async function render(): Promise<void> {
  const page = current();
  for (const link of nav.querySelectorAll('a'))
    link.toggleAttribute('aria-current', link.dataset.page === page);
  const view = el('div', { 'data-testid': `page-${page}` });
  main.replaceChildren(view);
  await guarded(view, async () => {
    if (page === 'formats') formatExplorer(view, await call('formats', {}));
    else if (page === 'tensors') tensorLab(view);
    else modelLab(view, await call('backends', {}));
  });
}

window.addEventListener('hashchange', () => void render());
void render();
