import twilio from 'twilio';
import type { ConnectDecision, RefuseDecision, Route, Speech } from '../../src/core/call-decision/call-decision.js';
import { messagesFor } from '../../src/core/messages.js';
import { webhookUrls, type WebhookUrls } from '../../webhooks/twiml/webhook-urls.js';

// The renderers as they were when they built TwiML with twilio's VoiceResponse (xmlbuilder), kept verbatim
// as the reference that the string writer must match byte for byte. Do not "improve" this file.

type VoiceResponse = twilio.twiml.VoiceResponse;
type SayParent = Pick<VoiceResponse, 'say'>;
const { VoiceResponse } = twilio.twiml;

const SPOC_RING_SECONDS = 20;
const ROUTE_RING_SECONDS = 30;
const KEY_WAIT_SECONDS = 8;

const VOICES = {
  'en-GB': { voice: 'Polly.Amy', language: 'en-GB' },
  'cy-GB': { voice: 'Polly.Gwyneth', language: 'cy-GB' },
} as const;

function speak(parent: SayParent & Partial<Pick<VoiceResponse, 'pause'>>, sentences: readonly string[], speech: Speech): void {
  const attributes = VOICES[speech.language];
  sentences.map(capitalised).forEach((sentence, index) => {
    if (!speech.slow) {
      parent.say(attributes, sentence);
      return;
    }
    parent.say(attributes, '').prosody({ rate: 'slow' }, sentence);
    if (parent.pause && index < sentences.length - 1) parent.pause({ length: 1 });
  });
}

function capitalised(sentence: string): string {
  return sentence.charAt(0).toLocaleUpperCase('en-GB') + sentence.slice(1);
}

export function renderConnect(decision: ConnectDecision, urls: WebhookUrls): string {
  const response = new VoiceResponse();
  speak(response, decision.announcements, decision.speech);
  addRoute(response, decision, 0, urls);
  return response.toString();
}

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

export function renderVoicemailSaved(decision: ConnectDecision): string {
  const response = new VoiceResponse();
  if (decision.voicemailFor) speak(response, [decision.voicemailFor.goodbye], decision.speech);
  response.hangup();
  return response.toString();
}

export function renderHangup(): string {
  const response = new VoiceResponse();
  response.hangup();
  return response.toString();
}

export function renderRefuse(decision: RefuseDecision, urls: WebhookUrls): string {
  const response = new VoiceResponse();
  speak(response, decision.message, decision.speech);
  if (decision.emergency) {
    const gather = response.gather({ action: urls.emergency, method: 'POST', numDigits: 1, timeout: KEY_WAIT_SECONDS, input: ['dtmf'] });
    speak(gather, [decision.emergency.prompt], decision.speech);
  }
  speak(response, [decision.goodbye], decision.speech);
  response.hangup();
  return response.toString();
}

export function renderEmergencyChoice(decision: RefuseDecision, digits: string, urls: WebhookUrls): { twiml: string; bypass: boolean } {
  const response = new VoiceResponse();
  const emergency = decision.emergency;
  if (!emergency || digits !== emergency.key || emergency.route.kind === 'queue') {
    speak(response, [decision.goodbye], decision.speech);
    response.hangup();
    return { twiml: response.toString(), bypass: false };
  }
  speak(response, [emergency.connecting], decision.speech);
  const dial = response.dial({ action: urls.emergencyResult, method: 'POST', answerOnBridge: true });
  if (emergency.route.kind === 'number') dial.number(emergency.route.number);
  else dial.client(emergency.route.identity);
  return { twiml: response.toString(), bypass: true };
}

export function renderEmergencyEnded(decision: RefuseDecision): string {
  const response = new VoiceResponse();
  speak(response, [decision.emergency?.goodbye ?? decision.goodbye], decision.speech);
  response.hangup();
  return response.toString();
}

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

export function emptyTwiml(): string {
  return new twilio.twiml.VoiceResponse().toString();
}

/** What webhooks/webhook-context.ts built for a call step whose decision is lost. */
export function renderPoliteGoodbye(): string {
  const goodbye = new twilio.twiml.VoiceResponse();
  goodbye.say({ voice: 'Polly.Amy', language: 'en-GB' }, messagesFor('en-GB').nobodyAvailable);
  goodbye.hangup();
  return goodbye.toString();
}
