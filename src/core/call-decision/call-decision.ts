import type { EnforceableStrategy } from '../contact-strategy.js';
import type { Language } from '../messages.js';
import type { E164 } from '../phone-number.js';

export { decideCall } from './decide-call.js';
export { parseRoute, staffRoute } from './route.js';
export type { Language } from '../messages.js';

/** Where a call can be put through: a phone number, a Voice SDK client identity, or a Twilio queue. */
export type Route =
  | { kind: 'number'; number: string }
  | { kind: 'client'; identity: string }
  | { kind: 'queue'; name: string };

export type CallerIdentity = { kind: 'number'; number: E164 } | { kind: 'withheld'; raw: string };

export interface StaffContact {
  id: string;
  displayName: string;
  phoneNumber: string | null;
  clientIdentity: string | null;
}

export interface DecisionSettings {
  defaultRoute: Route;
  /** Config text for parseRoute; validate it at start-up, since an unparseable value disables the emergency key. */
  emergencyRoute: string | null;
  organisationName: string;
  /** One sentence telling a refused caller how they CAN still make contact (R7). */
  alternativeContact: string;
  /** The same sentence in Welsh, for Welsh-speaking callers; the English one is spoken when absent. */
  alternativeContactWelsh?: string | null;
  /** IANA zone for calendar periods and call windows without their own zone, e.g. Europe/London. */
  timeZone: string;
  blockWithheld: boolean;
  /** A review missed by more than this many days ends a strategy (default 14). */
  lapseAfterDays?: number;
}

export interface DecisionCustomer {
  id: string;
  name: string;
  language: Language;
  communicationNeeds: string | null;
}

export interface RecentCall {
  startedAt: Date;
  connected: boolean;
}

export interface DecisionInput {
  caller: CallerIdentity;
  customer: DecisionCustomer | null;
  /** The customer's strategies in any status; only those in force at `now` apply. */
  strategies: EnforceableStrategy[];
  /** This customer's earlier calls from any of their numbers, newest first. */
  recentCalls: RecentCall[];
  /** Staff referenced by spoc restrictions. */
  staff: ReadonlyMap<string, StaffContact>;
  now: Date;
  settings: DecisionSettings;
}

export type BreachType = 'bar' | 'frequency' | 'callWindows';

/** A call that broke a restriction of an in-force strategy (R10). `detail` is for staff, in English. */
export interface Breach {
  strategyId: string;
  restrictionType: BreachType;
  detail: string;
}

export interface Speech {
  language: Language;
  /** Speak more slowly: the customer's communication needs ask for it (R13). */
  slow: boolean;
}

interface DecisionBase {
  /** In-force strategies whose restrictions changed what happens on this call. */
  appliedStrategyIds: string[];
  /** Always empty when connecting: a call that passes every check breaks nothing. */
  breaches: Breach[];
  speech: Speech;
  callerWithheld: boolean;
}

export interface ConnectDecision extends DecisionBase {
  kind: 'connect';
  /** Tried one after another (SPOC, then deputy), or the default route alone. May be empty for a SPOC nobody can reach. */
  routes: Route[];
  /** Spoken before connecting, in order: warnings, recording notice, time-limit notice. */
  announcements: string[];
  record: boolean;
  timeLimitSeconds: number | null;
  spoc: { staffId: string; deputyStaffId: string | null } | null;
  /** Set with a SPOC: when no route answers, take a message for this person. Never fall back to the default route. */
  voicemailFor: { staffId: string; prompt: string; goodbye: string } | null;
  /** Spoken when no route answers and there is no voicemail. */
  unavailable: string;
}

export type RefusalReason = BreachType | 'withheld';

export interface EmergencyOption {
  /** The key to press (one digit). */
  key: string;
  route: Route;
  /** Spoken while waiting for the key. */
  prompt: string;
  /** Spoken after the key, before dialling the route. */
  connecting: string;
  /** Spoken when the emergency call ends or cannot connect, before hanging up. */
  goodbye: string;
}

export interface RefuseDecision extends DecisionBase {
  kind: 'refuse';
  reason: RefusalReason;
  /** Sentences to speak, in order. */
  message: string[];
  /** When a call would next be accepted (frequency and call-window refusals), if there is such a time. */
  callsAcceptedFrom: string | null;
  /** Offer the emergency key after the message (bars with emergencyBypass only). */
  emergency: EmergencyOption | null;
  /** Spoken last, before hanging up (also when the emergency key was not pressed). */
  goodbye: string;
}

/** Plain JSON data (times as ISO strings), so a decision is stored, sent to the panel and read back unchanged. */
export type CallDecision = ConnectDecision | RefuseDecision;
