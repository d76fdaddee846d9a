import { findRestrictionConflicts, restrictionSchema, type Restriction, type RestrictionType } from '../../src/core/restriction.js';
import type { FieldProblems } from '../shared/field-problems.js';
import { dateInputToIso, isDateInput, isoToDateInput } from './form-dates.js';

// From what the strategy form holds (strings and ticks, as the inputs give them) to the API's request, checking
// on the way what can be checked without the server: each restriction against the shared schema, contradictions
// between them, required text and well-formed dates. Problems are keyed as the API keys them
// (`restrictions.1.staffId`, `priorWarnings.0.date`), so both kinds show by the same inputs. Pure, unit-tested.

export const RESTRICTION_TYPES: readonly RestrictionType[] = ['bar', 'spoc', 'warning', 'record', 'frequency', 'maxDuration', 'callWindows'];

export interface WindowValues {
  days: string[];
  from: string;
  to: string;
}

export type RestrictionValues =
  | { type: 'bar'; emergencyBypass: boolean }
  | { type: 'spoc'; staffId: string; deputyStaffId: string }
  | { type: 'warning'; message: string }
  | { type: 'record' }
  | { type: 'frequency'; maxCalls: string; per: string }
  | { type: 'maxDuration'; minutes: string }
  | { type: 'callWindows'; windows: WindowValues[]; timeZone: string };

export interface StrategyFormValues {
  customerId: string;
  reason: string;
  priorWarnings: Array<{ date: string; summary: string }>;
  /** The restrictions ticked, in the form's order. */
  restrictions: RestrictionValues[];
  startsAt: string;
  endsAt: string;
  reviewAt: string;
  allContact: boolean;
  urgent: boolean;
}

export interface ProposeStrategyRequest {
  customerId: string;
  reason: string;
  priorWarnings: Array<{ date: string; summary: string }>;
  restrictions: unknown[];
  startsAt?: string;
  endsAt?: string;
  reviewAt?: string;
  allContact: boolean;
  urgent: boolean;
}

/** Plain words for the schema's problems, by the last part of the field's path and zod's issue code. */
const PLAIN: Record<string, Partial<Record<string, string>> & { any?: string }> = {
  staffId: { any: 'Choose the member of staff who takes this caller’s calls' },
  deputyStaffId: { custom: 'Choose a different member of staff as deputy, or no deputy', any: 'Choose a deputy from the list, or no deputy' },
  message: { too_big: 'Keep the warning to 1000 characters' },
  maxCalls: { any: 'Enter a whole number of calls from 1 to 1000' },
  per: { any: 'Choose a day, a week or a month' },
  seconds: { any: 'Enter a time limit from 1 to 240 whole minutes' },
  days: { any: 'Tick at least one day' },
  from: { any: 'Enter the start as a time such as 09:30' },
  to: { custom: 'The end must be later than the start', any: 'Enter the end as a time such as 17:00' },
  timeZone: { any: 'Enter a time zone such as Europe/London, or leave it empty' },
  windows: { any: 'Add at least one window' },
};

function plainProblem(path: string, code: string, message: string): string {
  const last = path.split('.').at(-1) ?? '';
  const words = PLAIN[last];
  return words?.[code] ?? words?.any ?? message;
}

/** The restriction as the API takes it; numbers stay text when they are not numbers, for the schema to refuse. */
export function restrictionRequest(values: RestrictionValues): Record<string, unknown> {
  switch (values.type) {
    case 'bar':
      return { type: 'bar', emergencyBypass: values.emergencyBypass };
    case 'spoc':
      return { type: 'spoc', staffId: values.staffId, ...(values.deputyStaffId ? { deputyStaffId: values.deputyStaffId } : {}) };
    case 'warning':
      return { type: 'warning', ...(values.message.trim() ? { message: values.message.trim() } : {}) };
    case 'record':
      return { type: 'record' };
    case 'frequency':
      return { type: 'frequency', maxCalls: wholeNumber(values.maxCalls), per: values.per };
    case 'maxDuration': {
      const minutes = wholeNumber(values.minutes);
      return { type: 'maxDuration', seconds: typeof minutes === 'number' ? minutes * 60 : minutes };
    }
    case 'callWindows':
      return {
        type: 'callWindows',
        windows: values.windows.map((w) => ({ days: w.days, from: w.from, to: w.to })),
        ...(values.timeZone.trim() ? { timeZone: values.timeZone.trim() } : {}),
      };
  }
}

