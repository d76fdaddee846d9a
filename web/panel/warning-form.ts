import { clientMessageSchema } from '../../src/panel/panel.protocol.js';
import { createDialog } from '../shared/dialog.js';
import { h } from '../shared/dom.js';
import { fieldProblems } from './panel-field-problems.js';
import { field, showProblems, textArea } from '../shared/form-fields.js';
import type { Answer, Request } from './panel-connection.js';
import type { ShownCall } from './panel-state.js';
import { callLabel } from './wording.js';

// "Warning given" (R1): records that the caller was told their behaviour is unacceptable, with an optional note.

export interface WarningForm {
  element: HTMLDialogElement;
  open(call: ShownCall, opener: HTMLElement): void;
}

export function createWarningForm(send: (message: Request) => Promise<Answer>, notify: (text: string, kind: 'done' | 'problem') => void, fallbackFocus: () => HTMLElement | null): WarningForm {
  const dialog = createDialog('warning-dialog', fallbackFocus);
  const who = h('p', { className: 'dialog-subject' });
  const note = field('Note (optional)', textArea('note', { maxlength: 1000 }), { hint: 'What you said, or what the caller was doing.' });
  const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Record warning');
  const cancel = h('button', { className: 'button button-secondary', attrs: { type: 'button' }, on: { click: () => dialog.close() } }, 'Cancel');
  const form = h(
    'form',
    { attrs: { novalidate: true } },
    who,
    h('p', { className: 'guidance' }, 'Before ending a call, tell the caller their behaviour is unacceptable and give them the chance to change it.'),
    note.element,
    h('div', { className: 'form-buttons' }, submit, cancel),
  );
  dialog.body.append(form);
  let call: ShownCall | null = null;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!call || submit.disabled) return;
    dialog.clearAlert();
    const text = note.control.value.trim();
    const parsed = clientMessageSchema.safeParse({ type: 'call.warned', callSid: call.callSid, ...(text ? { note: text } : {}) });
    if (!parsed.success) {
      showProblems({ note }, fieldProblems(parsed.error, { note: 'Note' }), (rest) => {
        if (rest.length > 0) dialog.showAlert(rest.join(' '));
      });
      return;
    }
    showProblems({ note }, {}, () => undefined);
    submit.disabled = true;
    submit.textContent = 'Recording…';
    const answer = await send(parsed.data);
    submit.disabled = false;
    submit.textContent = 'Record warning';
    if (answer.type === 'error') return dialog.showAlert(`The warning was not recorded: ${answer.message}`);
    const label = callLabel(call);
    dialog.close();
    notify(`Warning recorded for ${label}.`, 'done');
  });

  return {
    element: dialog.element,
    open(forCall, opener) {
      call = forCall;
      dialog.setTitle('Record a warning');
      who.textContent = `Call from ${callLabel(forCall)}`;
      note.control.value = '';
      note.setProblem(undefined);
      dialog.clearAlert();
      dialog.open(opener, note.control);
    },
  };
}
