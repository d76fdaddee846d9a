import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Stored as sent: no U+0000 and no unpaired UTF-16 surrogate (PostgreSQL refuses the one and mangles the other). */
const storable = (text: string) => !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (24-hour)');

const timeZone = z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/London');

export const callWindowSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1, 'must name at least one day'),
    from: clockTime,
    to: clockTime,
  })
  .strict()
  .refine((w) => w.from < w.to, { message: 'from must be earlier than to', path: ['to'] });

export const barRestrictionSchema = z
  .object({ type: z.literal('bar'), emergencyBypass: z.boolean().default(false) })
  .strict();
export const spocRestrictionSchema = z
  .object({ type: z.literal('spoc'), staffId: z.uuid(), deputyStaffId: z.uuid().optional() })
  .strict()
  .refine((r) => r.deputyStaffId !== r.staffId, {
    message: 'the deputy must be a different member of staff',
    path: ['deputyStaffId'],
  });
export const warningRestrictionSchema = z
  .object({ type: z.literal('warning'), message: z.string().trim().min(1).max(1000).refine(storable, 'must not contain NUL characters or unpaired surrogates').optional() })
  .strict();
export const recordRestrictionSchema = z.object({ type: z.literal('record') }).strict();
export const frequencyRestrictionSchema = z
  .object({
    type: z.literal('frequency'),
    maxCalls: z.number().int().min(1).max(1000),
    per: z.enum(['day', 'week', 'month']),
  })
  .strict();
export const maxDurationRestrictionSchema = z
  .object({ type: z.literal('maxDuration'), seconds: z.number().int().min(30).max(4 * 60 * 60) })
  .strict();
export const callWindowsRestrictionSchema = z
  .object({
    type: z.literal('callWindows'),
    windows: z.array(callWindowSchema).min(1, 'must list at least one window'),
    timeZone: timeZone.optional(),
  })
  .strict();

export const restrictionSchema = z.discriminatedUnion('type', [
  barRestrictionSchema,
  spocRestrictionSchema,
  warningRestrictionSchema,
  recordRestrictionSchema,
  frequencyRestrictionSchema,
  maxDurationRestrictionSchema,
  callWindowsRestrictionSchema,
]);

export type Restriction = z.infer<typeof restrictionSchema>;
export type RestrictionType = Restriction['type'];
export type RestrictionOf<T extends RestrictionType> = Extract<Restriction, { type: T }>;
export type CallWindow = z.infer<typeof callWindowSchema>;

/** Restrictions that cannot sensibly apply together: a bar connects nobody, so routing or pacing rules contradict it. */
const CONTRADICTIONS: ReadonlyArray<readonly [RestrictionType, RestrictionType]> = [
  ['bar', 'spoc'],
  ['bar', 'warning'],
  ['bar', 'frequency'],
  ['bar', 'callWindows'],
];

export interface RestrictionProblem {
  index: number;
  field: string;
  message: string;
}

/** Checks a set of restrictions as a whole (each one is already valid on its own). */
export function findRestrictionConflicts(restrictions: readonly Restriction[]): RestrictionProblem[] {
  const problems: RestrictionProblem[] = [];
  const firstIndex = new Map<RestrictionType, number>();
  restrictions.forEach((restriction, index) => {
    const earlier = firstIndex.get(restriction.type);
    if (earlier !== undefined) {
      problems.push({ index, field: 'type', message: `duplicates restriction ${earlier} (${restriction.type})` });
      return;
    }
    firstIndex.set(restriction.type, index);
    for (const [a, b] of CONTRADICTIONS) {
      const other = restriction.type === a ? b : restriction.type === b ? a : undefined;
      const otherIndex = other === undefined ? undefined : firstIndex.get(other);
      if (other !== undefined && otherIndex !== undefined) {
        problems.push({
          index,
          field: 'type',
          message: `${restriction.type} contradicts restriction ${otherIndex} (${other})`,
        });
      }
    }
  });
  return problems;
}

// Zones found valid so far: building an Intl.DateTimeFormat takes microseconds, and every call-windows
// restriction read from the database asks again. Only valid names are kept, and at most a bounded number
// (Intl also accepts any mix of upper and lower case), however many names are sent.
const knownTimeZones = new Set<string>();
const MAX_KNOWN_TIME_ZONES = 1_000;

export function isKnownTimeZone(zone: string): boolean {
  if (knownTimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
  } catch {
    return false;
  }
  if (knownTimeZones.size < MAX_KNOWN_TIME_ZONES) knownTimeZones.add(zone);
  return true;
}
