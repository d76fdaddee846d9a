import type { DecisionCustomer, Speech } from './call-decision.js';

/**
 * Word beginnings in a customer's communication needs that call for slower, clearer speech (R13):
 * asking for it outright, hearing loss, and conditions that slow the processing of speech.
 * Matched at the start of a word, case-insensitively, so "slowly" and "arafach" match but
 * "carafán" does not. A false positive only slows the voice, so the list errs on inclusion.
 */
export const SLOW_SPEECH_KEYWORDS: readonly string[] = [
  // English
  'slow', 'clear', 'hearing', 'hard of hearing', 'deaf', 'learning disab', 'learning difficult',
  'processing', 'dyslexi', 'cognitive', 'memory', 'dementia', 'aphasia', 'stroke', 'brain injur',
  // Welsh: araf (slow), eglur (clear), clyw (hearing), byddar (deaf), anabledd/anawsterau dysgu
  // (learning disability/difficulties), prosesu (processing), dyslecsia, dementia, strôc
  'araf', 'eglur', 'clyw', 'byddar', 'anabledd dysgu', 'anawsterau dysgu', 'anhawster dysgu', 'prosesu',
  'dyslecsia', 'strôc',
];

const pattern = new RegExp(`(^|[^\\p{L}])(${SLOW_SPEECH_KEYWORDS.join('|')})`, 'iu');

export function needsSlowSpeech(communicationNeeds: string | null): boolean {
  return communicationNeeds !== null && pattern.test(communicationNeeds);
}

export function speechFor(customer: DecisionCustomer | null): Speech {
  return { language: customer?.language ?? 'en-GB', slow: needsSlowSpeech(customer?.communicationNeeds ?? null) };
}
