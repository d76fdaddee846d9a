import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { normalisePhoneNumber, type E164 } from '../core/phone-number.js';

/** Any human spelling of a phone number in, E.164 out; a 400 naming the field otherwise. */
export function phoneNumberField(region: CountryCode) {
  return z
    .string()
    .max(40, 'is too long to be a phone number')
    .transform((value, ctx): E164 => {
      const number = normalisePhoneNumber(value, region);
      if (number) return number;
      ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 40)}" is not a phone number` });
      return z.NEVER;
    });
}

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Optional free text where an empty string clears the value. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .transform((v) => (v ? v : null));

export const dateTime = z.coerce.date({ error: 'must be an ISO 8601 date and time' });
