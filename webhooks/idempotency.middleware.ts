import type { RequestHandler } from 'express';
import { BoundedMap } from '../src/calls/bounded-map.js';

interface Remembered {
  status: number;
  contentType: string;
  decision: string | undefined;
  body: string;
}

/**
 * Twilio marks every retry of one webhook request with the same I-Twilio-Idempotency-Token: answer a
 * retry with the first answer, without deciding or writing anything again.
 */
export function honourIdempotencyToken(capacity = 20_000): RequestHandler {
  const answers = new BoundedMap<string, Remembered>(capacity);
  return (req, res, next) => {
    const token = req.header('i-twilio-idempotency-token');
    if (!token) return next();
    const key = `${req.path}\u0000${token}`;
    const seen = answers.get(key);
    if (seen) {
      if (seen.decision) res.setHeader('X-Callguard-Decision', seen.decision);
      res.status(seen.status).type(seen.contentType).send(seen.body);
      return;
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode < 500 && typeof body === 'string') {
        const decision = res.getHeader('X-Callguard-Decision');
        answers.set(key, { status: res.statusCode, contentType: String(res.getHeader('content-type') ?? 'text/xml'), decision: typeof decision === 'string' ? decision : undefined, body });
      }
      return send(body);
    };
    next();
  };
}
