import { h, type Child } from '../shared/dom.js';
import { dateAndTime, longDate, plural, restrictionLabel } from '../shared/wording.js';
import type { Breach, Customer, Dashboard, Escalation, Incident, Strategy, Termination } from './api-types.js';
import { loaded, type PageContext } from './page-context.js';
import * as act from './strategy-actions.js';
import { reasonLabel, reviewWording } from './supervisor-wording.js';
import { button, empty, link, pageHeading, section } from './ui.js';

// Everything waiting for a supervisor or director, in one read of GET /api/dashboard: proposals to authorise,
// serious incidents, letters and reviews due, breaches, escalation suggestions and terminated calls (R2-R14).

export async function dashboardPage(ctx: PageContext): Promise<HTMLElement> {
  const [result] = await Promise.all([ctx.api.get<Dashboard>('/api/dashboard'), ctx.staffNames.load()]);
  const d = loaded(result, 'Dashboard');
  const names = await escalationNames(ctx, d.escalations);
  const reload = () => ctx.reload();
  const waiting = d.proposals.length + d.incidents.length + d.notificationsOverdue.length + d.awaitingNotification.length + d.reviewsOverdue.length + d.breaches.length + d.escalations.length;

  return h(
    'div',
    { className: 'page dashboard-page' },
    pageHeading('Dashboard'),
    h('p', { className: 'lede', attrs: { 'data-testid': 'dashboard-summary' } }, waiting === 0 ? 'Nothing is waiting for you.' : `${plural(waiting, 'thing is', 'things are')} waiting. Updated ${dateAndTime(d.generatedAt)}.`),
    h(
      'div',
      { className: 'dashboard-grid' },
      section(
        'Proposals awaiting authorisation',
        { count: d.proposals.length, testId: 'proposals' },
        items(d.proposals, 'No proposals waiting.', (s) =>
          strategyCard(ctx, s, [`Proposed by ${ctx.staffNames.name(s.proposedBy)} on ${longDate(s.proposedAt)}`, s.allContact ? 'Restricts all contact: a director must authorise' : null], [
            ctx.canDecide && button('Authorise', (b) => act.authorise(ctx, s, b, reload), { kind: 'primary', small: true }),
            ctx.canDecide && button('Reject', (b) => act.reject(ctx, s, b, reload), { kind: 'danger', small: true }),
          ]),
        ),
      ),
      section(
        'Serious incidents',
        { count: d.incidents.length, testId: 'incidents', className: d.incidents.length > 0 ? 'alarm' : '' },
        items(d.incidents, 'No serious incidents open.', (i) => incidentCard(ctx, i, reload)),
      ),
      section(
        'Letters overdue',
        { count: d.notificationsOverdue.length, testId: 'notifications-overdue' },
        h('p', { className: 'field-hint' }, 'Urgent strategies in force whose letter was not recorded within 5 working days (R6).'),
        items(d.notificationsOverdue, 'No letters overdue.', (s) => letterCard(ctx, s, reload)),
      ),
      section(
        'Awaiting notification',
        { count: d.awaitingNotification.length, testId: 'awaiting-notification' },
        h('p', { className: 'field-hint' }, 'Authorised, not in force until the letter is recorded.'),
        items(d.awaitingNotification, 'No letters to send.', (s) => letterCard(ctx, s, reload)),
      ),
      section('Reviews overdue', { count: d.reviewsOverdue.length, testId: 'reviews-overdue' }, items(d.reviewsOverdue, 'No reviews overdue.', (s) => reviewCard(ctx, s))),
      section('Reviews due in the next 14 days', { count: d.reviewsDueSoon.length, testId: 'reviews-due-soon' }, items(d.reviewsDueSoon, 'No reviews due soon.', (s) => reviewCard(ctx, s))),
      section('Breaches to acknowledge', { count: d.breaches.length, testId: 'breaches' }, items(d.breaches, 'No breaches waiting.', (b) => breachCard(ctx, b, reload))),
      section(
        'Escalation suggestions',
        { count: d.escalations.length, testId: 'escalations' },
        items(d.escalations, 'No suggestions.', (e) => escalationCard(ctx, e, names.get(e.id) ?? 'an unknown caller', reload)),
      ),
      section(
        'Terminated calls to acknowledge',
        { count: d.terminations.length, testId: 'terminations' },
        d.terminations.length > 0 ? h('p', { className: 'field-hint' }, 'Acknowledged in the live panel, where agents and supervisors see them as they happen.') : null,
        items(d.terminations, 'None waiting.', (t) => terminationCard(t)),
        d.terminations.length > 0 ? h('p', {}, h('a', { attrs: { href: '/panel' } }, 'Open the live panel to acknowledge them')) : null,
      ),
    ),
  );
}

function items<T>(list: readonly T[], none: string, card: (item: T) => HTMLElement): HTMLElement {
  return list.length === 0 ? empty(none) : h('ul', { className: 'card-list' }, ...list.map((item) => h('li', {}, card(item))));
}

function card(title: Child | Child[], lines: Child[], actions: Child[], className = ''): HTMLElement {
  const buttons = actions.filter(Boolean);
  return h(
    'article',
    { className: `card ${className}`.trim() },
    h('h3', {}, ...(Array.isArray(title) ? title : [title])),
    ...lines.filter(Boolean).map((line) => h('p', {}, line)),
    buttons.length > 0 ? h('div', { className: 'button-row' }, ...buttons) : null,
  );
}

