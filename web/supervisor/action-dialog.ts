import { createDialog } from '../shared/dialog.js';
import { h, type Child } from '../shared/dom.js';
import type { FieldProblems } from '../shared/field-problems.js';
import { checkboxField, field, select, showProblems, textArea, textInput, type Field } from '../shared/form-fields.js';
import type { ApiResult } from './api.js';
import { showFailure } from './api-problems.js';

// A small form in a modal dialog for one action on the API: authorise, reject, record the letter, lift,
// acknowledge a breach, dismiss a suggestion, record what was done about an incident, record an appeal.
// Problems show by the fields (the page's own checks and the API's 400), a refusal (403) in the dialog's alert.

export interface ActionField {
  /** The request's key, and the key of the API's problems for it. */
  name: string;
  label: string;
  kind: 'textarea' | 'text' | 'date' | 'datetime' | 'select' | 'checkbox';
  hint?: string;
  value?: string | boolean;
  options?: Array<{ value: string; label: string }>;
  /** The problem to show when it is left empty; optional fields have none. */
  required?: string;
  maxlength?: number;
}

export type ActionValues = Record<string, string | boolean>;

export interface ActionDialogOptions<T> {
  title: string;
  subject?: Child;
  guidance?: string;
  fields: ActionField[];
  submitLabel: string;
  danger?: boolean;
  /** What is being done, for refusals: "authorise this strategy". */
  action: string;
  /** The request's body from the values, or problems keyed by field name. */
  body(values: ActionValues): { body: unknown } | { problems: FieldProblems };
  send(body: unknown): Promise<ApiResult<T>>;
  done(result: T): void;
}

function control(spec: ActionField): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  const attrs: Record<string, number> = spec.maxlength ? { maxlength: spec.maxlength } : {};
  switch (spec.kind) {
    case 'textarea':
      return textArea(spec.name, { rows: 3, ...attrs });
    case 'text':
      return textInput(spec.name, attrs);
    case 'date':
      return h('input', { attrs: { type: 'date', name: spec.name } });
    case 'datetime':
      return h('input', { attrs: { type: 'datetime-local', name: spec.name } });
    case 'select':
      return select(spec.name, spec.options ?? []);
    case 'checkbox':
      return h('input', { attrs: { type: 'checkbox', name: spec.name } });
  }
}

/** Opens the dialog; it is removed from the page when closed, and focus goes back to `opener`. */
export function openActionDialog<T>(opener: HTMLElement | null, fallbackFocus: () => HTMLElement | null, options: ActionDialogOptions<T>): void {
  const dialog = createDialog('action-dialog', fallbackFocus);
  dialog.setTitle(options.title);
  const fields: Record<string, Field> = {};
  const elements = options.fields.map((spec) => {
    const optional = !spec.required && spec.kind !== 'checkbox' && spec.kind !== 'select';
    const label = optional ? `${spec.label} (optional)` : spec.label;
    const f = spec.kind === 'checkbox' ? checkboxField(label, spec.name, { hint: spec.hint }) : field(label, control(spec), { hint: spec.hint });
    if (typeof spec.value === 'boolean' && f.control instanceof HTMLInputElement) f.control.checked = spec.value;
    else if (typeof spec.value === 'string') f.control.value = spec.value;
    fields[spec.name] = f;
    return f.element;
  });
  const submit = h('button', { className: `button ${options.danger ? 'button-danger' : ''}`.trim(), attrs: { type: 'submit' } }, options.submitLabel);
  const cancel = h('button', { className: 'button button-secondary', attrs: { type: 'button' }, on: { click: () => dialog.close() } }, 'Cancel');
  const form = h(
    'form',
    { attrs: { novalidate: true } },
    options.subject ? h('div', { className: 'dialog-subject' }, options.subject) : null,
    options.guidance ? h('p', { className: 'guidance' }, options.guidance) : null,
    ...elements,
    h('div', { className: 'form-buttons' }, submit, cancel),
  );
  dialog.body.append(form);
  dialog.alert.tabIndex = -1;
  const alert = (messages: string[]) => {
    if (messages.length === 0) return dialog.clearAlert();
    dialog.showAlert(...messages.map((m) => h('p', {}, m)));
  };

  const values = (): ActionValues =>
    Object.fromEntries(options.fields.map((spec) => {
      const c = fields[spec.name]!.control;
      return [spec.name, spec.kind === 'checkbox' && c instanceof HTMLInputElement ? c.checked : c.value];
    }));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    dialog.clearAlert();
    const current = values();
    const problems: FieldProblems = {};
    for (const spec of options.fields) {
      const value = current[spec.name];
      if (spec.required && (typeof value !== 'string' || !value.trim())) problems[spec.name] = spec.required;
    }
    const built = Object.keys(problems).length === 0 ? options.body(current) : { problems };
    if ('problems' in built) {
      showProblems(fields, built.problems, alert);
      return;
    }
    showProblems(fields, {}, () => undefined);
    const label = submit.textContent;
    submit.disabled = true;
    submit.textContent = 'Saving…';
    const result = await options.send(built.body);
    submit.disabled = false;
    submit.textContent = label;
    if (result.ok) {
      dialog.close();
      options.done(result.body);
      return;
    }
    showFailure(fields, result, options.action, alert);
    if (!(result.status === 400 && Object.keys(result.fields).length > 0)) dialog.alert.focus();
  });

  dialog.element.addEventListener('close', () => dialog.element.remove());
  document.body.append(dialog.element);
  const first = options.fields[0] ? fields[options.fields[0].name]?.control : undefined;
  dialog.open(opener, first);
}
