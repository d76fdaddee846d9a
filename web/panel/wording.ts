// How the panel says things in plain words. Pure functions (no DOM), unit-tested in Node.

import type { PanelCall, PanelTermination } from '../../src/panel/panel.protocol.js';
import { capitalise, clockTime, plural } from '../shared/wording.js';

export { capitalise, clockTime, restrictionLabel, ROLE_LABELS } from '../shared/wording.js';

const STATUS_LABELS: Record<string, string> = {
  queued: 'Waiting',
  initiated: 'Starting',
  ringing: 'Ringing',
  'in-progress': 'In progress',
  completed: 'Ended',
  busy: 'Busy',
  failed: 'Failed',
  'no-answer': 'Not answered',
  canceled: 'Caller hung up',
};

export const statusLabel = (status: string) => STATUS_LABELS[status] ?? status;

export const END_STATE_LABELS: Record<PanelTermination['endState'], string> = {
  ended: 'Call ended',
  already_ended: 'The call had already ended',
  end_requested_unconfirmed: 'End requested, not confirmed by Twilio',
  logged_after_call: 'Logged after the call',
};

/** "3 days ago", "5 minutes ago", "just now"; falls back to a date beyond a month. */
export function timeAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${plural(minutes, 'minute', 'minutes')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour', 'hours')} ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 31) return `${days} days ago`;
  return `on ${new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`;
}

/** "at 14:03" today, "on 3 June at 14:03" before: for things that stay on the page for hours. */
export function when(iso: string, now: number): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date(now).toDateString();
  return sameDay ? `at ${clockTime(iso)}` : `on ${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long' })} at ${clockTime(iso)}`;
}

/** "2 earlier terminated calls · 1 breach · last call 3 days ago". */
export function historySummary(history: PanelCall['history'], now: number): string {
  const parts = [
    history.terminations === 0 ? 'No earlier terminated calls' : plural(history.terminations, 'earlier terminated call', 'earlier terminated calls'),
    history.breaches === 0 ? 'no breaches' : plural(history.breaches, 'breach', 'breaches'),
    history.lastCallAt ? `last call ${timeAgo(history.lastCallAt, now)}` : 'no earlier calls',
  ];
  return parts.join(' · ');
}

export function decisionSummary(decision: PanelCall['decision']): string {
  const summary = capitalise(decision.summary);
  return decision.breaches > 0 ? `${summary} · ${plural(decision.breaches, 'breach', 'breaches')} on this call` : summary;
}

export const callerName = (call: Pick<PanelCall, 'customer'>) => call.customer?.name ?? 'Unknown caller';

/** How a call is named in lists and announcements: "Jane Doe (07700 900•••)". */
export function callLabel(call: Pick<PanelCall, 'customer' | 'caller'>): string {
  return `${callerName(call)} (${call.caller.withheld ? 'withheld number' : call.caller.masked})`;
}

export function terminationCaller(t: Pick<PanelTermination, 'customerName' | 'callerMasked'>): string {
  return t.customerName ?? (t.callerMasked ? `Unknown caller (${t.callerMasked})` : 'Unknown caller (withheld number)');
}
