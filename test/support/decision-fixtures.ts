import type { ContactStrategy } from '../../src/core/contact-strategy.js';
import { normalisePhoneNumber, type E164 } from '../../src/core/phone-number.js';
import type { Restriction } from '../../src/core/restriction.js';

/** A known-good number in E.164, for decision inputs. */
export function e164(text: string): E164 {
  const number = normalisePhoneNumber(text, 'GB');
  if (number === null) throw new Error(`not a number: ${text}`);
  return number;
}

let sequence = 0;

/** A strategy in force since 2024 (authorised and notified) with the given restrictions. */
export function strategy(restrictions: Restriction[], overrides: Partial<ContactStrategy> = {}): ContactStrategy {
  sequence += 1;
  const past = new Date('2024-01-01T00:00:00Z');
  return {
    id: `strategy-${sequence}`,
    customerId: 'customer-1',
    status: 'authorised',
    reason: 'Persistent calls',
    priorWarnings: [],
    restrictions,
    allContact: false,
    urgent: false,
    startsAt: past,
    endsAt: null,
    reviewAt: new Date('2027-01-01T00:00:00Z'),
    proposedBy: 'agent-1',
    proposedAt: past,
    authorisedBy: 'director-1',
    authorisedAt: past,
    authorisationRationale: 'Agreed',
    rejectedBy: null,
    rejectedAt: null,
    rejectionReason: null,
    notification: { sentAt: past, channel: 'letter', reference: 'REF-1', recordedBy: 'agent-1' },
    liftedBy: null,
    liftedAt: null,
    liftReason: null,
    createdAt: past,
    updatedAt: past,
    ...overrides,
  };
}
