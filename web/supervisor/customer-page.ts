import { h } from '../shared/dom.js';
import { dateAndTime, longDate, restrictionLabel } from '../shared/wording.js';
import { query } from './api.js';
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
    section(
      'Contact strategies',
      { count: strategies.ok ? strategies.body.items.length : undefined, testId: 'customer-strategies' },
      listed(strategies, 'No contact strategies.', (items) =>
        table<Strategy>(
          'Contact strategies',
          [
            ['Proposed', (s) => link({ page: 'strategy', id: s.id }, longDate(s.proposedAt))],
            ['Status', (s) => badges(strategyBadges(s))],
            ['Restrictions', (s) => s.restrictions.map((r) => restrictionLabel(r.type)).join(', ')],
            ['Review', (s) => (s.status === 'authorised' ? longDate(s.reviewAt) : '—')],
          ],
          items,
          { hideCaption: true },
        ),
      ),
    ),
    section(
      'Calls',
      { count: calls.ok ? calls.body.items.length : undefined },
      listed(calls, 'No calls recorded.', (items) =>
        table<CallRecord>(
          'Calls, newest first',
          [
            ['When', (c) => dateAndTime(c.startedAt)],
            ['From', (c) => (c.callerWithheld ? 'Withheld' : (c.callerE164 ?? '—'))],
            ['Decision', (c) => c.decisionKind],
            ['Outcome', (c) => `${c.outcome}${c.emergencyBypassAt ? ' (emergency key)' : ''}`],
            ['Status', (c) => c.status],
            ['Length', (c) => minutesText(c.durationSeconds)],
          ],
          items,
          { hideCaption: true },
        ),
      ),
    ),
    section(
      'Terminated calls',
      { count: terminations.ok ? terminations.body.items.length : undefined },
      listed(terminations, 'No calls ended by staff.', (items) =>
        table<Termination>(
          'Terminated calls, newest first',
          [
            ['When', (t) => dateAndTime(t.createdAt)],
            ['Reason', (t) => [reasonLabel(t.reason), t.serious ? h('strong', { className: 'serious-text' }, ' (serious)') : null]],
            ['Ended by', (t) => t.staff.displayName],
            ['Warned first', (t) => (t.warned ? 'Yes' : `No${t.justification ? `: ${t.justification}` : ''}`)],
            ['Details', (t) => t.details || '—'],
            ['Acknowledged', (t) => (t.acknowledgedAt ? `${longDate(t.acknowledgedAt)}${t.acknowledgementNote ? `: ${t.acknowledgementNote}` : ''}` : 'Not yet')],
          ],
          items,
          { hideCaption: true },
        ),
      ),
    ),
    section(
      'Breaches',
      { count: breaches.ok ? breaches.body.items.length : undefined },
      listed(breaches, 'No breaches.', (items) =>
        table<Breach>(
          'Breaches, newest first',
          [
            ['When', (b) => dateAndTime(b.occurredAt)],
            ['Restriction', (b) => restrictionLabel(b.restrictionType)],
            ['What happened', (b) => b.detail],
            ['Strategy', (b) => link({ page: 'strategy', id: b.strategyId }, 'View')],
            ['Acknowledged', (b) => (b.acknowledgedAt ? `${longDate(b.acknowledgedAt)}${b.acknowledgementNote ? `: ${b.acknowledgementNote}` : ''}` : 'Not yet')],
          ],
          items,
          { hideCaption: true },
        ),
      ),
    ),
    audit,
  );
}

function listed<T>(result: { ok: true; body: { items: T[] } } | { ok: false; message: string }, none: string, show: (items: T[]) => HTMLElement): HTMLElement {
  if (!result.ok) return h('p', { className: 'form-alert shown' }, `Could not be read: ${result.message}`);
  return result.body.items.length === 0 ? empty(none) : show(result.body.items);
}
