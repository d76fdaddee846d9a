import type { PanelTermination, ServerMessage } from '../panel/panel.protocol.js';

export interface EscalationRule {
  /** N terminated calls ... */
  terminations: number;
  /** ... within D days suggest a contact strategy (R3). */
  withinDays: number;
}

/** The suggestion to publish when this termination brings the caller to exactly N within D days (once, not on every later one). */
export function checkEscalation(recentIds: readonly string[], rule: EscalationRule, latest: PanelTermination): Extract<ServerMessage, { type: 'escalation.suggested' }> | null {
  if (recentIds.length !== rule.terminations) return null;
  return {
    type: 'escalation.suggested',
    customerId: latest.customerId,
    callerMasked: latest.callerMasked,
    terminations: recentIds.length,
    withinDays: rule.withinDays,
    terminationIds: [...recentIds],
  };
}
