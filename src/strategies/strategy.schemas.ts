import { z } from 'zod';
import { STORED_STRATEGY_STATUSES } from '../core/contact-strategy.js';
import { restrictionSchema } from '../core/restriction.js';
import { dateTime, text } from '../http/fields.js';

const priorWarning = z
  .object({
    date: z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'must be a date such as 2026-10-01' }),
    summary: text(2000),
  })
  .strict();

export const proposeStrategySchema = z
  .object({
    customerId: z.uuid('must be a customer id'),
    reason: text(4000),
    priorWarnings: z.array(priorWarning).max(100).default([]),
    restrictions: z.array(restrictionSchema).min(1, 'must name at least one restriction').max(7),
    startsAt: dateTime.optional(),
    endsAt: dateTime.nullable().optional(),
    reviewAt: dateTime.optional(),
    allContact: z.boolean().default(false),
    urgent: z.boolean().default(false),
  })
  .strict();

export const authoriseSchema = z.object({ rationale: text(4000), urgent: z.boolean().optional() }).strict();
export const rejectSchema = z.object({ reason: text(4000) }).strict();
export const liftSchema = z.object({ reason: text(4000) }).strict();
export const notificationSchema = z
  .object({
    sentAt: dateTime,
    channel: z.enum(['letter', 'email', 'both']),
    reference: text(200),
  })
  .strict();

export const strategyQuerySchema = z.object({
  status: z.enum(STORED_STRATEGY_STATUSES).optional(),
  customerId: z.uuid('must be a customer id').optional(),
  inForce: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export type ProposeStrategyInput = z.output<typeof proposeStrategySchema>;
export type NotificationInput = z.output<typeof notificationSchema>;
export type StrategyQuery = z.output<typeof strategyQuerySchema>;
