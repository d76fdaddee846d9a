import express, { Router, type ErrorRequestHandler } from 'express';
import type { AppDeps } from '../src/app-deps.js';
import type { CallRuntime } from '../src/calls/call-runtime.js';
import { callStatusWebhook, recordingStatusWebhook } from './call-status.webhook.js';
import { dialResultWebhook, emergencyKeyWebhook, emergencyResultWebhook, voicemailWebhook } from './call-steps.webhook.js';
import { incomingCallWebhook } from './incoming-call.webhook.js';
import { requireTwilioSignature } from './twilio-signature.middleware.js';
import { honourIdempotencyToken } from './idempotency.middleware.js';
import { WEBHOOK_PATHS } from './twilio.protocol.js';
import { createWebhookContext } from './webhook-context.js';

const local = (path: string) => path.replace('/webhooks/voice', '');
const KNOWN_WEBHOOKS = new Set(Object.values(WEBHOOK_PATHS).map((path) => local(path).slice(1)));

/** Twilio's voice webhooks, mounted at /webhooks/voice: form posts, signature-checked, always answered with TwiML. */
export function voiceWebhookRoutes(deps: AppDeps, runtime: CallRuntime): Router {
  const ctx = createWebhookContext(deps, runtime);
  const router = Router();
  router.use((req, res, next) => {
    // Only known webhook names become labels, so unsigned requests to made-up paths cannot grow the series.
    const name = req.path.replace(/^\//, '');
    const stop = runtime.metrics.webhookSeconds.startTimer({ webhook: KNOWN_WEBHOOKS.has(name) ? name : 'other' });
    res.once('finish', () => stop());
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  router.use(requireTwilioSignature(deps.config, deps.logger));
  router.use(honourIdempotencyToken());
  router.post(local(WEBHOOK_PATHS.incoming), incomingCallWebhook(ctx));
  router.post(local(WEBHOOK_PATHS.status), callStatusWebhook(ctx));
  router.post(local(WEBHOOK_PATHS.dialResult), dialResultWebhook(ctx));
  router.post(local(WEBHOOK_PATHS.emergency), emergencyKeyWebhook(ctx));
  router.post(local(WEBHOOK_PATHS.emergencyResult), emergencyResultWebhook(ctx));
  router.post(local(WEBHOOK_PATHS.voicemail), voicemailWebhook(ctx));
  router.post(local(WEBHOOK_PATHS.recordingStatus), recordingStatusWebhook(ctx));
  // A body that cannot even be parsed was not sent by Twilio; still answer TwiML, as Twilio expects of this URL.
  router.use(((err, _req, res, _next) => {
    deps.logger.warn({ err }, 'unreadable webhook body');
    res.status(400).type('text/xml').send(ctx.defaultRouteTwiml());
  }) satisfies ErrorRequestHandler);
  return router;
}
