import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type E164 = string & { readonly __brand: 'E164' };

/**
 * Normalises any human spelling of a number to E.164, or null when it is not a possible number.
 * `isPossible()` rather than `isValid()`: numbering plans change faster than the library's
 * metadata, and Ofcom's drama ranges (used for demo data and tests) are possible but not valid.
 */
export function normalisePhoneNumber(input: string, defaultRegion: CountryCode): E164 | null {
  const trimmed = input.trim();
  if (trimmed === '' || /[a-z]/i.test(trimmed)) return null;
  const asGiven = possibleE164(trimmed, defaultRegion);
  if (asGiven) return asGiven;
  // "447700900123": a country code without its "+", common in spreadsheets and CRM exports.
  const digits = trimmed.replace(/[\s().-]/g, '');
  if (/^[1-9]\d{9,14}$/.test(digits)) return possibleE164(`+${digits}`, defaultRegion);
  return null;
}

function possibleE164(input: string, region: CountryCode): E164 | null {
  const parsed = parsePhoneNumberFromString(input, region);
  return parsed?.isPossible() ? (parsed.number as E164) : null;
}

/** Shows enough of a number to recognise it in logs without recording who called: +44770•••123. */
export function maskPhoneNumber(number: string): string {
  if (number.length <= 6) return '•••';
  return `${number.slice(0, 6)}•••${number.slice(-3)}`;
}
