import type { RequestHandler } from 'express';
import { findConnectedCall, recordCallRecording, recordCallStatus, recordVoicemail } from '../src/calls/call-progress.service.js';
import { zodFieldProblems } from '../src/http/validate.js';
import { recordingKindQuerySchema, recordingStatusSchema, statusCallbackSchema } from './twilio.protocol.js';
import { formParams } from './twilio-signature.middleware.js';
import { sendTwiml, twimlHandler } from './twiml-response.js';
import { emptyTwiml } from './twiml/render-fallback.js';
import type { WebhookContext } from './webhook-context.js';

/** POST /webhooks/voice/status: Twilio's call status callback (duplicates and reordering expected). */
export function callStatusWebhook(ctx: WebhookContext): RequestHandler {
  const { logger } = ctx.deps;
  return twimlHandler(logger, emptyTwiml, async (req, res) => {
    const form = statusCallbackSchema.safeParse(formParams(req.body));
    if (!form.success) {
      logger.warn({ fields: Object.keys(zodFieldProblems(form.error)) }, 'malformed status callback ignored');
    } else {
      await recordCallStatus(ctx.runtime, {
        callSid: form.data.CallSid,
        accountSid: form.data.AccountSid,
        status: form.data.CallStatus,
        sequenceNumber: form.data.SequenceNumber,
        durationSeconds: form.data.CallDuration,
      });
    }
    sendTwiml(res, emptyTwiml());
  });
}

/** POST /webhooks/voice/recording-status?kind=call|voicemail: where a finished recording is kept. */
export function recordingStatusWebhook(ctx: WebhookContext): RequestHandler {
  const { logger } = ctx.deps;
  return twimlHandler(logger, emptyTwiml, async (req, res) => {
    const form = recordingStatusSchema.safeParse(formParams(req.body));
    const { kind } = recordingKindQuerySchema.parse(req.query);
    if (!form.success) {
      logger.warn({ fields: Object.keys(zodFieldProblems(form.error)) }, 'malformed recording status callback ignored');
    } else if (form.data.RecordingStatus === 'completed') {
      const recording = { sid: form.data.RecordingSid, url: form.data.RecordingUrl };
      if (kind === 'call') {
        await recordCallRecording(ctx.runtime, form.data.CallSid, recording);
      } else {
        const call = await findConnectedCall(ctx.runtime, form.data.CallSid);
        if (call) await recordVoicemail(ctx.runtime, call, { ...recording, durationSeconds: form.data.RecordingDuration ?? null });
      }
    } else {
      logger.warn({ callSid: form.data.CallSid, kind, status: form.data.RecordingStatus }, 'recording not available');
    }
    sendTwiml(res, emptyTwiml());
  });
}
