import type { ContactStrategy } from './contact-strategy.js';
import { AUTHORISING_ROLES, type Actor } from './roles.js';

/**
 * Why this member of staff may not authorise this strategy, or null if they may (R5):
 * supervisors and directors authorise, only directors restrict all contact, and nobody
 * authorises their own proposal (four eyes).
 */
export function authorisationRefusal(actor: Actor, strategy: Pick<ContactStrategy, 'allContact' | 'proposedBy'>): string | null {
  if (!AUTHORISING_ROLES.includes(actor.role)) {
    return `authorising a contact strategy needs the supervisor or director role; you are signed in as ${actor.role}`;
  }
  if (strategy.allContact && actor.role !== 'director') {
    return 'a strategy that restricts all contact can only be authorised by a director';
  }
  if (strategy.proposedBy === actor.id) {
    return 'nobody may authorise their own proposal: another supervisor or director must authorise it';
  }
  return null;
}

/** Rejecting, recording the letter and lifting need the same seniority but not four eyes: they never add restrictions. */
export function decisionRefusal(actor: Actor, action: string): string | null {
  if (AUTHORISING_ROLES.includes(actor.role)) return null;
  return `${action} needs the supervisor or director role; you are signed in as ${actor.role}`;
}
