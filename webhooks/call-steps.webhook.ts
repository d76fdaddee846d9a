import type { RequestHandler } from 'express';
import {
  findConnectedCall,
  findRefusedCall,
  recordDialResult,
  recordEmergencyBypass,
  recordVoicemail,
} from '../src/calls/call-progress.service.js';
import { dialResultSchema, dialStepQuerySchema, gatherResultSchema, recordResultSchema } from './twilio.protocol.js';
import { formParams } from './twilio-signature.middleware.js';
import { sendTwiml, twimlHandler } from './twiml-response.js';
import { renderHangup, renderNextRoute, renderVoicemailSaved } from './twiml/render-connect.js';
import { renderEmergencyChoice, renderEmergencyEnded } from './twiml/render-refuse.js';
import type { WebhookContext } from './webhook-context.js';

/** POST /webhooks/voice/dial-result?step=N: the <Dial> to route N-1 ended; hang up, or try the next route. */
export function dialResultWebhook(ctx: WebhookContext): RequestHandler {
  return twimlHandler(ctx.deps.logger, ctx.politeGoodbyeTwiml, async (req, res) => {
    const form = dialResultSchema.safeParse(formParams(req.body));
    const { step } = dialStepQuerySchema.parse(req.query);
    const call = form.success ? await findConnectedCall(ctx.runtime, form.data.CallSid) : null;
    if (!form.success || !call) {
      sendTwiml(res, ctx.politeGoodbyeTwiml());
      return;
    }
    const answered = form.data.DialCallStatus === 'completed' || form.data.DialCallStatus === 'answered';
    await recordDialResult(ctx.runtime, call, step, answered);
    sendTwiml(res, answered ? renderHangup() : renderNextRoute(call.decision, step, ctx.urls));
  });
}

/** POST /webhooks/voice/emergency: the key a barred caller pressed (or nothing). */
export function emergencyKeyWebhook(ctx: WebhookContext): RequestHandler {
  return twimlHandler(ctx.deps.logger, ctx.politeGoodbyeTwiml, async (req, res) => {
    const form = gatherResultSchema.safeParse(formParams(req.body));
    const call = form.success ? await findRefusedCall(ctx.runtime, form.data.CallSid) : null;
    if (!form.success || !call) {
      sendTwiml(res, ctx.politeGoodbyeTwiml());
      return;
    }
    const choice = renderEmergencyChoice(call.decision, form.data.Digits.trim(), ctx.urls);
    if (choice.bypass) await recordEmergencyBypass(ctx.runtime, call);
    sendTwiml(res, choice.twiml);
  });
}

/** POST /webhooks/voice/emergency-result: the emergency call ended. */
export function emergencyResultWebhook(ctx: WebhookContext): RequestHandler {
  return twimlHandler(ctx.deps.logger, ctx.politeGoodbyeTwiml, async (req, res) => {
    const form = gatherResultSchema.safeParse(formParams(req.body));
    const call = form.success ? await findRefusedCall(ctx.runtime, form.data.CallSid) : null;
    sendTwiml(res, call ? renderEmergencyEnded(call.decision) : ctx.politeGoodbyeTwiml());
  });
}

/** POST /webhooks/voice/voicemail: a message for the SPOC was recorded (the file may not be ready yet). */
export function voicemailWebhook(ctx: WebhookContext): RequestHandler {
  return twimlHandler(ctx.deps.logger, ctx.politeGoodbyeTwiml, async (req, res) => {
    const form = recordResultSchema.safeParse(formParams(req.body));
    const call = form.success ? await findConnectedCall(ctx.runtime, form.data.CallSid) : null;
    if (!form.success || !call) {
      sendTwiml(res, ctx.politeGoodbyeTwiml());
      return;
    }
    await recordVoicemail(ctx.runtime, call, {
      sid: form.data.RecordingSid ?? null,
      url: form.data.RecordingUrl ?? null,
      durationSeconds: form.data.RecordingDuration ?? null,
    });
    sendTwiml(res, renderVoicemailSaved(call.decision));
  });
}
