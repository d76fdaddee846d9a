import { existsSync } from 'node:fs';
import { z } from 'zod';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { isKnownTimeZone } from '../core/restriction.js';
import { parseRoute, type Route } from '../core/call-decision/call-decision.js';

// The one place that reads the environment. Everything else receives a typed Config.

const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
const countries = new Set<string>(getCountries());

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const route = z
  .string()
  .trim()
  .transform((v, ctx): Route => {
    const parsed = E164_PATTERN.test(v) || /^(client|queue):/.test(v) ? parseRoute(v) : null;
    if (parsed) return parsed;
    ctx.addIssue({ code: 'custom', message: 'must be an E.164 number (+44...), client:IDENTITY or queue:NAME' });
    return z.NEVER;
  });

/** Development defaults let `npm start` run with no Twilio account; production must say everything. */
const DEV_AUTH_TOKEN = 'dev-auth-token-not-for-production';
const DEV_ACCOUNT_SID = 'AC00000000000000000000000000000000';

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    DATABASE_JIT: z.enum(['off', 'server']).default('off'),
    DATA_DIR: z.string().min(1).default('./data'),
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional(),
    TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
    TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    ORGANISATION_NAME: z.string().trim().min(1).default('the organisation'),
    DEFAULT_ROUTE: z.string().default('queue:main').pipe(route),
    EMERGENCY_ROUTE: z.string().trim().regex(E164_PATTERN, 'must be an E.164 number such as +447700900999').optional(),
    ALTERNATIVE_CONTACT: z
      .string()
      .trim()
      .min(1)
      .default('You can still contact us in writing, by letter or by email.'),
    ALTERNATIVE_CONTACT_CY: z.string().trim().min(1).optional(),
    CALLGUARD_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    DEFAULT_REGION: z
      .string()
      .toUpperCase()
      .refine((v) => countries.has(v), 'must be an ISO 3166 country code such as GB')
      .default('GB'),
    TIME_ZONE: z.string().refine(isKnownTimeZone, 'must be an IANA time zone').default('Europe/London'),
    BLOCK_WITHHELD: flag,
    DEMO: flag,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LAPSE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    ESCALATION_TERMINATIONS: z.coerce.number().int().min(1).max(100).default(3),
    ESCALATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    // At least 32: a frequency limit per calendar month counts connected calls up to 32 days back (RECENT_CALL_DAYS).
    RETENTION_DAYS: z.coerce.number().int().min(32, 'must be at least 32 (frequency limits count calls up to a month back)').max(36_500).default(730),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['PUBLIC_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  /** The base URL Twilio calls; signatures are computed over it, never over the request's Host. */
  publicUrl: string;
  database: { kind: 'postgres'; url: string; preparedStatements: boolean; jit: 'off' | 'server' } | { kind: 'pglite'; dataDir: string | null };
  twilio: { accountSid: string; authToken: string; apiBaseUrl: string | null; usingDevCredentials: boolean };
  organisationName: string;
  defaultRoute: Route;
  emergencyRoute: string | null;
  alternativeContact: string;
  /** The same sentence in Welsh, for customers whose language is cy-GB; the English one is spoken when unset. */
  alternativeContactWelsh: string | null;
  adminPassword: string | null;
  defaultRegion: CountryCode;
  timeZone: string;
  blockWithheld: boolean;
  demo: boolean;
  logLevel: Env['LOG_LEVEL'];
  sessionTtlHours: number;
  /** R3: this many terminated calls within this many days suggest a contact strategy. */
  escalation: { terminations: number; withinDays: number };
  /** R9: a review missed by more than this many days ends the strategy by itself. */
  lapseAfterDays: number;
  /** R15: call records (calls, breaches, voicemails) and closed terminations older than this many days are purged. */
  retentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The process environment, with a `.env` file in the working directory merged under it if there is one. */
export function readEnvironment(envFile = '.env'): NodeJS.ProcessEnv {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return process.env;
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, preparedStatements: env.DATABASE_PREPARED_STATEMENTS, jit: env.DATABASE_JIT }
      : { kind: 'pglite', dataDir: env.DATA_DIR },
    twilio: {
      accountSid: env.TWILIO_ACCOUNT_SID ?? DEV_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN ?? DEV_AUTH_TOKEN,
      apiBaseUrl: env.TWILIO_API_BASE_URL ?? null,
      usingDevCredentials: !env.TWILIO_AUTH_TOKEN,
    },
    organisationName: env.ORGANISATION_NAME,
    defaultRoute: env.DEFAULT_ROUTE,
    emergencyRoute: env.EMERGENCY_ROUTE ?? null,
    alternativeContact: env.ALTERNATIVE_CONTACT,
    alternativeContactWelsh: env.ALTERNATIVE_CONTACT_CY ?? null,
    adminPassword: env.CALLGUARD_ADMIN_PASSWORD ?? null,
    defaultRegion: env.DEFAULT_REGION as CountryCode,
    timeZone: env.TIME_ZONE,
    blockWithheld: env.BLOCK_WITHHELD,
    demo: env.DEMO || !env.CALLGUARD_ADMIN_PASSWORD,
    logLevel: env.LOG_LEVEL,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    escalation: { terminations: env.ESCALATION_TERMINATIONS, withinDays: env.ESCALATION_DAYS },
    lapseAfterDays: env.LAPSE_AFTER_DAYS,
    retentionDays: env.RETENTION_DAYS,
  };
}
