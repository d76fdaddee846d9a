import { clientMessageSchema, REASON_LABELS, type PanelTermination } from '../../src/panel/panel.protocol.js';
import { h, hidden, uniqueId } from '../shared/dom.js';
import { fieldProblems } from './panel-field-problems.js';
import { field, showProblems, textArea } from '../shared/form-fields.js';
import type { Answer, Request } from './panel-connection.js';
import type { BreachNotice, EscalationNotice, PanelState, ShownCall } from './panel-state.js';
import { callLabel, END_STATE_LABELS, restrictionLabel, terminationCaller, when } from './wording.js';

// The review side of the panel. Supervisors: terminated calls waiting for acknowledgement (R2), serious incidents
// first (R14), escalation suggestions (R3) and recent breaches (R10). Agents: their own terminations awaiting review.

export interface QueueView {
  element: HTMLElement;
  update(state: PanelState, supervising: boolean): void;
}

const SHOW_BREACHES = 5;

interface Item {
  termination: PanelTermination;
  element: HTMLElement;
}

export function createQueueView(send: (message: Request) => Promise<Answer>, notify: (text: string, kind: 'done' | 'problem') => void): QueueView {
  const heading = h('h2', { id: 'queue-heading', attrs: { tabindex: -1 } });
  const count = h('span', { className: 'count' });
  const empty = h('p', { className: 'empty' });
  const list = h('ul', { className: 'queue-list', attrs: { 'data-testid': 'termination-queue' } });
  const escalations = h('section', { className: 'notices escalations', attrs: { 'aria-labelledby': 'escalations-heading' } });
  const breaches = h('section', { className: 'notices breaches', attrs: { 'aria-labelledby': 'breaches-heading' } });
  const voicemails = h('section', { className: 'notices voicemails', attrs: { 'aria-labelledby': 'voicemails-heading' } });
  const element = h(
    'aside',
    { className: 'queue', attrs: { 'aria-labelledby': 'queue-heading' } },
    escalations,
    h('div', { className: 'section-head' }, heading, count),
    empty,
    list,
    voicemails,
    breaches,
  );
  const items = new Map<string, Item>();
  let wasSupervising: boolean | null = null;

  function renderItems(terminations: PanelTermination[], supervising: boolean): void {
    // Serious incidents first, then newest first.
    const ordered = [...terminations].sort((a, b) => Number(b.serious) - Number(a.serious));
    const wanted = new Set(ordered.map((t) => t.id));
    for (const [id, item] of items) {
      if (wanted.has(id) && wasSupervising === supervising) continue;
      const hadFocus = item.element.contains(document.activeElement);
      item.element.remove();
      items.delete(id);
      if (hadFocus) heading.focus();
    }
    ordered.forEach((termination, index) => {
      let item = items.get(termination.id);
      if (!item || item.termination !== termination) {
        const next = renderTermination(termination, supervising);
        // Keep a note being typed when the same termination is updated (its end state, say).
        const typing = item?.element.querySelector('textarea')?.value;
        if (typing) next.querySelector('textarea')!.value = typing;
        if (item) item.element.replaceWith(next);
        item = { termination, element: next };
        items.set(termination.id, item);
      }
      const at = list.children.item(index);
      if (at !== item.element) list.insertBefore(item.element, at);
    });
  }

  function renderTermination(t: PanelTermination, supervising: boolean): HTMLElement {
    const titleId = uniqueId('termination');
    const warned = t.warned
      ? `Warned first${t.warnedAt ? ` ${when(t.warnedAt, Date.now())}` : ''}.`
      : t.reason === 'threat_of_violence'
        ? 'Not warned first (not needed for a threat of violence).'
        : `Not warned first: ${(t.justification ?? 'see the details').replace(/[.!?\s]+$/, '')}.`;
    return h(
      'li',
      { className: `queue-item${t.serious ? ' serious' : ''}${t.endState === 'end_requested_unconfirmed' ? ' unconfirmed' : ''}`, attrs: { 'data-termination-id': t.id, 'aria-labelledby': titleId } },
      t.serious ? h('p', { className: 'serious-flag' }, 'Serious incident: threat of violence') : null,
      h('h3', { id: titleId }, terminationCaller(t)),
      h('p', { className: 'reason' }, REASON_LABELS[t.reason]),
      h('p', { className: 'meta' }, `${t.endState === 'logged_after_call' ? 'Logged' : 'Ended'} by ${t.staff.displayName} ${when(t.createdAt, Date.now())} · ${END_STATE_LABELS[t.endState]}`),
      t.details ? h('p', { className: 'details' }, `“${t.details}”`) : null,
      h('p', { className: 'warned' }, warned),
      supervising ? acknowledgeForm(t) : h('p', { className: 'waiting' }, 'Waiting for a supervisor to review it.'),
    );
  }

  function acknowledgeForm(t: PanelTermination): HTMLFormElement {
    const note = field('Acknowledgement note', textArea('note', { rows: 2, maxlength: 2000 }), { hint: 'What you did about it, or what happens next.' });
    const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Acknowledge', hidden(` the termination of the call from ${terminationCaller(t)}`));
    const alert = h('p', { className: 'form-alert', attrs: { role: 'alert' } });
    const form = h('form', { className: 'ack-form', attrs: { novalidate: true } }, note.element, alert, h('div', { className: 'form-buttons' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      alert.textContent = '';
      alert.classList.remove('shown');
      const parsed = clientMessageSchema.safeParse({ type: 'termination.acknowledge', id: t.id, note: note.control.value });
      const problems = parsed.success ? {} : fieldProblems(parsed.error, { note: 'Note' });
      const rest = (messages: string[]) => {
        alert.textContent = messages.join(' ');
        alert.classList.toggle('shown', messages.length > 0);
      };
      if (showProblems({ note }, problems, rest) || !parsed.success) return;
      submit.disabled = true;
      const answer = await send(parsed.data);
      submit.disabled = false;
      if (answer.type === 'error') {
        rest([`Not acknowledged: ${answer.message}`]);
        return;
      }
      notify(`Acknowledged: the termination of the call from ${terminationCaller(t)}.`, 'done');
    });
    return form;
  }

  return {
    element,
    update(state, supervising) {
      const mine = !supervising;
      heading.textContent = mine ? 'Your terminated calls' : 'Terminated calls to review';
      empty.textContent = mine ? 'None waiting for review.' : 'Nothing to review. Terminated calls appear here at once.';
      renderItems(state.terminations, supervising);
      wasSupervising = supervising;
      empty.hidden = state.terminations.length > 0;
      count.textContent = state.terminations.length > 0 ? ` (${state.terminations.length})` : '';
      const known = [...state.calls, ...state.endedCalls];
      renderNotices(escalations, 'escalations-heading', 'Escalation suggestions', supervising ? state.escalations.map((e) => escalationLine(e, known)) : []);
      renderNotices(breaches, 'breaches-heading', 'Recent breaches', supervising ? state.breaches.slice(0, SHOW_BREACHES).map((b) => breachLine(b, known)) : []);
      const you = state.you;
      const forYou = state.voicemails.filter((v) => supervising || v.staffId === you?.id);
      renderNotices(voicemails, 'voicemails-heading', 'Voicemails', forYou.map((v) => h('li', {}, `A voicemail was left by ${nameFor(v.callSid, v.customerId, known)}.`)));
    },
  };
}

function renderNotices(section: HTMLElement, headingId: string, title: string, lines: HTMLElement[]): void {
  section.hidden = lines.length === 0;
  section.replaceChildren(h('h3', { id: headingId }, title), h('ul', {}, ...lines));
}

function nameFor(callSid: string, customerId: string | null, known: ShownCall[]): string {
  const call = known.find((c) => c.callSid === callSid) ?? (customerId ? known.find((c) => c.customer?.id === customerId) : undefined);
  return call ? callLabel(call) : 'a caller';
}

function escalationLine(e: EscalationNotice, known: ShownCall[]): HTMLElement {
  const call = e.customerId ? known.find((c) => c.customer?.id === e.customerId) : undefined;
  const who = call ? callLabel(call) : e.callerMasked ? `the caller on ${e.callerMasked}` : 'a caller';
  return h('li', { className: 'escalation' }, h('strong', {}, `${e.terminations} terminated calls in ${e.withinDays} days`), ` from ${who}. Consider a contact strategy.`);
}

function breachLine(b: BreachNotice, known: ShownCall[]): HTMLElement {
  return h(
    'li',
    { className: 'breach' },
    h('strong', {}, `${restrictionLabel(b.restrictionType)} breached`),
    ` by ${nameFor(b.callSid, b.customerId, known)} ${when(b.occurredAt, Date.now())}`,
    b.detail ? h('span', { className: 'detail' }, ` — ${b.detail}`) : null,
  );
}
