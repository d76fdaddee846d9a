import twilio from 'twilio';
import type { ConnectDecision, Route } from '../../src/core/call-decision/call-decision.js';
import { speak } from './speak.js';
import type { WebhookUrls } from './webhook-urls.js';

const { VoiceResponse } = twilio.twiml;

/** Ring time for a named member of staff before the deputy or voicemail takes over. */
export const SPOC_RING_SECONDS = 20;
export const ROUTE_RING_SECONDS = 30;

/** The first answer to a call that may go through: announcements, then the first route. */
export function renderConnect(decision: ConnectDecision, urls: WebhookUrls): string {
  const response = new VoiceResponse();
  speak(response, decision.announcements, decision.speech);
  addRoute(response, decision, 0, urls);
  return response.toString();
}

/** After a <Dial> to route `step - 1` ended unanswered: the next route, then voicemail or goodbye. */
export function renderNextRoute(decision: ConnectDecision, step: number, urls: WebhookUrls): string {
  const response = new VoiceResponse();
  addRoute(response, decision, step, urls);
  return response.toString();
}

function addRoute(response: twilio.twiml.VoiceResponse, decision: ConnectDecision, step: number, urls: WebhookUrls): void {
  const route = decision.routes[step];
  if (!route) {
    addNoMoreRoutes(response, decision, urls);
    return;
  }
  if (route.kind === 'queue') {
    // A queue is joined, not dialled: record from here; the agent's own <Dial><Queue> sets any time limit.
    if (decision.record) response.start().recording({ channels: 'dual', recordingStatusCallback: urls.recordingStatus('call') });
    response.enqueue({}, route.name);
    return;
  }
  const dial = response.dial({
    action: urls.dialResult(step + 1),
    method: 'POST',
    answerOnBridge: true,
    timeout: decision.spoc ? SPOC_RING_SECONDS : ROUTE_RING_SECONDS,
    ...(decision.timeLimitSeconds ? { timeLimit: decision.timeLimitSeconds } : {}),
    ...(decision.record
      ? { record: 'record-from-answer-dual' as const, recordingStatusCallback: urls.recordingStatus('call'), recordingStatusCallbackMethod: 'POST' as const }
      : {}),
  });
  addNoun(dial, route);
}

function addNoun(dial: ReturnType<twilio.twiml.VoiceResponse['dial']>, route: Exclude<Route, { kind: 'queue' }>): void {
  if (route.kind === 'number') dial.number(route.number);
  else dial.client(route.identity);
}

/** Every route tried: a SPOC's voicemail (never the default route), or a polite goodbye. */
function addNoMoreRoutes(response: twilio.twiml.VoiceResponse, decision: ConnectDecision, urls: WebhookUrls): void {
  if (decision.voicemailFor) {
    speak(response, [decision.voicemailFor.prompt], decision.speech);
    response.record({
      action: urls.voicemail,
      method: 'POST',
      maxLength: 180,
      playBeep: true,
      finishOnKey: '#',
      recordingStatusCallback: urls.recordingStatus('voicemail'),
      recordingStatusCallbackMethod: 'POST',
    });
    speak(response, [decision.voicemailFor.goodbye], decision.speech);
  } else {
    speak(response, [decision.unavailable], decision.speech);
  }
  response.hangup();
}

/** After the voicemail was recorded. */
export function renderVoicemailSaved(decision: ConnectDecision): string {
  const response = new VoiceResponse();
  if (decision.voicemailFor) speak(response, [decision.voicemailFor.goodbye], decision.speech);
  response.hangup();
  return response.toString();
}

/** A call that reached someone has ended. */
export function renderHangup(): string {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
}
