import { h } from '../shared/dom.js';
import { field, textInput } from '../shared/form-fields.js';
import { query } from './api.js';
import type { Customer } from './api-types.js';
import { loaded, type PageContext } from './page-context.js';
import { customerSearch } from './supervisor-wording.js';
import { button, link, pageHeading, table } from './ui.js';

// Finding a customer by any spelling of a phone number, or by reference; without a search, the first 100 by name.

export async function customersPage(ctx: PageContext, q: string): Promise<HTMLElement> {
  const search = customerSearch(q);
  const result = await ctx.api.get<{ items: Customer[] }>(`/api/customers${query({ ...(search ?? {}), limit: 100 })}`);
  const box = field('Phone number or reference', textInput('q', { value: q, maxlength: 100, spellcheck: false }), {
    hint: 'A number in any spelling, e.g. 07700 900123 or +44 7700 900 123; or a customer reference.',
  });
  box.control.value = q;
  const form = h(
    'form',
    { className: 'search-form', attrs: { role: 'search', 'aria-label': 'Customers' } },
    box.element,
    h('div', { className: 'form-buttons' }, h('button', { className: 'button', attrs: { type: 'submit' } }, 'Search'), q ? link({ page: 'customers', q: '' }, 'Clear') : null),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate({ page: 'customers', q: box.control.value.trim() });
  });

  let results: HTMLElement;
  if (!result.ok && result.status === 400) {
    box.setProblem('That is not a phone number we recognise; check it, or search by reference.');
    ctx.announce('No search was made: that is not a phone number we recognise.');
    results = h('p', { className: 'empty' }, 'No search was made.');
  } else {
    const items = loaded(result, 'Customers').items;
    const heading = search ? `${items.length} customer${items.length === 1 ? '' : 's'} found for “${q}”` : `Customers (${items.length}${items.length === 100 ? ', the first 100 by name' : ''})`;
    if (search) ctx.announce(heading);
    results = h(
      'div',
      { className: 'results', attrs: { 'data-testid': 'customer-results' } },
      h('h2', {}, heading),
      items.length === 0
        ? h('p', { className: 'empty' }, search ? 'Nobody has that number or reference. Check it, or create a new customer.' : 'No customers yet.')
        : table<Customer>(
            'Customers',
            [
              ['Name', (c) => link({ page: 'customer', id: c.id }, c.name)],
              ['Reference', (c) => c.reference ?? '—'],
              ['Phone numbers', (c) => c.phoneNumbers.join(', ') || '—'],
              ['Communication needs', (c) => c.communicationNeeds ?? '—'],
            ],
            items,
            { hideCaption: true },
          ),
    );
  }

  return h(
    'div',
    { className: 'page customers-page' },
    h('div', { className: 'page-head' }, pageHeading('Customers'), button('New customer', () => ctx.navigate({ page: 'customer-new', phone: search && 'phone' in search ? search.phone : '', then: null }), { kind: 'primary' })),
    form,
    results,
  );
}
