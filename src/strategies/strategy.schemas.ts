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

export const reviewSchema = z
  .object({
    outcome: z.enum(['continue', 'ease', 'tighten', 'lift']),
    notes: text(4000),
    nextReviewAt: dateTime.optional(),
    restrictions: z.array(restrictionSchema).min(1, 'must name at least one restriction').max(7).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const changes = v.outcome === 'ease' || v.outcome === 'tighten';
    if (changes && !v.restrictions) ctx.addIssue({ code: 'custom', path: ['restrictions'], message: `an ${v.outcome} review replaces the restrictions: list them` });
    if (!changes && v.restrictions) ctx.addIssue({ code: 'custom', path: ['restrictions'], message: 'only an ease or tighten review changes the restrictions' });
    if (v.outcome === 'lift' && v.nextReviewAt) ctx.addIssue({ code: 'custom', path: ['nextReviewAt'], message: 'a lifted strategy has no next review' });
  });

export const appealSchema = z.object({ receivedAt: dateTime.optional(), summary: text(4000) }).strict();

export const appealDecisionSchema = z
  .object({
    outcome: z.enum(['uphold', 'ease', 'lift']),
    reasons: text(4000),
    restrictions: z.array(restrictionSchema).min(1).max(7).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.outcome === 'ease' && !v.restrictions) ctx.addIssue({ code: 'custom', path: ['restrictions'], message: 'easing on appeal replaces the restrictions: list them' });
    if (v.outcome !== 'ease' && v.restrictions) ctx.addIssue({ code: 'custom', path: ['restrictions'], message: 'only an ease changes the restrictions' });
  });

export type ReviewInput = z.output<typeof reviewSchema>;
export type AppealInput = z.output<typeof appealSchema>;
export type AppealDecisionInput = z.output<typeof appealDecisionSchema>;
