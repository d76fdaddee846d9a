import { clientMessageSchema, REASON_LABELS, TERMINATION_REASONS, type ClientMessage } from '../../src/panel/panel.protocol.js';
import { createDialog } from '../shared/dialog.js';
import { h, replaceChildren, uniqueId } from '../shared/dom.js';
import { fieldProblems, type FieldProblems } from './panel-field-problems.js';
import { field, select, showProblems, textArea, textInput, type Field } from '../shared/form-fields.js';
import type { Answer, Request } from './panel-connection.js';
import type { ShownCall } from './panel-state.js';
import { callLabel, clockTime, END_STATE_LABELS } from './wording.js';

// Ending a call with a reason (call.end), or logging one already hung up (termination.log): R1 and R2.
// What the agent types is checked with the shared protocol schema before it is sent, problems shown by each field.

type TerminationMessage = Extract<ClientMessage, { type: 'call.end' | 'termination.log' }>;
type TerminationRequest = Omit<TerminationMessage, 'ref'>;

export interface TerminationFormOptions {
  send(message: Request): Promise<Answer>;
  notify(text: string, kind: 'done' | 'problem'): void;
  fallbackFocus(): HTMLElement | null;
}

export interface TerminationForm {
  element: HTMLDialogElement;
  /** "End call" on a card. */
  openEnd(call: ShownCall, opener: HTMLElement): void;
  /** "Log a terminated call": choose from calls this page has seen, or type a CallSid. */
  openLog(calls: { ended: ShownCall[]; live: ShownCall[] }, opener: HTMLElement): void;
  /** Sends call.end again for a termination Twilio did not confirm (from a card's "Try ending the call again"). */
  retry(message: TerminationRequest, button: HTMLButtonElement): Promise<void>;
}

const OTHER_CALL = 'other';
const LABELS = { callSid: 'CallSid', reason: 'Reason', details: 'Details', justification: 'Why no warning was given' };

