import { h, hidden, replaceChildren, uniqueId } from './dom.js';
import type { FieldProblems } from './field-problems.js';

// Labelled form fields with a hint and an inline problem, wired for screen readers.

export type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export interface Field<C extends Control = Control> {
  /** The whole field: label, hint, problem, control. */
  element: HTMLElement;
  control: C;
  /** The field's label (a <legend> for a group of controls). */
  label: HTMLElement;
  setProblem(message: string | undefined): void;
  show(visible: boolean): void;
}

export function field<C extends Control>(labelText: string, control: C, options: { hint?: string; className?: string } = {}): Field<C> {
  control.id ||= uniqueId('field');
  const label = h('label', { attrs: { for: control.id } }, labelText);
  const { problem, hint } = problemAndHint(options.hint);
  const element = h('div', { className: `field ${options.className ?? ''}`.trim() }, label, hint, problem, control);
  return problemWiring(element, control, label, problem, hint);
}

export const textInput = (name: string, attrs: Record<string, string | number | boolean> = {}) =>
  h('input', { attrs: { type: 'text', name, autocomplete: 'off', ...attrs } });

export const textArea = (name: string, attrs: Record<string, string | number | boolean> = {}) => h('textarea', { attrs: { name, rows: 3, ...attrs } });

export function select(name: string, options: Array<{ value: string; label: string }>): HTMLSelectElement {
  return h('select', { attrs: { name } }, ...options.map((o) => h('option', { attrs: { value: o.value } }, o.label)));
}

/**
 * Shows each problem against its field and clears the others; problems for fields the form does not have go to
 * `rest` (the form's own alert). Focuses the first field with a problem. Returns whether there were any.
 */
export function showProblems(fields: Record<string, Field>, problems: FieldProblems, rest: (messages: string[]) => void): boolean {
  let first: Field | undefined;
  for (const [name, f] of Object.entries(fields)) {
    f.setProblem(problems[name]);
    if (problems[name] && !first && !f.element.hidden) first = f;
  }
  const others = Object.entries(problems)
    .filter(([name]) => !fields[name] || fields[name].element.hidden)
    .map(([, message]) => message);
  rest(others);
  first?.control.focus();
  return Object.keys(problems).length > 0;
}

/** A checkbox with its label after it, a hint and an inline problem. */
export function checkboxField(labelText: string, name: string, options: { hint?: string; className?: string } = {}): Field<HTMLInputElement> {
  const box = h('input', { id: uniqueId('field'), attrs: { type: 'checkbox', name } });
  const label = h('label', { attrs: { for: box.id } }, labelText);
  const { problem, hint } = problemAndHint(options.hint);
  const element = h('div', { className: `field checkbox ${options.className ?? ''}`.trim() }, box, label, hint, problem);
  return problemWiring(element, box, label, problem, hint);
}

/**
 * A group of controls (checkboxes, radios, several inputs) under one legend, with a hint and one problem for
 * the group; `control` is the first of them, focused when the group has a problem.
 */
export function groupField<C extends Control>(legendText: string, control: C, content: HTMLElement, options: { hint?: string; className?: string } = {}): Field<C> {
  const legend = h('legend', {}, legendText);
  const { problem, hint } = problemAndHint(options.hint);
  const element = h('fieldset', { className: `field group ${options.className ?? ''}`.trim() }, legend, hint, problem, content);
  const wired = problemWiring(element, control, legend, problem, hint);
  // The problem belongs to the group: the fieldset is described by it, not only the first control.
  return {
    ...wired,
    setProblem(message) {
      wired.setProblem(message);
      const ids = [hint?.id, message ? problem.id : null].filter(Boolean).join(' ');
      if (ids) element.setAttribute('aria-describedby', ids);
      else element.removeAttribute('aria-describedby');
    },
  };
}

/** A field's problem (hidden until it has one) and its hint, each with an id for aria-describedby. */
function problemAndHint(hintText: string | undefined): { problem: HTMLElement; hint: HTMLElement | null } {
  const problem = h('p', { className: 'field-problem', id: uniqueId('problem'), attrs: { hidden: true } });
  const hint = hintText ? h('p', { className: 'field-hint', id: uniqueId('hint') }, hintText) : null;
  return { problem, hint };
}

/** Shows and clears the problem, keeping the control's aria-describedby and aria-invalid in step with it. */
function problemWiring<C extends Control>(element: HTMLElement, control: C, label: HTMLElement, problem: HTMLElement, hint: HTMLElement | null): Field<C> {
  const update = () => {
    const ids = [hint?.id, problem.hidden ? null : problem.id].filter(Boolean).join(' ');
    if (ids) control.setAttribute('aria-describedby', ids);
    else control.removeAttribute('aria-describedby');
  };
  update();
  return {
    element,
    control,
    label,
    setProblem(message) {
      problem.hidden = !message;
      replaceChildren(problem, message ? hidden('Problem: ') : null, message ?? '');
      element.classList.toggle('has-problem', Boolean(message));
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      update();
    },
    show(visible) {
      element.hidden = !visible;
    },
  };
}
