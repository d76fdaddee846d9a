import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** Structured logs; credentials and caller numbers are redacted at the source, never logged in full. */
export function createLogger(level: LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'callguard' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-twilio-signature"]',
          'password',
          '*.password',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
