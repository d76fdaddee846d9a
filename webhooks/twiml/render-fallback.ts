import twilio from 'twilio';
import type { Route } from '../../src/core/call-decision/call-decision.js';
import { messagesFor } from '../../src/core/messages.js';
import { webhookUrls } from './webhook-urls.js';
import { renderConnect } from './render-connect.js';

/**
 * The answer when nothing better is known (a malformed request, an unknown call on an action URL):
 * put the caller through to DEFAULT_ROUTE, as an ordinary call would be.
 */
export function renderDefaultRoute(defaultRoute: Route, publicUrl: string): string {
  return renderConnect(
    {
      kind: 'connect',
      routes: [defaultRoute],
      announcements: [],
      record: false,
      timeLimitSeconds: null,
      spoc: null,
      voicemailFor: null,
      unavailable: messagesFor('en-GB').nobodyAvailable,
      appliedStrategyIds: [],
      breaches: [],
      speech: { language: 'en-GB', slow: false },
      callerWithheld: false,
    },
    webhookUrls(publicUrl),
  );
}

/** An empty but valid answer, for callbacks that need none. */
export function emptyTwiml(): string {
  return new twilio.twiml.VoiceResponse().toString();
}
