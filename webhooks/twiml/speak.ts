import type twilio from 'twilio';
import type { Speech } from '../../src/core/call-decision/call-decision.js';

type VoiceResponse = twilio.twiml.VoiceResponse;
type SayParent = Pick<VoiceResponse, 'say'>;

/** Welsh is spoken only by Polly.Gwyneth; British English by Polly.Amy (both take SSML prosody). */
const VOICES = {
  'en-GB': { voice: 'Polly.Amy', language: 'en-GB' },
  'cy-GB': { voice: 'Polly.Gwyneth', language: 'cy-GB' },
} as const;

/** Speaks sentences in the caller's language; slower, with pauses, when their communication needs ask for it (R13). */
export function speak(parent: SayParent & Partial<Pick<VoiceResponse, 'pause'>>, sentences: readonly string[], speech: Speech): void {
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

/** Messages may open with the organisation's name as configured ("the Ombudsman"); a spoken sentence starts with a capital. */
function capitalised(sentence: string): string {
  return sentence.charAt(0).toLocaleUpperCase('en-GB') + sentence.slice(1);
}
