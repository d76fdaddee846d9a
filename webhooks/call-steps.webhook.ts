import {
  findConnectedCall,
  findRefusedCall,
  recordDialResult,
  recordEmergencyBypass,
  recordVoicemail,
} from '../src/calls/call-progress.service.js';
import { dialResultSchema, dialStepQuerySchema, gatherResultSchema, recordResultSchema, WEBHOOK_PATHS } from './twilio.protocol.js';
import { guarded, queryOf, twimlAnswer, type VoiceWebhook } from './twiml-answer.js';
import { renderHangup, renderNextRoute, renderVoicemailSaved } from './twiml/render-connect.js';
import { renderEmergencyChoice, renderEmergencyEnded } from './twiml/render-refuse.js';
import type { WebhookContext } from './webhook-context.js';

/** POST /webhooks/voice/dial-result?step=N: the <Dial> to route N-1 ended; hang up, or try the next route. */
export function dialResultWebhook(ctx: WebhookContext): VoiceWebhook {
  return guarded(ctx.deps.logger, WEBHOOK_PATHS.dialResult, ctx.politeGoodbyeTwiml, async (request) => {
    const form = dialResultSchema.safeParse(request.params);
    const { step } = dialStepQuerySchema.parse(queryOf(request));
    const call = form.success ? await findConnectedCall(ctx.runtime, form.data.CallSid) : null;
    if (!form.success || !call) return twimlAnswer(ctx.politeGoodbyeTwiml());
    const answered = form.data.DialCallStatus === 'completed' || form.data.DialCallStatus === 'answered';
    await recordDialResult(ctx.runtime, call, step, answered);
    return twimlAnswer(answered ? renderHangup() : renderNextRoute(call.decision, step, ctx.urls));
  });
}

/** POST /webhooks/voice/emergency: the key a barred caller pressed (or nothing). */
export function emergencyKeyWebhook(ctx: WebhookContext): VoiceWebhook {
  return guarded(ctx.deps.logger, WEBHOOK_PATHS.emergency, ctx.politeGoodbyeTwiml, async ({ params }) => {
    const form = gatherResultSchema.safeParse(params);
    const call = form.success ? await findRefusedCall(ctx.runtime, form.data.CallSid) : null;
    if (!form.success || !call) return twimlAnswer(ctx.politeGoodbyeTwiml());
    const choice = renderEmergencyChoice(call.decision, form.data.Digits.trim(), ctx.urls);
    if (choice.bypass) await recordEmergencyBypass(ctx.runtime, call);
    return twimlAnswer(choice.twiml);
  });
}

/** POST /webhooks/voice/emergency-result: the emergency call ended. */
export function emergencyResultWebhook(ctx: WebhookContext): VoiceWebhook {
  return guarded(ctx.deps.logger, WEBHOOK_PATHS.emergencyResult, ctx.politeGoodbyeTwiml, async ({ params }) => {
    const form = gatherResultSchema.safeParse(params);
    const call = form.success ? await findRefusedCall(ctx.runtime, form.data.CallSid) : null;
    return twimlAnswer(call ? renderEmergencyEnded(call.decision) : ctx.politeGoodbyeTwiml());
  });
}

/** POST /webhooks/voice/voicemail: a message for the SPOC was recorded (the file may not be ready yet). */
export function voicemailWebhook(ctx: WebhookContext): VoiceWebhook {
  return guarded(ctx.deps.logger, WEBHOOK_PATHS.voicemail, ctx.politeGoodbyeTwiml, async ({ params }) => {
    const form = recordResultSchema.safeParse(params);
    const call = form.success ? await findConnectedCall(ctx.runtime, form.data.CallSid) : null;
    if (!form.success || !call) return twimlAnswer(ctx.politeGoodbyeTwiml());
    await recordVoicemail(ctx.runtime, call, {
      sid: form.data.RecordingSid ?? null,
      url: form.data.RecordingUrl ?? null,
      durationSeconds: form.data.RecordingDuration ?? null,
    });
    return twimlAnswer(renderVoicemailSaved(call.decision));
  });
}
