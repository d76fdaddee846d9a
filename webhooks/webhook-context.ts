import twilio from 'twilio';
import type { AppDeps } from '../src/app-deps.js';
import type { CallRuntime } from '../src/calls/call-runtime.js';
import { messagesFor } from '../src/core/messages.js';
import { renderDefaultRoute } from './twiml/render-fallback.js';
import { webhookUrls, type WebhookUrls } from './twiml/webhook-urls.js';

export interface WebhookContext {
  deps: AppDeps;
  runtime: CallRuntime;
  urls: WebhookUrls;
  /** What an ordinary caller gets: DEFAULT_ROUTE. */
  defaultRouteTwiml: () => string;
  /** For a step of a call whose decision is lost: never the default route (a SPOC call must not leak to it). */
  politeGoodbyeTwiml: () => string;
}

export function createWebhookContext(deps: AppDeps, runtime: CallRuntime): WebhookContext {
  const goodbye = new twilio.twiml.VoiceResponse();
  goodbye.say({ voice: 'Polly.Amy', language: 'en-GB' }, messagesFor('en-GB').nobodyAvailable);
  goodbye.hangup();
  const goodbyeTwiml = goodbye.toString();
  const defaultTwiml = renderDefaultRoute(deps.config.defaultRoute, deps.config.publicUrl);
  return {
    deps,
    runtime,
    urls: webhookUrls(deps.config.publicUrl),
    defaultRouteTwiml: () => defaultTwiml,
    politeGoodbyeTwiml: () => goodbyeTwiml,
  };
}
