import type { RequestHandler } from 'express';
import twilio from 'twilio';
import type { Config } from '../src/config/env.js';
import { maskPhoneNumber } from '../src/core/phone-number.js';
import type { Logger } from '../src/shared/logger.js';

/** The form body as Twilio signed it: a flat object of strings (anything else cannot be a Twilio post). */
export function formParams(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * Checks X-Twilio-Signature over PUBLIC_URL + path and query, never the request's own Host or scheme
 * (behind a proxy or tunnel those differ from what Twilio signed).
 */
export function requireTwilioSignature(config: Config, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const signature = req.header('x-twilio-signature');
    const url = config.publicUrl + req.originalUrl;
    const params = formParams(req.body);
    if (signature && twilio.validateRequest(config.twilio.authToken, signature, url, params)) {
      next();
      return;
    }
    const from = params.From ?? '';
    logger.warn(
      { path: req.path, signature: signature ? 'wrong' : 'missing', caller: /\d{7}/.test(from) ? maskPhoneNumber(from) : 'none', ip: req.ip },
      'rejected a webhook without a valid Twilio signature',
    );
    res.status(403).type('text/plain').send('Forbidden: invalid or missing X-Twilio-Signature');
  };
}
