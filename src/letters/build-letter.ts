import { effectiveStatus, type StrategyStatus } from '../core/contact-strategy.js';
import { calendarDateOf, warningDateOf } from './letter-dates.js';
import { describeRestriction } from './letter-restrictions.js';
import { LETTER_TEXTS, type LetterTexts } from './letter-texts.js';
import type { Letter, LetterBlock, LetterInput, LetterSection } from './letter.js';

/** For staff only (always English): a letter that must not go out as it stands says so on its face. */
const STAFF_NOTES: Readonly<Record<StrategyStatus, string | null>> = {
  authorised: null,
  proposed: 'DRAFT: this contact strategy has not been authorised yet. Do not send this letter until it has been.',
  rejected: 'This contact strategy was rejected. Do not send this letter.',
  lifted: 'This contact strategy has been lifted. This letter is for the record only.',
  expired: 'This contact strategy has expired. This letter is for the record only.',
  lapsed: 'This contact strategy lapsed after a missed review. This letter is for the record only.',
};

const paragraph = (text: string): LetterBlock => ({ kind: 'paragraph', text });

/**
 * Drafts the written notice of a contact strategy (R6, R7, R8, R9) in the customer's language.
 * Pure: the same input always gives the same letter; dates are calendar days in the organisation's zone.
 */
export function buildLetter(input: LetterInput): Letter {
  const { strategy, customer, settings } = input;
  const texts = LETTER_TEXTS[customer.language];
  const zone = settings.timeZone;
  const date = (instant: Date) => texts.date(calendarDateOf(instant, zone));
  const org = settings.organisationName;

  const sections: LetterSection[] = [
    { id: 'reason', heading: texts.headings.reason, blocks: [paragraph(texts.reasonIntro), paragraph(strategy.reason)] },
    warningsSection(input, texts),
    {
      id: 'restrictions',
      heading: texts.headings.restrictions,
      blocks: [
        paragraph(texts.restrictionsIntro),
        { kind: 'list', items: strategy.restrictions.map((r) => describeRestriction(r, { texts, settings, staffNames: input.staffNames })) },
      ],
    },
    {
      id: 'duration',
      heading: texts.headings.duration,
      blocks: [
        paragraph(texts.appliesFrom(date(strategy.startsAt))),
        paragraph(strategy.endsAt === null ? texts.noEnd : texts.endsOn(date(strategy.endsAt))),
        // A review after the end would never happen, so it is only promised when it comes first.
        ...(strategy.endsAt === null || strategy.reviewAt < strategy.endsAt ? [paragraph(texts.reviewBy(date(strategy.reviewAt)))] : []),
      ],
    },
    {
      id: 'fresh-matters',
      heading: texts.headings['fresh-matters'],
      blocks: [paragraph(texts.freshMatter), paragraph(texts.rightToComplain), paragraph(texts.reconsideration)],
    },
    {
      id: 'contact',
      heading: texts.headings.contact,
      blocks: [
        paragraph((customer.language === 'cy-GB' ? settings.alternativeContactWelsh : null) ?? settings.alternativeContact),
        paragraph(texts.contactStillOpen),
      ],
    },
    ...historySection(input, texts, date),
  ];

  return {
    language: customer.language,
    title: texts.title(customer.name),
    staffNote: STAFF_NOTES[effectiveStatus(strategy, input.now)],
    sender: org,
    date: date(input.now),
    recipient: { name: customer.name, referenceLine: customer.reference ? texts.referenceLine(customer.reference) : null },
    subject: texts.subject,
    salutation: texts.salutation(customer.name),
    opening: [texts.opening(org)],
    sections,
    closing: [texts.otherFormats],
    signOff: texts.signOff,
    signature: org,
  };
}

function warningsSection({ strategy, settings }: LetterInput, texts: LetterTexts): LetterSection {
  const warnings = strategy.priorWarnings.map((w) => {
    const day = warningDateOf(w.date, settings.timeZone);
    return { text: texts.warning(day ? texts.date(day) : w.date, w.summary) };
  });
  return {
    id: 'warnings',
    heading: texts.headings.warnings,
    blocks: warnings.length === 0 ? [paragraph(texts.noWarnings)] : [paragraph(texts.warningsIntro), { kind: 'list', items: warnings }],
  };
}

/** Appeals and reviews, oldest first; no section at all when there are none. */
function historySection({ history }: LetterInput, texts: LetterTexts, date: (d: Date) => string): LetterSection[] {
  if (history.appeals.length === 0 && history.reviews.length === 0) return [];
  const blocks: LetterBlock[] = [paragraph(texts.historyIntro)];
  if (history.appeals.length > 0) {
    const appeals = [...history.appeals].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    blocks.push({ kind: 'subheading', text: texts.appealsHeading });
    blocks.push({
      kind: 'list',
      items: appeals.map((a) => ({
        text: texts.appeal(date(a.receivedAt), a.summary),
        items: [
          a.outcome === null
            ? texts.appealPending
            : texts.appealDecided(date(a.decidedAt ?? a.receivedAt), a.outcome, a.reasons),
        ],
      })),
    });
  }
  if (history.reviews.length > 0) {
    const reviews = [...history.reviews].sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    blocks.push({ kind: 'subheading', text: texts.reviewsHeading });
    blocks.push({ kind: 'list', items: reviews.map((r) => ({ text: texts.review(date(r.reviewedAt), r.outcome) })) });
  }
  return [{ id: 'history', heading: texts.headings.history, blocks }];
}
