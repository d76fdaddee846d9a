import { h, hidden } from '../shared/dom.js';
import { field, select, showProblems, textArea, textInput, type Field } from '../shared/form-fields.js';
import { capitalise } from '../shared/wording.js';
import { showFailure } from './api-problems.js';
import type { Customer } from './api-types.js';
import { formAlert } from './form-alert.js';
import { loaded, type PageContext } from './page-context.js';
import { LANGUAGE_LABELS } from './supervisor-wording.js';
import { link, pageHeading } from './ui.js';

// Creating or editing a customer: name, reference, phone numbers in any spelling (the API stores them as
// E.164), communication needs (R13, shown to agents on every call) and language (letters and messages in Welsh).

export async function customerFormPage(ctx: PageContext, options: { id: string } | { phone: string; then: 'strategy' | null }): Promise<HTMLElement> {
  const existing = 'id' in options ? loaded(await ctx.api.get<Customer>(`/api/customers/${options.id}`), 'Customer') : null;
  const name = field('Name', textInput('name', { maxlength: 200, autocomplete: 'off' }));
  const reference = field('Reference (optional)', textInput('reference', { maxlength: 100 }), { hint: 'Your case or customer reference; unique.' });
  const needs = field('Communication needs (optional)', textArea('communicationNeeds', { rows: 3, maxlength: 2000 }), {
    hint: 'Shown to agents at the top of every call from this customer, e.g. “Hard of hearing: speak slowly”.',
  });
  const language = field('Language for letters and messages', select('language', Object.entries(LANGUAGE_LABELS).map(([value, label]) => ({ value, label }))));
  const numbers = phoneNumberRows();
  const alert = formAlert();
  const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, existing ? 'Save changes' : 'Create customer');

  if (existing) {
    name.control.value = existing.name;
    reference.control.value = existing.reference ?? '';
    needs.control.value = existing.communicationNeeds ?? '';
    language.control.value = existing.language;
    numbers.set(existing.phoneNumbers);
  } else {
    numbers.set('phone' in options && options.phone ? [options.phone] : ['']);
  }

  const cancel = existing ? link({ page: 'customer', id: existing.id }, 'Cancel') : link({ page: 'customers', q: '' }, 'Cancel');
  const form = h(
    'form',
    { className: 'customer-form', attrs: { novalidate: true } },
    alert.element,
    name.element,
    reference.element,
    numbers.element,
    needs.element,
    language.element,
    h('div', { className: 'form-buttons' }, submit, cancel),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    alert.show([]);
    const fields: Record<string, Field> = { name, reference, communicationNeeds: needs, language, ...numbers.fields() };
    if (showProblems(fields, name.control.value.trim() ? {} : { name: 'Enter the customer’s name' }, alert.show)) return;
    const body = {
      name: name.control.value.trim(),
      reference: reference.control.value.trim() || null,
      phoneNumbers: numbers.values(),
      communicationNeeds: needs.control.value.trim() || null,
      language: language.control.value,
    };
    submit.disabled = true;
    const result = existing ? await ctx.api.patch<Customer>(`/api/customers/${existing.id}`, body) : await ctx.api.post<Customer>('/api/customers', body);
    submit.disabled = false;
    if (result.ok) {
      const then = !existing && 'then' in options && options.then === 'strategy';
      ctx.notify(existing ? 'Customer saved.' : `Customer ${result.body.name} created.${then ? ' Now choose the restrictions of the proposal.' : ''}`);
      ctx.navigate(then ? { page: 'strategy-new', customerId: result.body.id, draft: true } : { page: 'customer', id: result.body.id });
      return;
    }
    if (result.code === 'reference_taken') {
      showProblems(fields, { reference: capitalise(result.message) }, alert.show);
      return;
    }
    showFailure(fields, result, existing ? 'change this customer' : 'create this customer', alert.show);
  });

  return h(
    'div',
    { className: 'page customer-form-page' },
    existing ? h('p', { className: 'breadcrumbs' }, link({ page: 'customer', id: existing.id }, existing.name)) : null,
    pageHeading(existing ? `Edit ${existing.name}` : 'New customer'),
    form,
  );
}

/** Phone numbers, one input each, added and removed; empty ones are left out. The API keys them `phoneNumbers.N`. */
function phoneNumberRows() {
  let rows: Array<{ element: HTMLElement; field: Field<HTMLInputElement> }> = [];
  const list = h('div', { className: 'number-rows' });
  const add = h('button', { className: 'button button-secondary button-small', attrs: { type: 'button' } }, 'Add another number');
  const element = h(
    'fieldset',
    { className: 'field group phone-numbers' },
    h('legend', {}, 'Phone numbers'),
    h('p', { className: 'field-hint' }, 'Any spelling: 07700 900123, +44 7700 900123, (020) 7946 0000. Calls from these numbers are this customer’s.'),
    list,
    h('div', { className: 'add-row' }, add),
  );
  const renumber = () =>
    rows.forEach((row, i) => {
      row.field.label.textContent = `Phone number ${i + 1}`;
      row.element.querySelector('button')?.replaceChildren('Remove', hidden(` phone number ${i + 1}`));
    });
  const addRow = (value: string) => {
    const f = field('Phone number', h('input', { attrs: { type: 'tel', name: 'phoneNumber', autocomplete: 'off', maxlength: 40 } }), { className: 'grow-field' });
    f.control.value = value;
    const row = { element: h('div', { className: 'number-row' }, f.element), field: f };
    const remove = h('button', { className: 'link-button', attrs: { type: 'button' } });
    remove.addEventListener('click', () => {
      rows = rows.filter((r) => r !== row);
      row.element.remove();
      renumber();
      (rows.at(-1)?.field.control ?? add).focus();
    });
    row.element.append(remove);
    rows.push(row);
    list.append(row.element);
    renumber();
    return row;
  };
  add.addEventListener('click', () => addRow('').field.control.focus());
  const filled = () => rows.filter((r) => r.field.control.value.trim());
  return {
    element,
    set(values: string[]) {
      rows.forEach((r) => r.element.remove());
      rows = [];
      (values.length > 0 ? values : ['']).forEach(addRow);
    },
    values: () => filled().map((r) => r.field.control.value.trim()),
    /** The API numbers only the filled-in rows, so its `phoneNumbers.N` is the Nth filled row. */
    fields: () => Object.fromEntries(filled().map((r, i) => [`phoneNumbers.${i}`, r.field])) as Record<string, Field>,
  };
}
