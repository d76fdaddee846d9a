import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../src/shared/logger.js';

export function sendTwiml(res: Response, twiml: string): void {
  res.status(200).type('text/xml').send(twiml);
}

/**
 * Wraps a webhook handler so the caller always gets an answer: any failure is logged and
 * answered with the fallback TwiML, never a 500 (Twilio would play an application error).
 */
export function twimlHandler(
  logger: Logger,
  fallback: (req: Request) => string,
  handler: (req: Request, res: Response) => Promise<void>,
): RequestHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      logger.error({ err, path: req.path, callSid: typeof req.body?.CallSid === 'string' ? req.body.CallSid : undefined }, 'webhook failed; answered with fallback TwiML');
      if (!res.headersSent) sendTwiml(res, fallback(req));
    }
  };
}
