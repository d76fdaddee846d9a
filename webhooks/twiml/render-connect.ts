import type { ConnectDecision, Route } from '../../src/core/call-decision/call-decision.js';
import { sayThenHangUp, speak } from './speak.js';
import { element, twimlDocument, type TwimlElement } from './twiml-writer.js';
import type { WebhookUrls } from './webhook-urls.js';

/** Ring time for a named member of staff before the deputy or voicemail takes over. */
export const SPOC_RING_SECONDS = 20;
export const ROUTE_RING_SECONDS = 30;

/** The first answer to a call that may go through: announcements, then the first route. */
export function renderConnect(decision: ConnectDecision, urls: WebhookUrls): string {
  return twimlDocument([...speak(decision.announcements, decision.speech), ...routeVerbs(decision, 0, urls)]);
}

/** After a <Dial> to route `step - 1` ended unanswered: the next route, then voicemail or goodbye. */
export function renderNextRoute(decision: ConnectDecision, step: number, urls: WebhookUrls): string {
  return twimlDocument(routeVerbs(decision, step, urls));
}

function routeVerbs(decision: ConnectDecision, step: number, urls: WebhookUrls): TwimlElement[] {
  const route = decision.routes[step];
  if (!route) return noMoreRoutes(decision, urls);
  if (route.kind === 'queue') {
    // A queue is joined, not dialled: record from here; the agent's own <Dial><Queue> sets any time limit.
    const enqueue = element('Enqueue', {}, route.name);
    if (!decision.record) return [enqueue];
    return [element('Start', {}, [element('Recording', { channels: 'dual', recordingStatusCallback: urls.recordingStatus('call') })]), enqueue];
  }
  const dial = element(
    'Dial',
    {
      action: urls.dialResult(step + 1),
      method: 'POST',
      answerOnBridge: true,
      timeout: decision.spoc ? SPOC_RING_SECONDS : ROUTE_RING_SECONDS,
      ...(decision.timeLimitSeconds ? { timeLimit: decision.timeLimitSeconds } : {}),
      ...(decision.record
        ? { record: 'record-from-answer-dual', recordingStatusCallback: urls.recordingStatus('call'), recordingStatusCallbackMethod: 'POST' }
        : {}),
    },
    [dialNoun(route)],
  );
  return [dial];
}

/** The <Number> or <Client> inside a <Dial>. */
export function dialNoun(route: Exclude<Route, { kind: 'queue' }>): TwimlElement {
  return route.kind === 'number' ? element('Number', {}, route.number) : element('Client', {}, route.identity);
}

/** Every route tried: a SPOC's voicemail (never the default route), or a polite goodbye. */
function noMoreRoutes(decision: ConnectDecision, urls: WebhookUrls): TwimlElement[] {
  if (!decision.voicemailFor) return sayThenHangUp(decision.unavailable, decision.speech);
  return [
    ...speak([decision.voicemailFor.prompt], decision.speech),
    element('Record', {
      action: urls.voicemail,
      method: 'POST',
      maxLength: 180,
      playBeep: true,
      finishOnKey: '#',
      recordingStatusCallback: urls.recordingStatus('voicemail'),
      recordingStatusCallbackMethod: 'POST',
    }),
    ...sayThenHangUp(decision.voicemailFor.goodbye, decision.speech),
  ];
}

const HANGUP = twimlDocument([element('Hangup', {})]);

/** After the voicemail was recorded. */
export function renderVoicemailSaved(decision: ConnectDecision): string {
  return decision.voicemailFor ? twimlDocument(sayThenHangUp(decision.voicemailFor.goodbye, decision.speech)) : HANGUP;
}

/** A call that reached someone has ended. */
export function renderHangup(): string {
  return HANGUP;
}
