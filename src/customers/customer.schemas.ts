import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { LANGUAGES } from '../core/customer.js';
import { NOT_STORABLE, storable, optionalText, phoneNumberField, text } from '../http/fields.js';

export function customerSchemas(region: CountryCode) {
  const phoneNumbers = z
    .array(phoneNumberField(region))
    .max(20, 'at most 20 numbers per customer')
    .transform((numbers) => [...new Set(numbers)]);
  const fields = {
    name: text(200),
    reference: optionalText(100),
    phoneNumbers,
    communicationNeeds: optionalText(2000),
    language: z.enum(LANGUAGES),
  };
  return {
    create: z
      .object({
        ...fields,
        reference: fields.reference.optional(),
        phoneNumbers: fields.phoneNumbers.default([]),
        communicationNeeds: fields.communicationNeeds.optional(),
        language: fields.language.default('en-GB'),
      })
      .strict(),
    update: z
      .object(fields)
      .partial()
      .strict()
      .refine((v) => Object.keys(v).length > 0, 'name at least one field to change'),
    query: z.object({
      phone: phoneNumberField(region).optional(),
      reference: z.string().trim().min(1).max(100).refine(storable, NOT_STORABLE).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  };
}

type Schemas = ReturnType<typeof customerSchemas>;
export type CreateCustomerInput = z.output<Schemas['create']>;
export type UpdateCustomerInput = z.output<Schemas['update']>;
export type CustomerQuery = z.output<Schemas['query']>;
