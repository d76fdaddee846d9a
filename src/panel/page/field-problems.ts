import type { z } from 'zod';
import { capitalise } from './wording.js';

export type FieldProblems = Record<string, string>;

/** Friendlier words than zod's for some of the panel's fields, by field and issue code. */
const PLAIN: Record<string, Partial<Record<string, string>>> = {
  callSid: { invalid_format: 'Enter a Twilio CallSid: CA followed by 32 characters 0-9 and a-f', invalid_type: 'Choose a call' },
  reason: { invalid_value: 'Choose a reason', invalid_type: 'Choose a reason' },
  note: { too_small: 'Write a note: what was done, or what happens next' },
};

/**
 * One message per field (the first problem found), keyed by the field's name, for showing inline.
 * `labels` name the fields for messages that start "is ..." or "must ...", e.g. "Details must be at most 4000 characters".
 */
export function fieldProblems(error: z.ZodError, labels: Record<string, string> = {}): FieldProblems {
  const problems: FieldProblems = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    problems[field] ??= PLAIN[field]?.[issue.code] ?? sentence(issue.message, labels[field] ?? field);
  }
  return problems;
}

function sentence(message: string, label: string): string {
  const text = message.replace(/\.$/, '');
  return /^(is|must) /.test(text) ? `${capitalise(label)} ${text}` : capitalise(text);
}
