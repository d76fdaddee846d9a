import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { ROLES } from '../core/roles.js';
import { phoneNumberField, text } from '../http/fields.js';

export function staffSchemas(region: CountryCode) {
  const fields = {
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2-64 letters, digits, dots, dashes or underscores'),
    displayName: text(200),
    role: z.enum(ROLES),
    password: z.string().min(12, 'must be at least 12 characters').max(1000),
    phoneNumber: phoneNumberField(region).nullable(),
    clientIdentity: z
      .string()
      .regex(/^[\w.@-]{1,121}$/, 'must be a Twilio client identity (letters, digits, _ . @ -)')
      .nullable(),
    active: z.boolean(),
  };
  return {
    create: z
      .object({
        username: fields.username,
        displayName: fields.displayName,
        role: fields.role,
        password: fields.password,
        phoneNumber: fields.phoneNumber.optional(),
        clientIdentity: fields.clientIdentity.optional(),
      })
      .strict(),
    update: z
      .object({
        displayName: fields.displayName,
        role: fields.role,
        password: fields.password,
        phoneNumber: fields.phoneNumber,
        clientIdentity: fields.clientIdentity,
        active: fields.active,
      })
      .partial()
      .strict()
      .refine((v) => Object.keys(v).length > 0, 'name at least one field to change'),
  };
}

export type StaffSchemas = ReturnType<typeof staffSchemas>;
export type CreateStaffInput = z.output<StaffSchemas['create']>;
export type UpdateStaffInput = z.output<StaffSchemas['update']>;
