import { pino, stdSerializers, type Logger, type LevelWithSilent } from 'pino';
import { maskPhoneNumber } from '../core/phone-number.js';

export type { Logger };

// Ten or more digits, optionally after "+": a phone number as a driver error or a message may quote it.
const PHONE_LIKE = /\+?\d{10,15}/g;

export function scrubPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE, (match) => maskPhoneNumber(match));
}

/** Database errors quote their query parameters (caller numbers among them): drop them, mask the rest. */
function safeError(err: Error): Record<string, unknown> {
  const { params: _params, ...serialized } = stdSerializers.err(err) as ReturnType<typeof stdSerializers.err> & { params?: unknown };
  return Object.fromEntries(
    Object.entries(serialized).map(([key, value]) => [key, typeof value === 'string' ? scrubPhoneNumbers(value) : value]),
  );
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
