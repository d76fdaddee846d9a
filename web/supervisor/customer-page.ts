import { h, type Child } from '../shared/dom.js';
import { dateAndTime, longDate, restrictionLabel } from '../shared/wording.js';
import { query, type ApiResult } from './api.js';
import type { Breach, CallRecord, Customer, Strategy, Termination } from './api-types.js';
import { auditSection } from './audit-list.js';
import { loaded, type PageContext } from './page-context.js';
import { LANGUAGE_LABELS, minutesText, reasonLabel, strategyBadges } from './supervisor-wording.js';
import { badges, button, empty, facts, link, pageHeading, section, table } from './ui.js';

// One customer: their details and communication needs, and their whole history: strategies, calls,
// terminated calls, breaches and the audit trail.

export async function customerPage(ctx: PageContext, id: string): Promise<HTMLElement> {
  const list = <T>(path: string) => ctx.api.get<{ items: T[] }>(path);
  const [customerResult, strategies, calls, terminations, breaches, audit] = await Promise.all([
    ctx.api.get<Customer>(`/api/customers/${id}`),
    list<Strategy>(`/api/strategies${query({ customerId: id })}`),
    list<CallRecord>(`/api/calls${query({ customerId: id, limit: 100 })}`),
    list<Termination>(`/api/terminations${query({ customerId: id })}`),
    list<Breach>(`/api/breaches${query({ customerId: id })}`),
    auditSection(ctx.api, 'customer', id),
  ]);
  const customer = loaded(customerResult, 'Customer');

  return h(
    'div',
    { className: 'page customer-page' },
    h('p', { className: 'breadcrumbs' }, link({ page: 'customers', q: '' }, 'Customers')),
    h(
      'div',
      { className: 'page-head' },
      pageHeading(customer.name),
      h(
        'div',
        { className: 'button-row' },
        button('Edit customer', () => ctx.navigate({ page: 'customer-edit', id })),
        button('Propose a contact strategy', () => ctx.navigate({ page: 'strategy-new', customerId: id, draft: false }), { kind: 'primary' }),
      ),
    ),
    customer.communicationNeeds ? h('div', { className: 'needs' }, h('h2', {}, 'Communication needs'), h('p', {}, customer.communicationNeeds)) : null,
    facts([
      ['Reference', customer.reference ?? '—'],
      ['Phone numbers', customer.phoneNumbers.join(', ') || 'None'],
      ['Language', LANGUAGE_LABELS[customer.language]],
      ['Since', longDate(customer.createdAt)],
    ]),
    historySection<Strategy>('Contact strategies', strategies, { none: 'No contact strategies.', caption: 'Contact strategies', testId: 'customer-strategies' }, [
      ['Proposed', (s) => link({ page: 'strategy', id: s.id }, longDate(s.proposedAt))],
      ['Status', (s) => badges(strategyBadges(s))],
      ['Restrictions', (s) => s.restrictions.map((r) => restrictionLabel(r.type)).join(', ')],
      ['Review', (s) => (s.status === 'authorised' ? longDate(s.reviewAt) : '—')],
    ]),
    historySection<CallRecord>('Calls', calls, { none: 'No calls recorded.', caption: 'Calls, newest first' }, [
      ['When', (c) => dateAndTime(c.startedAt)],
      ['From', (c) => (c.callerWithheld ? 'Withheld' : (c.callerE164 ?? '—'))],
      ['Decision', (c) => c.decisionKind],
      ['Outcome', (c) => `${c.outcome}${c.emergencyBypassAt ? ' (emergency key)' : ''}`],
      ['Status', (c) => c.status],
      ['Length', (c) => minutesText(c.durationSeconds)],
    ]),
    historySection<Termination>('Terminated calls', terminations, { none: 'No calls ended by staff.', caption: 'Terminated calls, newest first' }, [
      ['When', (t) => dateAndTime(t.createdAt)],
      ['Reason', (t) => [reasonLabel(t.reason), t.serious ? h('strong', { className: 'serious-text' }, ' (serious)') : null]],
      ['Ended by', (t) => t.staff.displayName],
      ['Warned first', (t) => (t.warned ? 'Yes' : `No${t.justification ? `: ${t.justification}` : ''}`)],
      ['Details', (t) => t.details || '—'],
      ['Acknowledged', acknowledged],
    ]),
    historySection<Breach>('Breaches', breaches, { none: 'No breaches.', caption: 'Breaches, newest first' }, [
      ['When', (b) => dateAndTime(b.occurredAt)],
      ['Restriction', (b) => restrictionLabel(b.restrictionType)],
      ['What happened', (b) => b.detail],
      ['Strategy', (b) => link({ page: 'strategy', id: b.strategyId }, 'View')],
      ['Acknowledged', acknowledged],
    ]),
    audit,
  );
}

/** When a supervisor acknowledged a termination or breach, with their note. */
const acknowledged = (item: { acknowledgedAt: string | null; acknowledgementNote: string | null }) =>
  item.acknowledgedAt ? `${longDate(item.acknowledgedAt)}${item.acknowledgementNote ? `: ${item.acknowledgementNote}` : ''}` : 'Not yet';

/** One part of the history: how many, a table of them (captioned for screen readers), or why it could not be read. */
function historySection<T>(title: string, result: ApiResult<{ items: T[] }>, text: { none: string; caption: string; testId?: string }, columns: Array<[string, (item: T) => Child | Child[]]>): HTMLElement {
  const content = !result.ok
    ? h('p', { className: 'form-alert shown' }, `Could not be read: ${result.message}`)
    : result.body.items.length === 0
      ? empty(text.none)
      : table(text.caption, columns, result.body.items, { hideCaption: true });
  return section(title, { count: result.ok ? result.body.items.length : undefined, testId: text.testId }, content);
}
