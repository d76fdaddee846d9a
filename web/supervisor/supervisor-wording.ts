import type { Restriction } from '../../src/core/restriction.js';
import { REASON_LABELS } from '../../src/panel/panel.protocol.js';
import { capitalise, longDate, plural, restrictionLabel } from '../shared/wording.js';
import type { Strategy, StrategyStatus } from './api-types.js';

// How the supervisors' pages say things. Pure functions (no DOM), unit-tested in Node.

export const STATUS_LABELS: Record<StrategyStatus, string> = {
  proposed: 'Awaiting authorisation',
  authorised: 'Authorised',
  rejected: 'Rejected',
  lifted: 'Lifted',
  expired: 'Expired',
  lapsed: 'Lapsed (review missed)',
};

export const REVIEW_OUTCOME_LABELS = { continue: 'Continue as it is', ease: 'Ease it', tighten: 'Tighten it', lift: 'Lift it' } as const;
export const APPEAL_OUTCOME_LABELS = { uphold: 'Uphold the strategy', ease: 'Ease it', lift: 'Lift it' } as const;
export const CHANNEL_LABELS = { letter: 'Letter', email: 'Email', both: 'Letter and email' } as const;
export const LANGUAGE_LABELS = { 'en-GB': 'English', 'cy-GB': 'Welsh (Cymraeg)' } as const;
export const PER_LABELS: Record<string, string> = { day: 'day', week: 'week', month: 'month' };
export const DAY_LABELS: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

export const reasonLabel = (reason: string) => (REASON_LABELS as Record<string, string>)[reason] ?? reason;

/** A restriction in a few plain words for staff: "Call limit: 2 calls a week". */
export function describeRestriction(restriction: Restriction, staffName: (id: string) => string): string {
  const name = restrictionLabel(restriction.type);
  switch (restriction.type) {
    case 'bar':
      return restriction.emergencyBypass ? `${name}, with the emergency key` : name;
    case 'spoc':
      return `${name}: ${staffName(restriction.staffId)}${restriction.deputyStaffId ? `, deputy ${staffName(restriction.deputyStaffId)}` : ''}`;
    case 'warning':
      return restriction.message ? `${name}: “${restriction.message}”` : `${name} (the standard message)`;
    case 'record':
      return `${name}: calls are recorded`;
    case 'frequency':
      return `${name}: ${plural(restriction.maxCalls, 'call', 'calls')} a ${PER_LABELS[restriction.per] ?? restriction.per}`;
    case 'maxDuration':
      return `${name}: ${plural(Math.round(restriction.seconds / 60), 'minute', 'minutes')} a call`;
    case 'callWindows': {
      const windows = restriction.windows.map((w) => `${w.days.map((d) => DAY_LABELS[d] ?? d).join(', ')} ${w.from}–${w.to}`);
      return `${name}: ${windows.join('; ')}${restriction.timeZone ? ` (${restriction.timeZone})` : ''}`;
    }
  }
}

/** The badges a strategy shows: its status and what is overdue. */
export function strategyBadges(s: Pick<Strategy, 'status' | 'inForce' | 'notificationOverdue' | 'reviewOverdue' | 'urgent' | 'allContact' | 'notification'>): Array<{ text: string; kind: string }> {
  const badges = [{ text: STATUS_LABELS[s.status], kind: `status-${s.status}` }];
  if (s.status === 'authorised') badges.push(s.inForce ? { text: 'In force', kind: 'in-force' } : { text: s.notification ? 'Not in force yet' : 'Not in force: letter not recorded', kind: 'not-in-force' });
  if (s.notificationOverdue) badges.push({ text: 'Notification overdue', kind: 'overdue' });
  if (s.reviewOverdue) badges.push({ text: 'Review overdue', kind: 'overdue' });
  if (s.urgent) badges.push({ text: 'Urgent', kind: 'urgent' });
  if (s.allContact) badges.push({ text: 'All contact', kind: 'all-contact' });
  return badges;
}

/** "Review due 3 June 2030", "Review overdue since 3 June 2030". */
export function reviewWording(s: Pick<Strategy, 'reviewAt' | 'reviewOverdue'>): string {
  return s.reviewOverdue ? `Review overdue since ${longDate(s.reviewAt)}` : `Review due ${longDate(s.reviewAt)}`;
}

/** "strategy.appeal_recorded" as "Appeal recorded". */
export function auditActionLabel(action: string): string {
  const [, verb = action] = action.split('.', 2);
  return capitalise(verb.replaceAll('_', ' '));
}

/**
 * What a customer search box holds: a phone number (any spelling: digits with spaces, dashes, brackets, a
 * leading + or 00) or a reference.
 */
export function customerSearch(text: string): { phone: string } | { reference: string } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (/^[+()\d\s.-]+$/.test(trimmed) && digits.length >= 6) return { phone: trimmed };
  return { reference: trimmed };
}

export const minutesText = (seconds: number | null) => (seconds === null ? '—' : seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`);
