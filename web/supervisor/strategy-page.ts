import { h } from '../shared/dom.js';
import { dateAndTime, longDate } from '../shared/wording.js';
import type { Appeal, Customer, Review, Strategy } from './api-types.js';
import { auditSection } from './audit-list.js';
import { letterPreview } from './letter-preview.js';
import { loaded, type PageContext } from './page-context.js';
import * as act from './strategy-actions.js';
import { APPEAL_OUTCOME_LABELS, CHANNEL_LABELS, describeRestriction, REVIEW_OUTCOME_LABELS, reviewWording, strategyBadges } from './supervisor-wording.js';
import { badges, button, empty, facts, link, listOr, pageHeading, paragraphs, section } from './ui.js';

// One contact strategy: what it is and where it stands, the actions its state allows, the letter, its reviews,
// appeals and audit trail.

export async function strategyPage(ctx: PageContext, id: string): Promise<HTMLElement> {
  const [strategyResult, reviewsResult, appealsResult] = await Promise.all([
    ctx.api.get<Strategy>(`/api/strategies/${id}`),
    ctx.api.get<{ items: Review[] }>(`/api/strategies/${id}/reviews`),
    ctx.api.get<{ items: Appeal[] }>(`/api/strategies/${id}/appeals`),
    ctx.staffNames.load(),
  ]);
  const strategy = loaded(strategyResult, 'Contact strategy');
  const [customerResult, audit] = await Promise.all([ctx.api.get<Customer>(`/api/customers/${strategy.customerId}`), auditSection(ctx.api, 'strategy', id)]);
  const customer = loaded(customerResult, 'Customer');
  const reviews = loaded(reviewsResult, 'Reviews').items;
  const appeals = loaded(appealsResult, 'Appeals').items;
  const s = { ...strategy, customerName: customer.name };
  const name = ctx.staffNames.name;

  return h(
    'div',
    { className: 'page strategy-page' },
    h('p', { className: 'breadcrumbs' }, link({ page: 'customer', id: customer.id }, customer.name)),
    pageHeading(`Contact strategy for ${customer.name}`),
    badges(strategyBadges(s)),
    actions(ctx, s, appeals),
    h(
      'div',
      { className: 'columns' },
      h(
        'div',
        {},
        section('Restrictions', { count: s.restrictions.length }, h('ul', { className: 'restriction-summary' }, ...s.restrictions.map((r) => h('li', {}, describeRestriction(r, name))))),
        section('Reason', {}, paragraphs(s.reason)),
        section(
          'Earlier warnings',
          { count: s.priorWarnings.length },
          listOr(s.priorWarnings, 'None listed.', (w) => h('p', {}, h('strong', {}, longDate(w.date)), ` ${w.summary}`)),
        ),
      ),
      section(
        'Details',
        {},
        facts([
          ['Starts', longDate(s.startsAt)],
          ['Ends', s.endsAt ? longDate(s.endsAt) : 'When lifted, or at a review'],
          ['Review', reviewWording(s)],
          ['Proposed', `${dateAndTime(s.proposedAt)} by ${name(s.proposedBy)}`],
          ['Authorised', s.authorisedAt ? `${dateAndTime(s.authorisedAt)} by ${name(s.authorisedBy)}` : null],
          ['Rationale', s.authorisationRationale],
          ['Rejected', s.rejectedAt ? `${dateAndTime(s.rejectedAt)} by ${name(s.rejectedBy)}: ${s.rejectionReason ?? ''}` : null],
          ['Letter', s.notification ? `${CHANNEL_LABELS[s.notification.channel]} sent ${dateAndTime(s.notification.sentAt)}, reference ${s.notification.reference}` : s.status === 'authorised' ? 'Not recorded yet' : null],
          ['Lifted', s.liftedAt ? `${dateAndTime(s.liftedAt)} by ${name(s.liftedBy)}: ${s.liftReason ?? ''}` : null],
        ]),
      ),
    ),
    section('Letter to the customer', { testId: 'letter' }, h('p', { className: 'field-hint' }, `In ${customer.language === 'cy-GB' ? 'Welsh' : 'English'}, from the strategy as it stands.`), letterPreview(s.id)),
    section(
      'Reviews',
      { count: reviews.length, testId: 'reviews' },
      listOr([...reviews].reverse(), 'No reviews yet.', (r) =>
        h(
          'div',
          {},
          h('p', {}, h('strong', {}, REVIEW_OUTCOME_LABELS[r.outcome]), ` · ${dateAndTime(r.reviewedAt)} by ${name(r.reviewedBy)} · ${r.reviewedAt <= r.dueAt ? 'on time' : `late (due ${longDate(r.dueAt)})`}`),
          paragraphs(r.notes),
          r.nextReviewAt ? h('p', { className: 'meta' }, `Next review ${longDate(r.nextReviewAt)}`) : null,
        ),
      ),
    ),
    section(
      'Appeals',
      { count: appeals.length, testId: 'appeals' },
      listOr([...appeals].reverse(), 'No appeals.', (a) =>
        h(
          'div',
          {},
          h('p', {}, h('strong', {}, `Received ${longDate(a.receivedAt)}`), ` · recorded by ${name(a.recordedBy)}`),
          paragraphs(a.summary),
          a.outcome
            ? h('p', { className: 'decision' }, h('strong', {}, `Decided: ${APPEAL_OUTCOME_LABELS[a.outcome]}`), ` by ${name(a.decidedBy)}${a.decidedAt ? ` on ${longDate(a.decidedAt)}` : ''}. ${a.reasons ?? ''}`)
            : ctx.canDecide
              ? link({ page: 'appeal-decision', id: s.id, appealId: a.id }, 'Decide this appeal')
              : h('p', { className: 'meta' }, 'Waiting for a decision.'),
        ),
      ),
    ),
    audit,
  );
}

function actions(ctx: PageContext, s: Strategy, appeals: Appeal[]): HTMLElement {
  if (!ctx.canDecide) return empty('You can read this strategy; only supervisors and directors act on it.');
  const reload = () => ctx.reload();
  const list: HTMLElement[] = [];
  if (s.status === 'proposed') {
    list.push(button('Authorise', (b) => act.authorise(ctx, s, b, reload), { kind: 'primary' }), button('Reject', (b) => act.reject(ctx, s, b, reload), { kind: 'danger' }));
  }
  if (s.status === 'authorised') {
    if (!s.notification) list.push(button('Record letter', (b) => act.recordLetter(ctx, s, b, reload), { kind: 'primary' }));
    list.push(
      button('Review', () => ctx.navigate({ page: 'strategy-review', id: s.id, outcome: null })),
      button('Record appeal', (b) => act.recordAppeal(ctx, s, b, reload)),
      button('Lift', (b) => act.lift(ctx, s, b, reload), { kind: 'danger' }),
    );
  }
  const open = appeals.filter((a) => !a.outcome).length;
  return h(
    'div',
    { className: 'action-bar', attrs: { role: 'group', 'aria-label': 'Actions' } },
    ...list,
    open > 0 ? h('p', { className: 'meta' }, `${open} appeal${open === 1 ? '' : 's'} waiting for a decision (below).`) : null,
    list.length === 0 && open === 0 ? h('p', { className: 'meta' }, 'Nothing to do: this strategy is closed.') : null,
  );
}
