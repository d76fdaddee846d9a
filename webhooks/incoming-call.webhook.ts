import type { RequestHandler } from 'express';
import type { CallDecision } from '../src/core/call-decision/call-decision.js';
import { decideIncomingCall } from '../src/calls/incoming-call.service.js';
import { zodFieldProblems } from '../src/http/validate.js';
import { incomingCallSchema } from './twilio.protocol.js';
import { formParams } from './twilio-signature.middleware.js';
import { sendTwiml, twimlHandler } from './twiml-response.js';
import { renderConnect } from './twiml/render-connect.js';
import { renderRefuse } from './twiml/render-refuse.js';
import type { WebhookContext } from './webhook-context.js';

/** A short, number-free summary for the call simulator and for debugging: `kind=refuse reason=bar breaches=1`. */
export function describeDecision(decision: CallDecision): string {
  const yes = (flag: boolean) => (flag ? 'yes' : 'no');
  const common = `breaches=${decision.breaches.length} withheld=${yes(decision.callerWithheld)} language=${decision.speech.language}`;
  if (decision.kind === 'refuse') return `kind=refuse reason=${decision.reason} emergency=${yes(decision.emergency !== null)} ${common}`;
  const limit = decision.timeLimitSeconds ? ` time-limit=${decision.timeLimitSeconds}` : '';
  return `kind=connect routes=${decision.routes.length} spoc=${yes(decision.spoc !== null)} record=${yes(decision.record)}${limit} ${common}`;
}

/** POST /webhooks/voice/incoming: decide the call and answer TwiML that carries out the decision. */
export function incomingCallWebhook(ctx: WebhookContext): RequestHandler {
  const { logger } = ctx.deps;
  return twimlHandler(logger, ctx.defaultRouteTwiml, async (req, res) => {
    const form = incomingCallSchema.safeParse(formParams(req.body));
    if (!form.success) {
      logger.warn({ fields: Object.keys(zodFieldProblems(form.error)) }, 'malformed incoming call webhook; connecting to the default route');
      sendTwiml(res, ctx.defaultRouteTwiml());
      return;
    }
    const call = form.data;
    const live = await decideIncomingCall(ctx.runtime, {
      callSid: call.CallSid,
      accountSid: call.AccountSid,
      from: call.From,
      to: call.To,
      status: call.CallStatus,
    });
    res.setHeader('X-Callguard-Decision', describeDecision(live.decision));
    sendTwiml(res, live.decision.kind === 'connect' ? renderConnect(live.decision, ctx.urls) : renderRefuse(live.decision, ctx.urls));
  });
}
