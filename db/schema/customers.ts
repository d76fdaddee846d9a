import { check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { LANGUAGES } from '../../src/core/customer.js';
import type { E164 } from '../../src/core/phone-number.js';
import { createdAt, id, updatedAt } from './columns.js';


export const customers = pgTable(
  'customers',
  {
    id: id(),
    name: text('name').notNull(),
    reference: text('reference').unique(),
    communicationNeeds: text('communication_needs'),
    language: text('language', { enum: LANGUAGES }).notNull().default('en-GB'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('customers_language_check', sql`${t.language} in ('en-GB', 'cy-GB')`)],
);

export const customerPhoneNumbers = pgTable(
  'customer_phone_numbers',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    e164: text('e164').$type<E164>().notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    unique('customer_phone_numbers_customer_e164_unique').on(t.customerId, t.e164),
    index('customer_phone_numbers_e164_idx').on(t.e164),
  ],
);
