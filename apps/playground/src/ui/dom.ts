/** Small DOM helpers: elements, tables whose number cells carry their exact value, error boxes. */
import { CallError } from '../client.ts';

type Child = Node | string | null | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) if (child != null) node.append(child);
  return node;
}

/** A number for reading: integers as they are, others with 5 significant digits. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(4) : x.toPrecision(5);
}

export type Cell = string | number | boolean | null;

/** A table; number cells show `formatNumber(x)` and keep `String(x)` in `data-value`. */
export function table(
  headers: readonly string[],
  rows: readonly Cell[][],
  testId: string,
): HTMLElement {
  const head = el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)));
  const body = rows.map((row) =>
    el(
      'tr',
      {},
      ...row.map((cell) =>
        typeof cell === 'number'
          ? el('td', { class: 'num', 'data-value': String(cell) }, formatNumber(cell))
          : el(
              'td',
              {},
              cell === null ? '—' : typeof cell === 'boolean' ? (cell ? 'yes' : 'no') : cell,
            ),
      ),
    ),
  );
  return el(
    'div',
    { class: 'table-wrap' },
    el('table', { 'data-testid': testId }, el('thead', {}, head), el('tbody', {}, ...body)),
  );
}

/** Shows a call's failure, coded, in `box` (role=alert, so it is announced and testable). */
export function showError(box: HTMLElement, error: unknown): void {
  const coded =
    error instanceof CallError
      ? error.coded
      : { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) };
  box.replaceChildren(
    el(
      'p',
      { class: 'error', role: 'alert', 'data-code': coded.code },
      el('strong', {}, coded.code),
      ` ${coded.message}`,
    ),
  );
}

/** Runs `work`, marking `box` busy and showing any error in it. */
export async function guarded(box: HTMLElement, work: () => Promise<void>): Promise<void> {
  box.setAttribute('aria-busy', 'true');
  try {
    await work();
  } catch (error) {
    showError(box, error);
  } finally {
    box.removeAttribute('aria-busy');
  }
}

export function options(
  select: HTMLSelectElement,
  values: readonly string[],
  chosen?: string,
): void {
  select.replaceChildren(...values.map((v) => el('option', { value: v }, v)));
  if (chosen !== undefined) select.value = chosen;
}

/** Checkboxes, one per value; returns a reader of the checked values. */
export function checkboxes(
  container: HTMLElement,
  name: string,
  values: readonly string[],
  checked: readonly string[],
): () => string[] {
  container.replaceChildren(
    ...values.map((v) => {
      const box = el('input', { type: 'checkbox', name, value: v });
      box.checked = checked.includes(v);
      return el('label', { class: 'check' }, box, ` ${v}`);
    }),
  );
  return () =>
    [...container.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
      (b) => b.value,
    );
}
