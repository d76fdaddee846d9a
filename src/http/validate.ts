import type { z } from 'zod';
import { AppError, type FieldProblems } from '../shared/app-error.js';

/** Parses untrusted input (a body, a query, a form post) or throws a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw AppError.invalid(zodFieldProblems(result.error, where));
}

export function zodFieldProblems(error: z.ZodError, where = 'body'): FieldProblems {
  const fields: FieldProblems = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || where;
    fields[path] ??= isMissing(issue) ? 'is required' : issue.message;
  }
  return fields;
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
}