/** Checks and builds a list of restrictions; problems are keyed `${prefix}.N.field` (prefix "restrictions"). */
export function buildRestrictions(list: readonly RestrictionValues[], prefix = 'restrictions'): { restrictions: Restriction[]; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const restrictions: Restriction[] = [];
  if (list.length === 0) problems[prefix] = 'Choose at least one restriction';
  list.forEach((values, index) => {
    const parsed = restrictionSchema.safeParse(restrictionRequest(values));
    if (parsed.success) {
      restrictions.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      const path = [prefix, index, ...issue.path].map(String).join('.');
      problems[path] ??= plainProblem(path, issue.code, issue.message);
    }
  });
  if (restrictions.length === list.length) {
    for (const conflict of findRestrictionConflicts(restrictions)) {
      const type = restrictions[conflict.index]!.type;
      const other = conflict.message.startsWith('duplicates') ? undefined : restrictions.find((r, i) => i !== conflict.index && conflict.message.endsWith(`(${r.type})`));
      problems[`${prefix}.${conflict.index}.type`] ??= other
        ? `A ${label(type)} cannot go with a ${label(other.type)}: a barred caller is never connected`
        : `Use each kind of restriction once (${label(type)})`;
    }
  }
  return { restrictions, problems };
}

const label = (type: RestrictionType) => ({ bar: 'call bar', spoc: 'single point of contact', warning: 'warning', record: 'recording', frequency: 'call limit', maxDuration: 'time limit', callWindows: 'call times' })[type];

/** The whole request, or the problems that stop it being sent. */
export function buildStrategyRequest(values: StrategyFormValues): { request: ProposeStrategyRequest | null; problems: FieldProblems } {
  const problems: FieldProblems = {};
  if (!values.reason.trim()) problems.reason = 'Write the reason: the behaviour that led to this strategy';
  values.priorWarnings.forEach((warning, i) => {
    if (!isDateInput(warning.date)) problems[`priorWarnings.${i}.date`] = 'Enter the date of the warning';
    if (!warning.summary.trim()) problems[`priorWarnings.${i}.summary`] = 'Say what the caller was warned about';
  });
  const { restrictions, problems: restrictionProblems } = buildRestrictions(values.restrictions);
  Object.assign(problems, restrictionProblems);
  const dates: Record<'startsAt' | 'endsAt' | 'reviewAt', string | undefined> = { startsAt: undefined, endsAt: undefined, reviewAt: undefined };
  for (const key of ['startsAt', 'endsAt', 'reviewAt'] as const) {
    const value = values[key].trim();
    if (!value) continue;
    const iso = dateInputToIso(value);
    if (iso) dates[key] = iso;
    else problems[key] = 'Enter a real date';
  }
  if (Object.keys(problems).length > 0) return { request: null, problems };
  return {
    request: {
      customerId: values.customerId,
      reason: values.reason.trim(),
      priorWarnings: values.priorWarnings.map((w) => ({ date: w.date, summary: w.summary.trim() })),
      restrictions,
      ...(dates.startsAt ? { startsAt: dates.startsAt } : {}),
      ...(dates.endsAt ? { endsAt: dates.endsAt } : {}),
      ...(dates.reviewAt ? { reviewAt: dates.reviewAt } : {}),
      allContact: values.allContact,
      urgent: values.urgent,
    },
    problems,
  };
}

/** The form's values for restrictions the API returned (to edit them in a review or an appeal). */
export function restrictionValues(restriction: Restriction): RestrictionValues {
  switch (restriction.type) {
    case 'bar':
      return { type: 'bar', emergencyBypass: restriction.emergencyBypass };
    case 'spoc':
      return { type: 'spoc', staffId: restriction.staffId, deputyStaffId: restriction.deputyStaffId ?? '' };
    case 'warning':
      return { type: 'warning', message: restriction.message ?? '' };
    case 'record':
      return { type: 'record' };
    case 'frequency':
      return { type: 'frequency', maxCalls: String(restriction.maxCalls), per: restriction.per };
    case 'maxDuration':
      return { type: 'maxDuration', minutes: String(Math.round(restriction.seconds / 60)) };
    case 'callWindows':
      return { type: 'callWindows', windows: restriction.windows.map((w) => ({ days: [...w.days], from: w.from, to: w.to })), timeZone: restriction.timeZone ?? '' };
  }
}

/** A prior warning's date (a date, or a date and time) for a date input. */
export const warningDateValue = (date: string) => (isDateInput(date) ? date : isoToDateInput(date));

function wholeNumber(text: string): number | string {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}
