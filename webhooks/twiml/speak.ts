import type { Speech } from '../../src/core/call-decision/call-decision.js';
import { element, type TwimlElement } from './twiml-writer.js';

/** Welsh is spoken only by Polly.Gwyneth; British English by Polly.Amy (both take SSML prosody). */
export const VOICES = {
  'en-GB': { voice: 'Polly.Amy', language: 'en-GB' },
  'cy-GB': { voice: 'Polly.Gwyneth', language: 'cy-GB' },
} as const;

/** Speaks sentences in the caller's language; slower, with pauses, when their communication needs ask for it (R13). */
export function speak(sentences: readonly string[], speech: Speech): TwimlElement[] {
  const voice = VOICES[speech.language];
  const spoken: TwimlElement[] = [];
  sentences.map(capitalised).forEach((sentence, index) => {
    if (!speech.slow) {
      spoken.push(element('Say', voice, sentence));
      return;
    }
    spoken.push(element('Say', voice, [element('prosody', { rate: 'slow' }, sentence)]));
    if (index < sentences.length - 1) spoken.push(element('Pause', { length: 1 }));
  });
  return spoken;
}

/** The last words of a call, then <Hangup>. */
export function sayThenHangUp(sentence: string, speech: Speech): TwimlElement[] {
  return [...speak([sentence], speech), element('Hangup', {})];
}

/** Messages may open with the organisation's name as configured ("the Ombudsman"); a spoken sentence starts with a capital. */
function capitalised(sentence: string): string {
  return sentence.charAt(0).toLocaleUpperCase('en-GB') + sentence.slice(1);
}
