import { h, uniqueId, type Child } from '../shared/dom.js';
import { routeHref, type Route } from './router.js';

// Small building blocks the supervisors' pages share: headings, sections, links, facts, tables, badges.

/** The page's one h1, focused when the page opens (tabindex -1) so screen readers start there. */
export const pageHeading = (text: string) => h('h1', { className: 'page-heading', attrs: { tabindex: -1 } }, text);

export const link = (route: Route, ...children: Child[]) => h('a', { attrs: { href: routeHref(route) } }, ...children);

export function button(text: string, onClick: (button: HTMLButtonElement) => void, options: { kind?: 'primary' | 'secondary' | 'danger'; small?: boolean; testId?: string } = {}): HTMLButtonElement {
  const kind = options.kind ?? 'secondary';
  const className = ['button', kind === 'primary' ? '' : `button-${kind}`, options.small ? 'button-small' : ''].filter(Boolean).join(' ');
  const el = h('button', { className, attrs: { type: 'button', 'data-testid': options.testId } }, text);
  el.addEventListener('click', () => onClick(el));
  return el;
}

/** A section with an h2 (and an optional count), labelled by it. */
export function section(title: string, options: { count?: number; className?: string; testId?: string; level?: 2 | 3 } = {}, ...children: Child[]): HTMLElement {
  const id = uniqueId('section');
  const heading = h(options.level === 3 ? 'h3' : 'h2', { id }, title, options.count === undefined ? null : h('span', { className: 'count' }, ` (${options.count})`));
  return h('section', { className: `panel-section ${options.className ?? ''}`.trim(), attrs: { 'aria-labelledby': id, 'data-testid': options.testId } }, heading, ...children);
}

export const empty = (text: string) => h('p', { className: 'empty' }, text);

/** A definition list of facts; rows whose value is null are left out. */
export function facts(rows: Array<[string, Child | Child[] | null | undefined]>): HTMLDListElement {
  const dl = h('dl', { className: 'facts' });
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    dl.append(h('dt', {}, term), h('dd', {}, ...(Array.isArray(value) ? value : [value])));
  }
  return dl;
}

export function badges(list: Array<{ text: string; kind: string }>, label = 'Status'): HTMLUListElement {
  return h('ul', { className: 'badges', attrs: { 'aria-label': label } }, ...list.map((b) => h('li', { className: `badge badge-${b.kind}` }, b.text)));
}

/** A table with a caption (visually hidden when `hideCaption`), column headers and one row per item. */
export function table<T>(caption: string, columns: Array<[string, (item: T) => Child | Child[]]>, items: readonly T[], options: { hideCaption?: boolean; className?: string; testId?: string } = {}): HTMLElement {
  const head = h('thead', {}, h('tr', {}, ...columns.map(([name]) => h('th', { attrs: { scope: 'col' } }, name))));
  const body = h(
    'tbody',
    {},
    ...items.map((item) =>
      h(
        'tr',
        {},
        ...columns.map(([, cell], i) => {
          const value = cell(item);
          const content = Array.isArray(value) ? value : [value];
          return i === 0 ? h('th', { attrs: { scope: 'row' } }, ...content) : h('td', {}, ...content);
        }),
      ),
    ),
  );
  const cap = h('caption', { className: options.hideCaption ? 'visually-hidden' : '' }, caption);
  return h('div', { className: `table-wrap ${options.className ?? ''}`.trim(), attrs: { 'data-testid': options.testId } }, h('table', {}, cap, head, body));
}

/** A list of items, or a line saying there are none. */
export function listOr<T>(items: readonly T[], none: string, item: (value: T) => HTMLElement, className = 'item-list'): HTMLElement {
  return items.length === 0 ? empty(none) : h('ul', { className }, ...items.map((value) => h('li', { className: 'item' }, item(value))));
}

/** Paragraphs from text with line breaks, as text nodes. */
export const paragraphs = (text: string) => h('div', { className: 'text-block' }, ...text.split(/\n+/).map((line) => h('p', {}, line)));
