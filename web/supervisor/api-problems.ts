import { sentence, type FieldProblems } from '../shared/field-problems.js';
import { showProblems, type Field } from '../shared/form-fields.js';
import { capitalise } from '../shared/wording.js';
import type { ApiResult } from './api.js';

// The API's refusals in a form: a 400's `error.fields` by the inputs they name, in sentences that name the field
// ("Review date must be in the future"); a 403's reason, or any other failure, in the form's alert.

/** Problems from the API, worded with the labels of the form's fields. */
export function apiFieldProblems(fields: Record<string, Field>, problems: FieldProblems): FieldProblems {
  const worded: FieldProblems = {};
  for (const [path, message] of Object.entries(problems)) {
    const label = fields[path]?.label.textContent?.replace(/\s*\(optional\)$/, '') ?? path;
    worded[path] = sentence(message, label);
  }
  return worded;
}

/** What a failed request says in the form's alert: why it was refused, or what went wrong. */
export function refusalText(result: Extract<ApiResult<unknown>, { ok: false }>, action: string): string {
  const message = capitalise(result.message.replace(/\.$/, ''));
  if (result.status === 403) return `You cannot ${action}: ${message}.`;
  if (result.status === 409) return `This could not be done: ${message}.`;
  if (result.status === 0) return result.message;
  if (result.status === 400) return 'Some of what was entered needs changing; see the problems by the fields.';
  return `Something went wrong (${result.status}): ${message}.`;
}

/**
 * Shows a failed answer on a form: a 400's field problems by the fields (the others, and any other refusal, in
 * the alert through `alert`). Focuses the first field with a problem, or the alert.
 */
export function showFailure(fields: Record<string, Field>, result: Extract<ApiResult<unknown>, { ok: false }>, action: string, alert: (messages: string[]) => void): void {
  if (result.status === 400 && Object.keys(result.fields).length > 0) {
    const worded = apiFieldProblems(fields, result.fields);
    const known = Object.keys(worded).some((path) => fields[path] && !fields[path].element.hidden);
    showProblems(fields, worded, (rest) => alert(known ? rest : [refusalText(result, action), ...rest]));
    return;
  }
  showProblems(fields, {}, () => undefined);
  alert([refusalText(result, action)]);
}
