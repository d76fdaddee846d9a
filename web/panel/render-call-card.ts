import type { PanelStaff, PanelTermination } from '../../src/panel/panel.protocol.js';
import { h, hidden } from '../shared/dom.js';
import type { ShownCall } from './panel-state.js';
import { callerName, clockTime, decisionSummary, END_STATE_LABELS, historySummary, restrictionLabel, statusLabel } from './wording.js';

// One call as a card: communication needs first (R13), who is calling, the strategy in force, what was decided,
// the caller's history, who is handling it, warnings given (R1), and the actions.

export interface CardActions {
  claim(call: ShownCall, button: HTMLButtonElement): void;
  warn(call: ShownCall, opener: HTMLElement): void;
  end(call: ShownCall, opener: HTMLElement): void;
  retryEnd(termination: PanelTermination, button: HTMLButtonElement): void;
}

export interface CardContext {
  you: PanelStaff;
  termination: PanelTermination | undefined;
  now: number;
}

const staffName = (who: PanelStaff, you: PanelStaff) => (who.id === you.id ? `${who.displayName} (you)` : who.displayName);

export function renderCallCard(call: ShownCall, context: CardContext, actions: CardActions): HTMLElement {
  const { you, termination } = context;
  const nameId = `call-${call.callSid}-name`;
  const who = callerName(call);
  const about = hidden(` the call from ${who}`);
  const restrictions = [...new Set(call.strategies.flatMap((s) => s.restrictions))];

  const needs = call.communicationNeeds
    ? h('section', { className: 'needs', attrs: { 'aria-label': 'Communication needs' } }, h('h4', {}, 'Communication needs'), h('p', {}, call.communicationNeeds))
    : null;

  const head = h(
    'header',
    { className: 'card-head' },
    h('h3', { id: nameId, className: call.customer ? '' : 'unknown' }, who),
    h(
      'p',
      { className: 'caller-number' },
      call.caller.withheld ? h('span', { className: 'badge badge-withheld' }, 'Withheld number') : h('span', { className: 'number' }, call.caller.masked),
      call.customer?.reference ? h('span', { className: 'reference' }, ` · Ref ${call.customer.reference}`) : null,
    ),
    h(
      'p',
      { className: `call-status status-${call.status}` },
      h('span', { className: 'status-pill' }, statusLabel(call.status)),
      ` since ${clockTime(call.startedAt)}`,
      call.answeredBy ? ` · put through to ${call.answeredBy}` : null,
    ),
  );

  const forYou = call.decision.spocStaffId === you.id ? h('p', { className: 'for-you' }, 'You are this caller’s single point of contact.') : null;

  const badges =
    restrictions.length > 0
      ? h('ul', { className: 'badges', attrs: { 'aria-label': 'Contact strategy in force' } }, ...restrictions.map((type) => h('li', { className: `badge badge-${type}` }, restrictionLabel(type))))
      : h('p', { className: 'no-strategy' }, 'No contact strategy in force');

  const warnings =
    call.warnings.length === 0
      ? h('dd', {}, 'None given yet')
      : h(
          'dd',
          {},
          h(
            'ul',
            { className: 'warnings' },
            ...call.warnings.map((w) => h('li', {}, `Given by ${staffName(w.by, you)} at ${clockTime(w.at)}`, w.note ? h('span', { className: 'note' }, ` — “${w.note}”`) : null)),
          ),
        );

  const facts = h(
    'dl',
    { className: 'facts' },
    h('dt', {}, 'Decision'),
    h('dd', { className: `decision decision-${call.decision.kind}` }, decisionSummary(call.decision)),
    h('dt', {}, 'History'),
    h('dd', {}, historySummary(call.history, context.now)),
    h('dt', {}, 'Handled by'),
    h('dd', {}, call.claimedBy ? staffName(call.claimedBy, you) : 'Not claimed yet'),
    h('dt', {}, 'Warnings'),
    warnings,
  );

  const terminationNotice = termination ? renderTerminationNotice(termination, actions) : null;

  const claimedByYou = call.claimedBy?.id === you.id;
  const claim = h('button', { className: 'button', attrs: { type: 'button', 'data-action': 'claim', disabled: claimedByYou } }, claimedByYou ? 'Claimed' : 'Claim', about.cloneNode(true));
  claim.addEventListener('click', () => actions.claim(call, claim));
  const warn = h('button', { className: 'button button-secondary', attrs: { type: 'button', 'data-action': 'warn' } }, 'Warning given', about.cloneNode(true));
  warn.addEventListener('click', () => actions.warn(call, warn));
  const end = h('button', { className: 'button button-danger', attrs: { type: 'button', 'data-action': 'end', hidden: termination !== undefined } }, 'End call', about.cloneNode(true));
  end.addEventListener('click', () => actions.end(call, end));

  return h(
    'article',
    {
      className: `call-card decision-${call.decision.kind}${call.communicationNeeds ? ' has-needs' : ''}`,
      attrs: { 'aria-labelledby': nameId, 'data-call-sid': call.callSid, 'data-status': call.status, tabindex: -1 },
    },
    needs,
    head,
    forYou,
    badges,
    facts,
    terminationNotice,
    h('div', { className: 'actions' }, claim, warn, end),
  );
}

function renderTerminationNotice(termination: PanelTermination, actions: CardActions): HTMLElement {
  const unconfirmed = termination.endState === 'end_requested_unconfirmed';
  const retry = unconfirmed ? h('button', { className: 'button button-danger', attrs: { type: 'button', 'data-action': 'retry-end' } }, 'Try ending the call again') : null;
  retry?.addEventListener('click', () => actions.retryEnd(termination, retry));
  return h(
    'div',
    { className: `termination-notice${unconfirmed ? ' unconfirmed' : ''}` },
    h('p', {}, h('strong', {}, 'Termination logged. '), END_STATE_LABELS[termination.endState], unconfirmed ? ': hang up on your phone if the caller is still there.' : '.'),
    retry,
  );
}
