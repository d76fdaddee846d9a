import twilio from 'twilio';
import type { RefuseDecision } from '../../src/core/call-decision/call-decision.js';
import { speak } from './speak.js';
import type { WebhookUrls } from './webhook-urls.js';

const { VoiceResponse } = twilio.twiml;
const KEY_WAIT_SECONDS = 8;

/** The refusal message (how they CAN still make contact), the emergency key if allowed, then goodbye. */
export function renderRefuse(decision: RefuseDecision, urls: WebhookUrls): string {
  const response = new VoiceResponse();
  speak(response, decision.message, decision.speech);
  if (decision.emergency) {
    // Silence or any other key falls through to the goodbye below.
    const gather = response.gather({ action: urls.emergency, method: 'POST', numDigits: 1, timeout: KEY_WAIT_SECONDS, input: ['dtmf'] });
    speak(gather, [decision.emergency.prompt], decision.speech);
  }
  speak(response, [decision.goodbye], decision.speech);
  response.hangup();
  return response.toString();
}

/** The key a barred caller pressed: the emergency line for the right key, a polite goodbye otherwise. */
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

/** After the emergency call ended or failed. */
export function renderEmergencyEnded(decision: RefuseDecision): string {
  const response = new VoiceResponse();
  speak(response, [decision.emergency?.goodbye ?? decision.goodbye], decision.speech);
  response.hangup();
  return response.toString();
}
