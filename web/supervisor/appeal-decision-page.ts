import { h } from '../shared/dom.js';
import { field, textArea, type Field } from '../shared/form-fields.js';
import { longDate } from '../shared/wording.js';
import type { Appeal, Customer, Strategy } from './api-types.js';
import { formAlert } from './form-alert.js';
import { onSubmit } from './form-submit.js';
import { loaded, PageError, type PageContext } from './page-context.js';
import { radioGroup } from './radio-group.js';
import { createRestrictionsEditor } from './restrictions-editor.js';
import { buildRestrictions, restrictionValues } from './strategy-request.js';
import { APPEAL_OUTCOME_LABELS } from './supervisor-wording.js';
import { link, pageHeading, paragraphs } from './ui.js';

// Deciding an appeal (secondary review): uphold, ease (the restrictions replaced) or lift, with reasons. Only
// someone who neither proposed nor authorised the strategy may decide it; the API says so when they did.

type AppealOutcome = keyof typeof APPEAL_OUTCOME_LABELS;

export async function appealDecisionPage(ctx: PageContext, strategyId: string, appealId: string): Promise<HTMLElement> {
  const [strategyResult, appealsResult, directory] = await Promise.all([
    ctx.api.get<Strategy>(`/api/strategies/${strategyId}`),
    ctx.api.get<{ items: Appeal[] }>(`/api/strategies/${strategyId}/appeals`),
    ctx.staffNames.load(),
  ]);
  const strategy = loaded(strategyResult, 'Contact strategy');
  const appeal = loaded(appealsResult, 'Appeals').items.find((a) => a.id === appealId);
  if (!appeal) throw new PageError('Appeal not found', 'This strategy has no such appeal.');
  const customer = loaded(await ctx.api.get<Customer>(`/api/customers/${strategy.customerId}`), 'Customer');

  const choice = radioGroup<AppealOutcome>('Decision', 'outcome', (Object.keys(APPEAL_OUTCOME_LABELS) as AppealOutcome[]).map((value) => ({ value, label: APPEAL_OUTCOME_LABELS[value] })));
  const reasons = field('Reasons', textArea('reasons', { rows: 4, maxlength: 4000 }), { hint: 'The customer is told these.' });
  const restrictions = createRestrictionsEditor(directory);
  restrictions.set(strategy.restrictions.map(restrictionValues));
  const alert = formAlert();
  const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Record decision');
  const sync = () => void (restrictions.element.hidden = choice.value() !== 'ease');
  choice.onChange(sync);
  sync();
  const form = h(
    'form',
    { attrs: { novalidate: true } },
    alert.element,
    choice.field.element,
    reasons.element,
    restrictions.element,
    h('div', { className: 'form-buttons' }, submit, link({ page: 'strategy', id: strategy.id }, 'Cancel')),
  );

  onSubmit(form, submit, alert, () => {
    const value = choice.value();
    const fields: Record<string, Field> = { outcome: choice.field, reasons, ...restrictions.fields() };
    const problems: Record<string, string> = {};
    if (!value) problems.outcome = 'Choose the decision';
    if (!reasons.control.value.trim()) problems.reasons = 'Write the reasons for the decision';
    const built = value === 'ease' ? buildRestrictions(restrictions.values()) : null;
    if (built) Object.assign(problems, built.problems);
    const send = () =>
      ctx.api.post(`/api/strategies/${strategy.id}/appeals/${appeal.id}/decision`, {
        outcome: value,
        reasons: reasons.control.value.trim(),
        ...(built ? { restrictions: built.restrictions } : {}),
      });
    const done = () => {
      ctx.notify('Appeal decided.');
      ctx.navigate({ page: 'strategy', id: strategy.id });
    };
    return { fields, problems, send, action: 'decide this appeal', done };
  });

  return h(
    'div',
    { className: 'page appeal-page' },
    h('p', { className: 'breadcrumbs' }, link({ page: 'customer', id: customer.id }, customer.name), ' › ', link({ page: 'strategy', id: strategy.id }, 'Contact strategy')),
    pageHeading(`Decide the appeal of ${customer.name}`),
    h('div', { className: 'current' }, h('h2', {}, `Appeal received ${longDate(appeal.receivedAt)}`), paragraphs(appeal.summary)),
    form,
  );
}
