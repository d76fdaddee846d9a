import type { AppDeps } from '../src/app-deps.js';
import type { CallRuntime } from '../src/calls/call-runtime.js';
import { renderDefaultRoute, renderPoliteGoodbye } from './twiml/render-fallback.js';
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
  const goodbyeTwiml = renderPoliteGoodbye();
  const defaultTwiml = renderDefaultRoute(deps.config.defaultRoute, deps.config.publicUrl);
  return {
    deps,
    runtime,
    urls: webhookUrls(deps.config.publicUrl),
    defaultRouteTwiml: () => defaultTwiml,
    politeGoodbyeTwiml: () => goodbyeTwiml,
  };
}
