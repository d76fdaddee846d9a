import type { ServerResponse } from 'node:http';
import type { Logger } from '../src/shared/logger.js';

/** What a webhook answers: TwiML, and for incoming calls a short summary of the decision. */
export interface TwimlAnswer {
  status: number;
  twiml: string;
  decision?: string;
}

/** The form and query of a signed webhook request: flat strings, validated by each webhook's schema. */
export interface WebhookCall {
  params: Record<string, string>;
  query: URLSearchParams;
}

export type VoiceWebhook = (call: WebhookCall) => Promise<TwimlAnswer>;

export const twimlAnswer = (twiml: string, decision?: string): TwimlAnswer => (decision === undefined ? { status: 200, twiml } : { status: 200, twiml, decision });

/** Query parameters as a plain object, for a zod schema. */
export const queryOf = (call: WebhookCall): Record<string, string> => Object.fromEntries(call.query);

/**
 * The caller always gets an answer: any failure is logged and answered with the fallback TwiML, never a
 * 500 (Twilio would play an application error).
 */
export function guarded(logger: Logger, path: string, fallback: () => string, webhook: VoiceWebhook): VoiceWebhook {
  return async (call) => {
    try {
      return await webhook(call);
    } catch (err) {
      logger.error({ err, path, callSid: call.params.CallSid }, 'webhook failed; answered with fallback TwiML');
      return twimlAnswer(fallback());
    }
  };
}

export function writeTwiml(res: ServerResponse, answer: TwimlAnswer): void {
  res.statusCode = answer.status;
  res.setHeader('Content-Type', 'text/xml; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(answer.twiml));
  if (answer.decision !== undefined) res.setHeader('X-Callguard-Decision', answer.decision);
  res.end(answer.twiml);
}
