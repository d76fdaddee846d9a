import { h } from '../shared/dom.js';
import { field, textArea, type Field } from '../shared/form-fields.js';
import type { Customer, Strategy } from './api-types.js';
import { formAlert } from './form-alert.js';
import { dateInputMonthsAhead, dateInputToIso } from './form-dates.js';
import { onSubmit } from './form-submit.js';
import { loaded, type PageContext } from './page-context.js';
import { radioGroup } from './radio-group.js';
import { createRestrictionsEditor } from './restrictions-editor.js';
import type { ReviewOutcome } from './router.js';
import { buildRestrictions, restrictionValues } from './strategy-request.js';
import { describeRestriction, REVIEW_OUTCOME_LABELS, reviewWording } from './supervisor-wording.js';
import { link, pageHeading } from './ui.js';

// A periodic review (R9): continue, ease or tighten (the restrictions replaced, edited from the current ones),
// or lift; notes, and the next review date. A tighten needs the authority of a new strategy (R5).

const OUTCOME_HINTS: Record<ReviewOutcome, string> = {
  continue: 'The restrictions stay as they are until the next review.',
  ease: 'Fewer or lighter restrictions: change them below.',
  tighten: 'More or stricter restrictions: change them below. Needs the same authority as a new strategy.',
  lift: 'All restrictions end now.',
};

export async function reviewPage(ctx: PageContext, strategyId: string, outcome: ReviewOutcome | null): Promise<HTMLElement> {
  const strategy = loaded(await ctx.api.get<Strategy>(`/api/strategies/${strategyId}`), 'Contact strategy');
  const [customerResult, directory] = await Promise.all([ctx.api.get<Customer>(`/api/customers/${strategy.customerId}`), ctx.staffNames.load()]);
  const customer = loaded(customerResult, 'Customer');

  const choice = radioGroup<ReviewOutcome>(
    'Outcome',
    'outcome',
    (Object.keys(REVIEW_OUTCOME_LABELS) as ReviewOutcome[]).map((value) => ({ value, label: REVIEW_OUTCOME_LABELS[value], hint: OUTCOME_HINTS[value] })),
  );
  const notes = field('Notes', textArea('notes', { rows: 4, maxlength: 4000 }), { hint: 'What was considered: calls since the last review, breaches, the customer’s circumstances.' });
  const nextReviewAt = field('Next review date', h('input', { attrs: { type: 'date', name: 'nextReviewAt' } }), { hint: 'At most 12 months ahead.', className: 'inline-field' });
  nextReviewAt.control.value = dateInputMonthsAhead(new Date(), 3);
  const restrictions = createRestrictionsEditor(directory);
  restrictions.set(strategy.restrictions.map(restrictionValues));
  const alert = formAlert();
  const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Record review');

  const sync = () => {
    const value = choice.value();
    restrictions.element.hidden = value !== 'ease' && value !== 'tighten';
    nextReviewAt.show(value !== 'lift');
    submit.classList.toggle('button-danger', value === 'lift');
  };
  choice.onChange(sync);
  if (outcome) choice.set(outcome);
  sync();

  const form = h(
    'form',
    { className: 'review-form', attrs: { novalidate: true } },
    alert.element,
    choice.field.element,
    notes.element,
    nextReviewAt.element,
    restrictions.element,
    h('div', { className: 'form-buttons' }, submit, link({ page: 'strategy', id: strategy.id }, 'Cancel')),
  );

  onSubmit(form, submit, alert, () => {
    const value = choice.value();
    const fields: Record<string, Field> = { outcome: choice.field, notes, nextReviewAt, ...restrictions.fields() };
    const problems: Record<string, string> = {};
    if (!value) problems.outcome = 'Choose the outcome of the review';
    if (!notes.control.value.trim()) problems.notes = 'Write notes on the review';
    const changes = value === 'ease' || value === 'tighten';
    const built = changes ? buildRestrictions(restrictions.values()) : null;
    if (built) Object.assign(problems, built.problems);
    const next = value === 'lift' || !nextReviewAt.control.value ? null : dateInputToIso(nextReviewAt.control.value);
    if (value !== 'lift' && nextReviewAt.control.value && !next) problems.nextReviewAt = 'Enter a real date';
    const send = () =>
      ctx.api.post(`/api/strategies/${strategy.id}/reviews`, {
        outcome: value,
        notes: notes.control.value.trim(),
        ...(next ? { nextReviewAt: next } : {}),
        ...(built ? { restrictions: built.restrictions } : {}),
      });
    const done = () => {
      ctx.notify(`Review recorded: ${REVIEW_OUTCOME_LABELS[value as ReviewOutcome].toLowerCase()}.`);
      ctx.navigate({ page: 'strategy', id: strategy.id });
    };
    return { fields, problems, send, action: value === 'tighten' ? 'tighten this strategy' : 'review this strategy', done };
  });

  return h(
    'div',
    { className: 'page review-page' },
    h('p', { className: 'breadcrumbs' }, link({ page: 'customer', id: customer.id }, customer.name), ' › ', link({ page: 'strategy', id: strategy.id }, 'Contact strategy')),
    pageHeading(`Review the contact strategy for ${customer.name}`),
    h('p', {}, reviewWording(strategy)),
    h('div', { className: 'current' }, h('h2', {}, 'Restrictions now'), h('ul', {}, ...strategy.restrictions.map((r) => h('li', {}, describeRestriction(r, ctx.staffNames.name))))),
    form,
  );
}
