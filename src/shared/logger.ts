import { pino, stdSerializers, type Logger, type LevelWithSilent } from 'pino';
import { maskPhoneNumber } from '../core/phone-number.js';

export type { Logger };

// Ten or more digits, optionally after "+": a phone number as a driver error or a message may quote it.
const PHONE_LIKE = /\+?\d{10,15}/g;

// HTTP Basic credentials, as an HTTP client's error may quote its own request headers.
const BASIC_AUTH = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g;
const SECRET_KEYS = /^(authorization|password|token|authtoken|auth|cookie|params|headers|config|request)$/i;

export function scrubPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE, (match) => maskPhoneNumber(match));
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubPhoneNumbers(value.replace(BASIC_AUTH, '$1 [redacted]'));
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_KEYS.test(key)).map(([key, v]) => [key, scrub(v, depth + 1)]));
}

/**
 * Errors quote what they were doing: database errors their parameters (callers' numbers), HTTP client
 * errors their request (credentials). Drop those fields and mask what remains in the text.
 */
function safeError(err: Error): unknown {
  return scrub(stdSerializers.err(err), 0);
}

/** Structured logs; credentials and caller numbers are redacted at the source, never logged in full. */
export function createLogger(level: LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'callguard' },
      serializers: { err: safeError },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-twilio-signature"]', 'password', '*.password', 'token', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
