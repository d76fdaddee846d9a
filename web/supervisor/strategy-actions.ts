import { h } from '../shared/dom.js';
import { openActionDialog } from './action-dialog.js';
import type { Appeal, Breach, Escalation, EscalationProposal, Incident, Strategy } from './api-types.js';
import { dateInputToIso, dateTimeLocalToIso, toDateTimeLocal } from './form-dates.js';
import type { PageContext } from './page-context.js';
import { CHANNEL_LABELS, describeRestriction, reasonLabel } from './supervisor-wording.js';

// The actions supervisors take from the dashboard and the strategy page, each a small dialog on the API.

type Opener = HTMLElement | null;
const who = (s: Pick<Strategy, 'customerName'>) => s.customerName ?? 'this customer';

function strategySubject(ctx: PageContext, s: Strategy) {
  return h(
    'div',
    {},
    h('p', {}, h('strong', {}, s.customerName ?? 'Contact strategy'), ` · proposed by ${ctx.staffNames.name(s.proposedBy)}`),
    h('ul', { className: 'plain-list' }, ...s.restrictions.map((r) => h('li', {}, describeRestriction(r, ctx.staffNames.name)))),
  );
}

export function authorise(ctx: PageContext, s: Strategy, opener: Opener, after: (s: Strategy) => void): void {
  openActionDialog<Strategy>(opener, ctx.fallbackFocus, {
    title: 'Authorise this contact strategy',
    subject: strategySubject(ctx, s),
    guidance: s.allContact ? 'This strategy restricts all contact: only a director may authorise it.' : 'You may not authorise a strategy you proposed yourself.',
    action: 'authorise this strategy',
    fields: [
      { name: 'rationale', label: 'Your rationale', kind: 'textarea', required: 'Write why the strategy is justified and proportionate', maxlength: 4000 },
      { name: 'urgent', label: 'Urgent: in force now, before the letter is sent', kind: 'checkbox', value: s.urgent, hint: 'The letter is then due within 5 working days.' },
    ],
    submitLabel: 'Authorise',
    body: (v) => ({ body: { rationale: String(v.rationale).trim(), urgent: v.urgent === true } }),
    send: (body) => ctx.api.post(`/api/strategies/${s.id}/authorise`, body),
    done: (updated) => {
      ctx.notify(`Strategy for ${who(s)} authorised.${updated.inForce ? ' It is in force now.' : ' It comes into force when the letter is recorded.'}`);
      after(updated);
    },
  });
}

export function reject(ctx: PageContext, s: Strategy, opener: Opener, after: (s: Strategy) => void): void {
  openActionDialog<Strategy>(opener, ctx.fallbackFocus, {
    title: 'Reject this contact strategy',
    subject: strategySubject(ctx, s),
    action: 'reject this strategy',
    fields: [{ name: 'reason', label: 'Reason for rejecting', kind: 'textarea', required: 'Write why the strategy is rejected', maxlength: 4000 }],
    submitLabel: 'Reject',
    danger: true,
    body: (v) => ({ body: { reason: String(v.reason).trim() } }),
    send: (body) => ctx.api.post(`/api/strategies/${s.id}/reject`, body),
    done: (updated) => {
      ctx.notify(`Strategy for ${who(s)} rejected.`);
      after(updated);
    },
  });
}

export function recordLetter(ctx: PageContext, s: Strategy, opener: Opener, after: (s: Strategy) => void): void {
  openActionDialog<Strategy>(opener, ctx.fallbackFocus, {
    title: 'Record the letter',
    subject: h('p', {}, `The written notice to ${who(s)} (R6). Recording it puts a strategy that is not urgent in force.`),
    action: 'record the letter',
    fields: [
      { name: 'sentAt', label: 'Sent', kind: 'datetime', value: toDateTimeLocal(new Date()), required: 'Enter when the letter was sent' },
      { name: 'channel', label: 'Sent by', kind: 'select', options: Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label })) },
      { name: 'reference', label: 'Reference', kind: 'text', hint: 'The letter’s reference, e.g. LTR-2030-0142.', required: 'Enter the letter’s reference', maxlength: 200 },
    ],
    submitLabel: 'Record letter',
    body: (v) => {
      const sentAt = dateTimeLocalToIso(String(v.sentAt));
      return sentAt ? { body: { sentAt, channel: v.channel, reference: String(v.reference).trim() } } : { problems: { sentAt: 'Enter a date and time' } };
    },
    send: (body) => ctx.api.post(`/api/strategies/${s.id}/notification`, body),
    done: (updated) => {
      ctx.notify(`Letter recorded for ${who(s)}.${updated.inForce ? ' The strategy is in force.' : ''}`);
      after(updated);
    },
  });
}

export function lift(ctx: PageContext, s: Strategy, opener: Opener, after: (s: Strategy) => void): void {
  openActionDialog<Strategy>(opener, ctx.fallbackFocus, {
    title: 'Lift this contact strategy',
    subject: strategySubject(ctx, s),
    guidance: 'Lifting ends every restriction now. To change them instead, record a review.',
    action: 'lift this strategy',
    fields: [{ name: 'reason', label: 'Reason for lifting', kind: 'textarea', required: 'Write why the strategy is lifted', maxlength: 4000 }],
    submitLabel: 'Lift strategy',
    danger: true,
    body: (v) => ({ body: { reason: String(v.reason).trim() } }),
    send: (body) => ctx.api.post(`/api/strategies/${s.id}/lift`, body),
    done: (updated) => {
      ctx.notify(`Strategy for ${who(s)} lifted.`);
      after(updated);
    },
  });
}

