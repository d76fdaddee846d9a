import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { normalisePhoneNumber, type E164 } from '../core/phone-number.js';
import { NOT_STORABLE, storable } from '../core/storable-text.js';

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

export { NOT_STORABLE, storable } from '../core/storable-text.js';

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).refine(storable, NOT_STORABLE);

/** Optional free text where an empty string clears the value. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine(storable, NOT_STORABLE)
    .nullable()
    .transform((v) => (v ? v : null));

// Years 1 to 9999: what ISO 8601 writes with four digits and PostgreSQL stores (JavaScript dates reach year -271821).
export const dateTime = z.coerce
  .date({ error: 'must be an ISO 8601 date and time' })
  .min(new Date('0001-01-01T00:00:00Z'), 'must be a date between the years 1 and 9999')
  .max(new Date('9999-12-31T23:59:59.999Z'), 'must be a date between the years 1 and 9999');
