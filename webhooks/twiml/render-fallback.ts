import type { Route } from '../../src/core/call-decision/call-decision.js';
import { messagesFor } from '../../src/core/messages.js';
import { VOICES } from './speak.js';
import { element, twimlDocument } from './twiml-writer.js';
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

const EMPTY = twimlDocument([]);

/** An empty but valid answer, for callbacks that need none. */
export function emptyTwiml(): string {
  return EMPTY;
}

/**
 * For a step of a call whose decision is lost: never the default route (a SPOC call must not leak to it).
 * The message as written, in English, at normal speed: nothing is known about the caller.
 */
export function renderPoliteGoodbye(): string {
  return twimlDocument([element('Say', VOICES['en-GB'], messagesFor('en-GB').nobodyAvailable), element('Hangup', {})]);
}