function strategyCard(ctx: PageContext, s: Strategy, lines: Child[], actions: Child[]): HTMLElement {
  const restrictions = h('ul', { className: 'badges', attrs: { 'aria-label': 'Restrictions' } }, ...s.restrictions.map((r) => h('li', { className: `badge badge-${r.type}` }, restrictionLabel(r.type))));
  return card(link({ page: 'strategy', id: s.id }, s.customerName ?? 'Customer'), [restrictions, ...lines, s.urgent ? h('strong', {}, 'Urgent') : null], [...actions, link({ page: 'strategy', id: s.id }, 'Details', h('span', { className: 'visually-hidden' }, ` of the strategy for ${s.customerName ?? 'this customer'}`))]);
}

function letterCard(ctx: PageContext, s: Strategy, reload: () => void): HTMLElement {
  return strategyCard(ctx, s, [`Authorised on ${s.authorisedAt ? longDate(s.authorisedAt) : '—'} by ${ctx.staffNames.name(s.authorisedBy)}`, s.notificationOverdue ? h('strong', { className: 'overdue-text' }, 'Letter overdue') : null], [
    ctx.canDecide && button('Record letter', (b) => act.recordLetter(ctx, s, b, reload), { kind: 'primary', small: true }),
    h('a', { attrs: { href: `/api/strategies/${s.id}/letter`, target: '_blank', rel: 'noopener' } }, 'Preview letter'),
  ]);
}

function reviewCard(ctx: PageContext, s: Strategy): HTMLElement {
  return strategyCard(ctx, s, [reviewWording(s)], [ctx.canDecide && button('Review', () => ctx.navigate({ page: 'strategy-review', id: s.id, outcome: null }), { small: true })]);
}

function breachCard(ctx: PageContext, b: Breach, reload: () => void): HTMLElement {
  return card(
    [`${restrictionLabel(b.restrictionType)} breached by `, b.customerId ? link({ page: 'customer', id: b.customerId }, b.customerName ?? 'customer') : (b.callerE164 ?? 'an unknown caller')],
    [dateAndTime(b.occurredAt), b.detail],
    [
      ctx.canDecide && button('Acknowledge', (btn) => act.acknowledgeBreach(ctx, b, btn, reload), { small: true }),
      ctx.canDecide && button('Tighten this strategy', () => ctx.navigate({ page: 'strategy-review', id: b.strategyId, outcome: 'tighten' }), { small: true }),
    ],
  );
}

function escalationCard(ctx: PageContext, e: Escalation, name: string, reload: () => void): HTMLElement {
  const evidence = h(
    'ol',
    { className: 'evidence', attrs: { 'aria-label': 'Evidence: the terminated calls' } },
    ...e.evidence.map((t) => h('li', {}, h('strong', {}, longDate(t.createdAt)), ` ${reasonLabel(t.reason)}, ended by ${t.staffName}${t.warned ? ' after a warning' : ''}.${t.details ? ` ${t.details}` : ''}`)),
  );
  return card(
    [`${plural(e.evidence.length, 'terminated call', 'terminated calls')} from `, e.customerId ? link({ page: 'customer', id: e.customerId }, name) : name],
    [`Suggested ${dateAndTime(e.createdAt)}: consider a contact strategy (R3).`, evidence],
    [
      ctx.canDecide && button('Accept: draft a strategy', (b) => void act.acceptEscalation(ctx, e, b), { kind: 'primary', small: true }),
      ctx.canDecide && button('Dismiss', (b) => act.dismissEscalation(ctx, e, name, b, reload), { small: true }),
    ],
    'escalation',
  );
}

function incidentCard(ctx: PageContext, i: Incident, reload: () => void): HTMLElement {
  const who = i.customerId ? link({ page: 'customer', id: i.customerId }, i.customerName ?? 'customer') : (i.callerMasked ?? 'a withheld number');
  return card(
    ['Threat of violence: ', who],
    [`${dateAndTime(i.createdAt)}, call ended by ${i.staff.displayName}.`, i.details || null],
    [ctx.canDecide && button('Record what was done', (b) => act.resolveIncident(ctx, i, b, reload), { kind: 'danger', small: true })],
    'serious',
  );
}

function terminationCard(t: Termination): HTMLElement {
  const who = t.customerId ? link({ page: 'customer', id: t.customerId }, t.customerName ?? 'customer') : (t.callerMasked ?? 'a withheld number');
  return card([reasonLabel(t.reason), ': ', who], [`${dateAndTime(t.createdAt)}, ended by ${t.staff.displayName}.`, t.details || null], [], t.serious ? 'serious' : '');
}

async function escalationNames(ctx: PageContext, escalations: Escalation[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    escalations.map(async (e) => {
      if (!e.customerId) return void names.set(e.id, e.callerE164 ?? 'an unknown caller');
      const result = await ctx.api.get<Customer>(`/api/customers/${e.customerId}`);
      names.set(e.id, result.ok ? result.body.name : 'a customer');
    }),
  );
  return names;
}
