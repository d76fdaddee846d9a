import { findConnectedCall, recordCallRecording, recordCallStatus, recordVoicemail } from '../src/calls/call-progress.service.js';
import { zodFieldProblems } from '../src/http/validate.js';
import { recordingKindQuerySchema, recordingStatusSchema, statusCallbackSchema, WEBHOOK_PATHS } from './twilio.protocol.js';
import { guarded, queryOf, twimlAnswer, type VoiceWebhook } from './twiml-answer.js';
import { emptyTwiml } from './twiml/render-fallback.js';
import type { WebhookContext } from './webhook-context.js';

/** POST /webhooks/voice/status: Twilio's call status callback (duplicates and reordering expected). */
export function callStatusWebhook(ctx: WebhookContext): VoiceWebhook {
  const { logger } = ctx.deps;
  return guarded(logger, WEBHOOK_PATHS.status, emptyTwiml, async ({ params }) => {
    const form = statusCallbackSchema.safeParse(params);
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
    return twimlAnswer(emptyTwiml());
  });
}

/** POST /webhooks/voice/recording-status?kind=call|voicemail: where a finished recording is kept. */
export function recordingStatusWebhook(ctx: WebhookContext): VoiceWebhook {
  const { logger } = ctx.deps;
  return guarded(logger, WEBHOOK_PATHS.recordingStatus, emptyTwiml, async (call) => {
    const form = recordingStatusSchema.safeParse(call.params);
    const { kind } = recordingKindQuerySchema.parse(queryOf(call));
    if (!form.success) {
      logger.warn({ fields: Object.keys(zodFieldProblems(form.error)) }, 'malformed recording status callback ignored');
    } else if (form.data.RecordingStatus === 'completed') {
      const recording = { sid: form.data.RecordingSid, url: form.data.RecordingUrl };
      if (kind === 'call') {
        await recordCallRecording(ctx.runtime, form.data.CallSid, recording);
      } else {
        const connected = await findConnectedCall(ctx.runtime, form.data.CallSid);
        if (connected) await recordVoicemail(ctx.runtime, connected, { ...recording, durationSeconds: form.data.RecordingDuration ?? null });
      }
    } else {
      logger.warn({ callSid: form.data.CallSid, kind, status: form.data.RecordingStatus }, 'recording not available');
    }
    return twimlAnswer(emptyTwiml());
  });
}