export function recordAppeal(ctx: PageContext, s: Strategy, opener: Opener, after: () => void): void {
  openActionDialog<Appeal>(opener, ctx.fallbackFocus, {
    title: 'Record an appeal',
    subject: h('p', {}, `The customer’s challenge to this strategy. Someone who neither proposed nor authorised it decides it.`),
    action: 'record an appeal',
    fields: [
      { name: 'receivedAt', label: 'Received on', kind: 'date', hint: 'Leave empty for today.' },
      { name: 'summary', label: 'What the customer says', kind: 'textarea', required: 'Summarise the appeal', maxlength: 4000 },
    ],
    submitLabel: 'Record appeal',
    body: (v) => {
      const received = String(v.receivedAt);
      if (!received) return { body: { summary: String(v.summary).trim() } };
      const receivedAt = dateInputToIso(received);
      return receivedAt ? { body: { receivedAt, summary: String(v.summary).trim() } } : { problems: { receivedAt: 'Enter a real date' } };
    },
    send: (body) => ctx.api.post(`/api/strategies/${s.id}/appeals`, body),
    done: () => {
      ctx.notify('Appeal recorded. It waits for a decision.');
      after();
    },
  });
}

export function acknowledgeBreach(ctx: PageContext, b: Breach, opener: Opener, after: () => void): void {
  openActionDialog<Breach>(opener, ctx.fallbackFocus, {
    title: 'Acknowledge a breach',
    subject: h('p', {}, `${b.customerName ?? 'Unknown caller'}: ${b.detail}`),
    action: 'acknowledge this breach',
    fields: [{ name: 'note', label: 'Note', kind: 'textarea', hint: 'What was done, or what happens next.', required: 'Write a note: what was done, or what happens next', maxlength: 2000 }],
    submitLabel: 'Acknowledge',
    body: (v) => ({ body: { note: String(v.note).trim() } }),
    send: (body) => ctx.api.post(`/api/breaches/${b.id}/acknowledge`, body),
    done: () => {
      ctx.notify('Breach acknowledged.');
      after();
    },
  });
}

export function dismissEscalation(ctx: PageContext, e: Escalation, name: string, opener: Opener, after: () => void): void {
  openActionDialog<Escalation>(opener, ctx.fallbackFocus, {
    title: 'Dismiss the suggestion',
    subject: h('p', {}, `${e.evidence.length} terminated calls from ${name}.`),
    action: 'dismiss this suggestion',
    fields: [{ name: 'note', label: 'Why no strategy is needed', kind: 'textarea', required: 'Write why: dismissing a suggestion needs a note', maxlength: 2000 }],
    submitLabel: 'Dismiss',
    body: (v) => ({ body: { note: String(v.note).trim() } }),
    send: (body) => ctx.api.post(`/api/escalations/${e.id}/dismiss`, body),
    done: () => {
      ctx.notify('Suggestion dismissed.');
      after();
    },
  });
}

/** Accepting returns a pre-filled proposal: it opens in the strategy form (after a new customer record when the caller has none). */
export async function acceptEscalation(ctx: PageContext, e: Escalation, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  const result = await ctx.api.post<{ proposal: EscalationProposal }>(`/api/escalations/${e.id}/accept`, {});
  button.disabled = false;
  if (!result.ok) return ctx.notify(`The suggestion was not accepted: ${result.message}`, 'problem');
  ctx.drafts.put(result.body.proposal);
  const { customerId } = result.body.proposal;
  if (customerId) {
    ctx.notify('Suggestion accepted: the proposal below is filled in from the terminated calls. Choose the restrictions.');
    ctx.navigate({ page: 'strategy-new', customerId, draft: true });
  } else {
    ctx.notify('Suggestion accepted. The caller has no customer record yet: create one, then the proposal opens.');
    ctx.navigate({ page: 'customer-new', phone: e.callerE164 ?? '', then: 'strategy' });
  }
}

export function resolveIncident(ctx: PageContext, incident: Incident, opener: Opener, after: () => void): void {
  openActionDialog<Incident>(opener, ctx.fallbackFocus, {
    title: 'Record what was done',
    subject: h('p', {}, `${reasonLabel(incident.reason)}: ${incident.customerName ?? incident.callerMasked ?? 'unknown caller'}. ${incident.details}`),
    action: 'record what was done',
    fields: [{ name: 'action', label: 'What was done', kind: 'textarea', hint: 'For example: reported to the police, reference 1234; the agent was offered support.', required: 'Write what was done about the threat', maxlength: 4000 }],
    submitLabel: 'Record',
    body: (v) => ({ body: { action: String(v.action).trim() } }),
    send: (body) => ctx.api.post(`/api/incidents/${incident.id}/resolve`, body),
    done: () => {
      ctx.notify('Recorded what was done about the incident.');
      after();
    },
  });
}
