import { normalisePhoneNumber } from '../phone-number.js';
import type { Route, StaffContact } from './call-decision.js';

/** Twilio client identities and queue names: no spaces or control characters, bounded length. */
const CLIENT_IDENTITY = /^[^\s\p{Cc}]{1,121}$/u;
const QUEUE_NAME = /^[^\p{Cc}]{1,64}$/u;

/**
 * Reads a route from configuration: `+447700900123` (international format, spaces allowed),
 * `client:IDENTITY` or `queue:NAME`. Null when the text is none of these.
 */
export function parseRoute(text: string): Route | null {
  const trimmed = text.trim();
  const prefixed = /^(client|queue):(.*)$/i.exec(trimmed);
  if (prefixed) {
    const kind = prefixed[1]?.toLowerCase();
    const value = (prefixed[2] ?? '').trim();
    if (kind === 'client') return CLIENT_IDENTITY.test(value) ? { kind: 'client', identity: value } : null;
    return QUEUE_NAME.test(value) ? { kind: 'queue', name: value } : null;
  }
  // A leading "+" is required: a national number would depend on a guessed region.
  if (!trimmed.startsWith('+')) return null;
  const number = normalisePhoneNumber(trimmed, 'GB');
  return number === null ? null : { kind: 'number', number };
}

/**
 * How to reach one member of staff: their phone number when it is usable, otherwise their
 * Voice SDK identity. The number comes first because it rings whether or not they are signed
 * in to the panel; a SPOC must be reachable, and only they may take the call.
 */
export function staffRoute(staff: StaffContact | undefined): Route | null {
  if (staff === undefined) return null;
  const number = staff.phoneNumber === null ? null : normalisePhoneNumber(staff.phoneNumber, 'GB');
  if (number !== null) return { kind: 'number', number };
  const identity = staff.clientIdentity?.trim() ?? '';
  return CLIENT_IDENTITY.test(identity) ? { kind: 'client', identity } : null;
}
