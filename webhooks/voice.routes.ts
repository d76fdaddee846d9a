import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../src/app-deps.js';
import type { CallRuntime } from '../src/calls/call-runtime.js';
import { maskPhoneNumber } from '../src/core/phone-number.js';
import { callStatusWebhook, recordingStatusWebhook } from './call-status.webhook.js';
import { dialResultWebhook, emergencyKeyWebhook, emergencyResultWebhook, voicemailWebhook } from './call-steps.webhook.js';
import { IdempotentAnswers } from './idempotent-answers.js';
import { incomingCallWebhook } from './incoming-call.webhook.js';
import { hasTwilioSignature } from './twilio-signature.js';
import { WEBHOOK_PATHS } from './twilio.protocol.js';
import { twimlAnswer, writeTwiml, type VoiceWebhook } from './twiml-answer.js';
import { readWebhookForm, WebhookBodyError } from './webhook-form.js';
import { createWebhookContext } from './webhook-context.js';

const PREFIX = '/webhooks/voice';

export interface VoiceWebhookRoutes {
  /** Whether a request URL is a voice webhook's (everything under /webhooks/voice). */
  matches(url: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** "POST /webhooks/voice/incoming", ... */
  routes: readonly string[];
}

/**
 * Twilio's voice webhooks: form posts, signature-checked, always answered with TwiML. They are the
 * busiest path by far and need nothing of express, so they are served by node's HTTP server directly
 * (express's routing and response helpers cost several times the whole of a bare node handler).
 */
export function voiceWebhookRoutes(deps: AppDeps, runtime: CallRuntime): VoiceWebhookRoutes {
  const ctx = createWebhookContext(deps, runtime);
  const { logger, config } = deps;
  const webhooks = new Map<string, VoiceWebhook>([
    [WEBHOOK_PATHS.incoming, incomingCallWebhook(ctx)],
    [WEBHOOK_PATHS.status, callStatusWebhook(ctx)],
    [WEBHOOK_PATHS.dialResult, dialResultWebhook(ctx)],
    [WEBHOOK_PATHS.emergency, emergencyKeyWebhook(ctx)],
    [WEBHOOK_PATHS.emergencyResult, emergencyResultWebhook(ctx)],
    [WEBHOOK_PATHS.voicemail, voicemailWebhook(ctx)],
    [WEBHOOK_PATHS.recordingStatus, recordingStatusWebhook(ctx)],
  ]);
  const idempotent = new IdempotentAnswers();

  const plain = (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  async function serve(req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> {
    const url = req.url ?? path;
    let params: Record<string, string>;
    try {
      params = await readWebhookForm(req);
    } catch (err) {
      // A body that cannot even be read was not sent by Twilio; still answer TwiML, as Twilio expects of this URL.
      logger.warn({ err: err instanceof WebhookBodyError ? err.message : err, path }, 'unreadable webhook body');
      res.setHeader('Connection', 'close');
      writeTwiml(res, { status: 400, twiml: ctx.defaultRouteTwiml() });
      return;
    }
    const signature = req.headers['x-twilio-signature'];
    if (!hasTwilioSignature(config.twilio.authToken, config.publicUrl, url, params, typeof signature === 'string' ? signature : undefined)) {
      const from = params.From ?? '';
      logger.warn(
        { path, signature: signature ? 'wrong' : 'missing', caller: /\d{7}/.test(from) ? maskPhoneNumber(from) : 'none', ip: req.socket.remoteAddress },
        'rejected a webhook without a valid Twilio signature',
      );
      plain(res, 403, 'Forbidden: invalid or missing X-Twilio-Signature');
      return;
    }
    const webhook = webhooks.get(path);
    if (!webhook) return plain(res, 404, 'Not Found');
    if (req.method !== 'POST') return plain(res, 405, 'Method Not Allowed: Twilio posts its webhooks', { Allow: 'POST' });
    const token = req.headers['i-twilio-idempotency-token'];
    const answer = await idempotent.answer(path, typeof token === 'string' ? token : undefined, () => webhook({ params, query: new URLSearchParams(search) }));
    writeTwiml(res, answer);
  }

  return {
    matches: (url) => url.length >= PREFIX.length && url.slice(0, PREFIX.length).toLowerCase() === PREFIX && (url.length === PREFIX.length || '/?'.includes(url[PREFIX.length]!)),
    routes: [...webhooks.keys()].map((path) => `POST ${path}`).sort(),
    handle(req, res) {
      const url = req.url ?? '';
      const queryAt = url.indexOf('?');
      const rawPath = (queryAt === -1 ? url : url.slice(0, queryAt)).toLowerCase();
      // As express matched them: case-insensitive, a trailing slash allowed.
      const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
      const name = path.slice(PREFIX.length + 1);
      const stop = runtime.metrics.webhookSeconds.startTimer({ webhook: webhooks.has(path) ? name : 'other' });
      serve(req, res, path, queryAt === -1 ? '' : url.slice(queryAt + 1)).then(() => stop(), (err: unknown) => {
        // Only a bug in the lines above gets here: the webhooks themselves never throw.
        logger.error({ err, path }, 'webhook routing failed; answered with the default route');
        if (!res.headersSent) writeTwiml(res, twimlAnswer(ctx.defaultRouteTwiml()));
        stop();
      });
    },
  };
}
