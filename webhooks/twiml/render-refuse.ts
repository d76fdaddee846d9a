import type { RefuseDecision } from '../../src/core/call-decision/call-decision.js';
import { dialNoun } from './render-connect.js';
import { sayThenHangUp, speak } from './speak.js';
import { element, twimlDocument } from './twiml-writer.js';
import type { WebhookUrls } from './webhook-urls.js';

const KEY_WAIT_SECONDS = 8;

/** The refusal message (how they CAN still make contact), the emergency key if allowed, then goodbye. */
export function renderRefuse(decision: RefuseDecision, urls: WebhookUrls): string {
  const message = speak(decision.message, decision.speech);
  // Silence or any other key falls through to the goodbye after the <Gather>.
  const emergencyKey = decision.emergency
    ? [
        element(
          'Gather',
          { action: urls.emergency, method: 'POST', numDigits: 1, timeout: KEY_WAIT_SECONDS, input: ['dtmf'] },
          speak([decision.emergency.prompt], decision.speech),
        ),
      ]
    : [];
  return twimlDocument([
    ...message,
    ...emergencyKey,
    ...sayThenHangUp(decision.goodbye, decision.speech),
  ]);
}

/** The key a barred caller pressed: the emergency line for the right key, a polite goodbye otherwise. */
export function renderEmergencyChoice(decision: RefuseDecision, digits: string, urls: WebhookUrls): { twiml: string; bypass: boolean } {
  const emergency = decision.emergency;
  if (!emergency || digits !== emergency.key || emergency.route.kind === 'queue') {
    return { twiml: twimlDocument(sayThenHangUp(decision.goodbye, decision.speech)), bypass: false };
  }
  const connecting = speak([emergency.connecting], decision.speech);
  const dial = element('Dial', { action: urls.emergencyResult, method: 'POST', answerOnBridge: true }, [dialNoun(emergency.route)]);
  return { twiml: twimlDocument([...connecting, dial]), bypass: true };
}

/** After the emergency call ended or failed. */
export function renderEmergencyEnded(decision: RefuseDecision): string {
  return twimlDocument(sayThenHangUp(decision.emergency?.goodbye ?? decision.goodbye, decision.speech));
}
