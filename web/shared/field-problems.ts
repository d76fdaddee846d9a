import type { z } from 'zod';
import { capitalise } from './wording.js';

export type FieldProblems = Record<string, string>;

/** Friendlier words than zod's for some fields, by field and issue code, e.g. `{ reason: { invalid_value: 'Choose a reason' } }`. */
export type PlainWords = Record<string, Partial<Record<string, string>>>;

/**
 * One message per field (the first problem found), keyed by the field's path (`restrictions.1.staffId`), for
 * showing inline. `labels` name the fields for messages that start "is ..." or "must ...", e.g. "Details must be
 * at most 4000 characters"; `plain` replaces zod's words for the issues a form knows better.
 */
export function fieldProblems(error: z.ZodError, labels: Record<string, string> = {}, plain: PlainWords = {}): FieldProblems {
  const problems: FieldProblems = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    problems[field] ??= plain[field]?.[issue.code] ?? sentence(issue.message, labels[field] ?? field);
  }
  return problems;
}

/** "must be in the future" becomes "Review date must be in the future"; other messages are capitalised. */
export function sentence(message: string, label: string): string {
  const text = message.replace(/\.$/, '');
  return /^(is|must) /.test(text) ? `${capitalise(label)} ${text}` : capitalise(text);
}
