import { h } from '../shared/dom.js';
import { checkboxField, field, showProblems, textArea, type Field } from '../shared/form-fields.js';
import { showFailure } from './api-problems.js';
import type { Customer, DirectoryEntry, Strategy } from './api-types.js';
import { formAlert } from './form-alert.js';
import { dateInputMonthsAhead } from './form-dates.js';
import { loaded, type PageContext } from './page-context.js';
import { createPriorWarningsEditor } from './prior-warnings-editor.js';
import { createRestrictionsEditor } from './restrictions-editor.js';
import { buildStrategyRequest, restrictionValues, warningDateValue } from './strategy-request.js';
import { link, pageHeading } from './ui.js';

// Proposing a contact strategy for one customer: the reason, the earlier warnings, the restrictions, the dates
// (review in 3 months unless changed, R9), all contact and urgent. Checked here with the shared restriction
// schema first, then by the API, whose 400 problems show by the same inputs.

export async function strategyFormPage(ctx: PageContext, customerId: string, fromDraft: boolean): Promise<HTMLElement> {
  const [customerResult, directory] = await Promise.all([ctx.api.get<Customer>(`/api/customers/${customerId}`), ctx.staffNames.load()]);
  const customer = loaded(customerResult, 'Customer');
  const draft = fromDraft ? ctx.drafts.take(customerId) : null;
  return strategyForm(ctx, customer, directory, draft);
}

function strategyForm(ctx: PageContext, customer: Customer, directory: DirectoryEntry[], draft: ReturnType<PageContext['drafts']['take']>): HTMLElement {
  const reason = field('Reason', textArea('reason', { rows: 4, maxlength: 4000 }), {
    hint: 'The behaviour that led to this: what, how often, and its effect on staff. The letter quotes it.',
  });
  const warnings = createPriorWarningsEditor();
  const restrictions = createRestrictionsEditor(directory);
  const startsAt = field('Starts on (optional)', h('input', { attrs: { type: 'date', name: 'startsAt' } }), { hint: 'Leave empty to start when it is in force.', className: 'inline-field' });
  const endsAt = field('Ends on (optional)', h('input', { attrs: { type: 'date', name: 'endsAt' } }), { hint: 'Leave empty to run until lifted or reviewed.', className: 'inline-field' });
  const reviewAt = field('Review date', h('input', { attrs: { type: 'date', name: 'reviewAt' } }), { hint: 'At most 12 months ahead; 3 months is usual (R9).', className: 'inline-field' });
  reviewAt.control.value = dateInputMonthsAhead(new Date(), 3);
  const allContact = checkboxField('Restricts all contact (only a director may authorise it)', 'allContact');
  const urgent = checkboxField('Urgent: in force at authorisation, before the letter', 'urgent', { hint: 'The letter is then due within 5 working days.' });
  const alert = formAlert({ list: true });
  const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Propose strategy');

  if (draft) {
    reason.control.value = draft.reason;
    warnings.set(draft.priorWarnings.map((w) => ({ date: warningDateValue(w.date), summary: w.summary })));
    restrictions.set(draft.restrictions.map(restrictionValues));
  }

  const form = h(
    'form',
    { className: 'strategy-form', attrs: { novalidate: true, 'aria-labelledby': 'strategy-form-heading' } },
    alert.element,
    reason.element,
    warnings.element,
    restrictions.element,
    h('fieldset', { className: 'field group dates' }, h('legend', {}, 'Dates'), h('div', { className: 'field-row' }, startsAt.element, endsAt.element, reviewAt.element)),
    allContact.element,
    urgent.element,
    h('div', { className: 'form-buttons' }, submit, link({ page: 'customer', id: customer.id }, 'Cancel')),
  );

  const allFields = (): Record<string, Field> => ({
    reason,
    ...warnings.fields(),
    ...restrictions.fields(),
    startsAt,
    endsAt,
    reviewAt,
    allContact,
    urgent,
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    alert.show([]);
    const { request, problems } = buildStrategyRequest({
      customerId: customer.id,
      reason: reason.control.value,
      priorWarnings: warnings.values(),
      restrictions: restrictions.values(),
      startsAt: startsAt.control.value,
      endsAt: endsAt.control.value,
      reviewAt: reviewAt.control.value,
      allContact: allContact.control.checked,
      urgent: urgent.control.checked,
    });
    const fields = allFields();
    if (!request) {
      showProblems(fields, problems, alert.show);
      return;
    }
    showProblems(fields, {}, () => undefined);
    submit.disabled = true;
    submit.textContent = 'Proposing…';
    const result = await ctx.api.post<Strategy>('/api/strategies', request);
    submit.disabled = false;
    submit.textContent = 'Propose strategy';
    if (result.ok) {
      ctx.notify(`Strategy proposed for ${customer.name}. Another supervisor or director must authorise it.`);
      ctx.navigate({ page: 'strategy', id: result.body.id });
      return;
    }
    showFailure(fields, result, 'propose this strategy', alert.show);
  });

  return h(
    'div',
    { className: 'page strategy-form-page' },
    h('p', { className: 'breadcrumbs' }, link({ page: 'customer', id: customer.id }, customer.name)),
    Object.assign(pageHeading(`Propose a contact strategy for ${customer.name}`), { id: 'strategy-form-heading' }),
    customer.communicationNeeds ? h('p', { className: 'needs-note' }, h('strong', {}, 'Communication needs: '), customer.communicationNeeds) : null,
    form,
  );
}
