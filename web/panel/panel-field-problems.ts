import type { z } from 'zod';
import { fieldProblems as shared, type FieldProblems, type PlainWords } from '../shared/field-problems.js';

export type { FieldProblems };

/** Friendlier words than zod's for some of the panel's fields, by field and issue code. */
const PLAIN: PlainWords = {
  callSid: { invalid_format: 'Enter a Twilio CallSid: CA followed by 32 characters 0-9 and a-f', invalid_type: 'Choose a call' },
  reason: { invalid_value: 'Choose a reason', invalid_type: 'Choose a reason' },
  note: { too_small: 'Write a note: what was done, or what happens next' },
};

/** The shared field problems, in the panel's words. */
export const fieldProblems = (error: z.ZodError, labels: Record<string, string> = {}): FieldProblems => shared(error, labels, PLAIN);
