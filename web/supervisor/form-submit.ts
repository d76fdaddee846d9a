import type { FieldProblems } from '../shared/field-problems.js';
import { showProblems, type Field } from '../shared/form-fields.js';
import { showFailure } from './api-problems.js';
import type { ApiResult } from './api.js';
import type { FormAlert } from './form-alert.js';

// How a supervisor's decision form is sent: one request at a time (the button is disabled while it is out), the
// problems found here shown by their fields before anything is sent, and the API's refusal by the same fields.

export interface Submission<T> {
  fields: Record<string, Field>;
  /** Found before sending; any stops the request. */
  problems: FieldProblems;
  send(): Promise<ApiResult<T>>;
  /** What the user was doing, for a refusal: "You cannot <action>: …". */
  action: string;
  done(body: T): void;
}

/** `prepare` reads the form when it is submitted. */
export function onSubmit<T>(form: HTMLFormElement, submit: HTMLButtonElement, alert: FormAlert, prepare: () => Submission<T>): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    alert.show([]);
    const submission = prepare();
    if (showProblems(submission.fields, submission.problems, alert.show)) return;
    submit.disabled = true;
    const result = await submission.send();
    submit.disabled = false;
    if (result.ok) submission.done(result.body);
    else showFailure(submission.fields, result, submission.action, alert.show);
  });
}
