import type { APPEAL_OUTCOMES, REVIEW_OUTCOMES } from '../../db/schema/strategies.js';
import type { Config } from '../config/env.js';
import type { ContactStrategy } from '../core/contact-strategy.js';
import type { Customer, Language } from '../core/customer.js';

/**
 * The written notice of a contact strategy (R6) as structured content: sections of
 * paragraphs and lists, every value already worded and formatted in the customer's
 * language. Renderers (HTML, plain text) only lay it out; they never add words.
 */
export interface Letter {
  language: Language;
  /** The document's title, for the browser tab and the printed file name. */
  title: string;
  /** For staff, not the customer: set when the strategy is not (or no longer) authorised. */
  staffNote: string | null;
  sender: string;
  date: string;
  recipient: { name: string; referenceLine: string | null };
  subject: string;
  salutation: string;
  opening: string[];
  sections: LetterSection[];
  closing: string[];
  signOff: string;
  signature: string;
}

export const LETTER_SECTION_IDS = ['reason', 'warnings', 'restrictions', 'duration', 'fresh-matters', 'contact', 'history'] as const;
export type LetterSectionId = (typeof LETTER_SECTION_IDS)[number];

export interface LetterSection {
  id: LetterSectionId;
  heading: string;
  blocks: LetterBlock[];
}

export type LetterBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'list'; items: LetterListItem[] };

export interface LetterListItem {
  text: string;
  /** One level of detail under the item (e.g. the call windows of a call-windows restriction). */
  items?: string[];
}

export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** A customer's challenge to the strategy, as the letter history shows it. */
export interface LetterAppeal {
  receivedAt: Date;
  summary: string;
  outcome: AppealOutcome | null;
  reasons: string | null;
  decidedAt: Date | null;
}

export interface LetterReview {
  reviewedAt: Date;
  outcome: ReviewOutcome;
}

export interface LetterHistory {
  appeals: LetterAppeal[];
  reviews: LetterReview[];
}

export type LetterSettings = Pick<
  Config,
  'organisationName' | 'alternativeContact' | 'alternativeContactWelsh' | 'timeZone' | 'emergencyRoute'
>;

/** Everything the letter is drafted from; the builder reads nothing else. */
export interface LetterInput {
  strategy: ContactStrategy;
  customer: Pick<Customer, 'name' | 'reference' | 'language'>;
  /** Display names of staff by id (the SPOC and deputy). */
  staffNames: ReadonlyMap<string, string>;
  history: LetterHistory;
  settings: LetterSettings;
  now: Date;
}