export function createTerminationForm(options: TerminationFormOptions): TerminationForm {
  const dialog = createDialog('termination-dialog', options.fallbackFocus);
  const subject = h('p', { className: 'dialog-subject' });

  const callChoice = field('Which call?', select('call', []));
  const callSid = field('CallSid', textInput('callSid', { spellcheck: false, maxlength: 34, placeholder: 'CA…' }), { hint: 'Twilio’s id for the call: CA followed by 32 characters.' });
  const reason = field('Reason', select('reason', [{ value: '', label: 'Choose a reason' }, ...TERMINATION_REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] }))]));
  const details = field('Details', textArea('details', { rows: 3, maxlength: 4000 }), { hint: 'What the caller said or did. Required when the reason is “Other”.' });
  const warnedBox = h('input', { id: uniqueId('warned'), attrs: { type: 'checkbox', name: 'warned' } });
  const warnedNote = h('p', { className: 'field-hint' });
  const warned = h('div', { className: 'field checkbox' }, warnedBox, h('label', { attrs: { for: warnedBox.id } }, 'I warned the caller first'), warnedNote);
  const justification = field(LABELS.justification, textArea('justification', { rows: 2, maxlength: 2000 }), {
    hint: 'Not needed for a threat of violence. Your details can say it instead.',
  });
  const fields: Record<string, Field> = { call: callChoice, callSid, reason, details, justification };

  const submit = h('button', { className: 'button button-danger', attrs: { type: 'submit' } });
  const cancel = h('button', { className: 'button button-secondary', attrs: { type: 'button' }, on: { click: () => dialog.close() } }, 'Cancel');
  const form = h(
    'form',
    { attrs: { novalidate: true } },
    subject,
    callChoice.element,
    callSid.element,
    reason.element,
    details.element,
    warned,
    justification.element,
    h('div', { className: 'form-buttons' }, submit, cancel),
  );
  dialog.body.append(form);

  let mode: 'end' | 'log' = 'end';
  let call: ShownCall | null = null;
  let warnedAt: string | null = null;

  const sync = () => {
    callSid.show(mode === 'log' && callChoice.control.value === OTHER_CALL);
    const other = reason.control.value === 'other';
    details.label.textContent = other ? 'Details (required)' : 'Details';
    justification.show(!warnedBox.checked && reason.control.value !== 'threat_of_violence');
    warnedNote.textContent = warnedBox.checked && warnedAt ? `Warning recorded at ${clockTime(warnedAt)}.` : '';
  };
  for (const control of [callChoice.control, reason.control, warnedBox]) control.addEventListener('change', sync);

  const lock = (locked: boolean) => {
    for (const control of [callChoice.control, callSid.control, reason.control, details.control, warnedBox, justification.control]) control.disabled = locked;
    submit.hidden = locked;
    cancel.textContent = locked ? 'Close' : 'Cancel';
  };

  function reset(): void {
    lock(false);
    dialog.clearAlert();
    form.reset();
    for (const f of Object.values(fields)) f.setProblem(undefined);
  }

  function build(): { message?: TerminationRequest; problems: FieldProblems } {
    const chosen = mode === 'end' ? (call?.callSid ?? '') : callChoice.control.value === OTHER_CALL ? callSid.control.value.trim() : callChoice.control.value;
    if (mode === 'log' && callChoice.control.value === '') return { problems: { call: 'Choose a call, or “Another call” to type its CallSid' } };
    const isWarned = warnedBox.checked;
    const input = {
      type: mode === 'end' ? 'call.end' : 'termination.log',
      callSid: chosen,
      reason: reason.control.value || undefined,
      details: details.control.value,
      warned: isWarned,
      ...(isWarned && warnedAt ? { warnedAt } : {}),
      ...(!justification.element.hidden && justification.control.value.trim() ? { justification: justification.control.value } : {}),
    };
    const parsed = clientMessageSchema.safeParse(input);
    if (!parsed.success) return { problems: fieldProblems(parsed.error, LABELS) };
    return { message: parsed.data as TerminationMessage, problems: {} };
  }

  async function deliver(message: TerminationRequest): Promise<boolean> {
    dialog.clearAlert();
    const working = message.type === 'call.end' ? 'Ending the call…' : 'Logging…';
    const label = submit.textContent;
    submit.disabled = true;
    submit.textContent = working;
    const answer = await options.send(message);
    submit.disabled = false;
    submit.textContent = label;
    if (answer.type === 'ack') {
      dialog.close();
      options.notify(confirmation(message, answer), 'done');
      return true;
    }
    const unanswered = ['timeout', 'connection_lost', 'not_connected'].includes(answer.code);
    const headline = unanswered ? 'No answer from the server. ' : message.type === 'call.end' ? 'The call was not ended. ' : 'Nothing was logged. ';
    // Once logged without Twilio's confirmation, nothing in the form may change: only the ending can be tried again.
    if (answer.code === 'end_not_confirmed') lock(true);
    if (!submit.hidden) {
      dialog.showAlert(h('p', {}, h('strong', {}, headline), answer.message));
      dialog.alert.focus();
      return false;
    }
    const again = h('button', { className: 'button button-danger', attrs: { type: 'button', 'data-action': 'try-again' } }, 'Try again');
    again.addEventListener('click', async () => {
      again.disabled = true;
      again.textContent = 'Trying again…';
      await deliver(message);
    });
    dialog.showAlert(h('p', {}, h('strong', {}, answer.code === 'end_not_confirmed' ? 'The call may still be connected. ' : headline), answer.message), again);
    again.focus();
    return false;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled || submit.hidden) return;
    dialog.clearAlert();
    const { message, problems } = build();
    const leftOver = (rest: string[]) => {
      if (rest.length > 0) dialog.showAlert(rest.join(' '));
    };
    if (showProblems(fields, problems, leftOver) || !message) return;
    await deliver(message);
  });

  dialog.alert.tabIndex = -1;

  return {
    element: dialog.element,
    openEnd(forCall, opener) {
      reset();
      mode = 'end';
      call = forCall;
      const last = forCall.warnings.at(-1);
      warnedAt = last?.at ?? null;
      warnedBox.checked = last !== undefined;
      dialog.setTitle('End the call');
      subject.textContent = `Call from ${callLabel(forCall)}. The call is ended through Twilio and the termination logged with your reason.`;
      callChoice.show(false);
      submit.textContent = 'End call and log';
      sync();
      dialog.open(opener, reason.control);
    },
    openLog(calls, opener) {
      reset();
      mode = 'log';
      call = null;
      warnedAt = null;
      warnedBox.checked = false;
      dialog.setTitle('Log a terminated call');
      subject.textContent = 'For a call you have already hung up. Your supervisors are told at once.';
      const option = (c: ShownCall) => h('option', { attrs: { value: c.callSid } }, `${callLabel(c)} · ${clockTime(c.startedAt)}`);
      replaceChildren(
        callChoice.control,
        h('option', { attrs: { value: '' } }, 'Choose a call'),
        calls.ended.length > 0 && h('optgroup', { attrs: { label: 'Ended calls' } }, ...calls.ended.map(option)),
        calls.live.length > 0 && h('optgroup', { attrs: { label: 'Calls in progress' } }, ...calls.live.map(option)),
        h('option', { attrs: { value: OTHER_CALL } }, 'Another call: type its CallSid'),
      );
      callChoice.show(true);
      submit.textContent = 'Log termination';
      sync();
      dialog.open(opener, callChoice.control);
    },
    async retry(message, button) {
      button.disabled = true;
      const answer = await options.send(message);
      button.disabled = false;
      if (answer.type === 'ack') options.notify(confirmation(message, answer), 'done');
      else options.notify(`The call was not ended: ${answer.message}`, 'problem');
    },
  };
}

function confirmation(message: TerminationRequest, answer: Extract<Answer, { type: 'ack' }>): string {
  if (message.type === 'termination.log') return 'Termination logged. Your supervisors have been told.';
  const state = answer.endState ? END_STATE_LABELS[answer.endState] : 'Call ended';
  return `${state}. The termination is logged and your supervisors have been told.`;
}
