import type { CallDecision } from '../src/core/call-decision/call-decision.js';
import { decideIncomingCall } from '../src/calls/incoming-call.service.js';
import { zodFieldProblems } from '../src/http/validate.js';
import { incomingCallSchema, WEBHOOK_PATHS } from './twilio.protocol.js';
import { guarded, twimlAnswer, type VoiceWebhook } from './twiml-answer.js';
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
export function incomingCallWebhook(ctx: WebhookContext): VoiceWebhook {
  const { logger } = ctx.deps;
  return guarded(logger, WEBHOOK_PATHS.incoming, ctx.defaultRouteTwiml, async ({ params }) => {
    const form = incomingCallSchema.safeParse(params);
    if (!form.success) {
      logger.warn({ fields: Object.keys(zodFieldProblems(form.error)) }, 'malformed incoming call webhook; connecting to the default route');
      return twimlAnswer(ctx.defaultRouteTwiml());
    }
    const call = form.data;
    const live = await decideIncomingCall(ctx.runtime, {
      callSid: call.CallSid,
      accountSid: call.AccountSid,
      from: call.From,
      to: call.To,
      status: call.CallStatus,
    });
    const { decision } = live;
    return twimlAnswer(decision.kind === 'connect' ? renderConnect(decision, ctx.urls) : renderRefuse(decision, ctx.urls), describeDecision(decision));
  });
}
