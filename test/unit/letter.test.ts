import { describe, expect, it } from 'vitest';
import type { ContactStrategy } from '../../src/core/contact-strategy.js';
import type { Language } from '../../src/core/customer.js';
import { buildLetter } from '../../src/letters/build-letter.js';
import type { Letter, LetterInput, LetterSectionId } from '../../src/letters/letter.js';
import { LETTER_TEXTS } from '../../src/letters/letter-texts.js';
import { renderLetterHtml } from '../../src/letters/render-html.js';
import { renderLetterText } from '../../src/letters/render-text.js';

const SPOC = '11111111-1111-4111-8111-111111111111';
const DEPUTY = '22222222-2222-4222-8222-222222222222';
const ALT_EN = 'You can still write to us at 1 Example Street, or email casework@example.org.';
const ALT_CY = 'Gallwch ysgrifennu atom o hyd yn 1 Example Street, neu e-bostio casework@example.org.';

/** A strategy with three restriction types (SPOC with deputy, frequency, call windows) and two prior warnings. */
function strategyFixture(over: Partial<ContactStrategy> = {}): ContactStrategy {
  const at = new Date('2026-05-14T08:00:00Z');
  return {
    id: '33333333-3333-4333-8333-333333333333',
    customerId: '44444444-4444-4444-8444-444444444444',
    status: 'authorised',
    reason: 'You called our office 40 times in March about a complaint we closed in January.',
    priorWarnings: [
      { date: '2026-03-02', summary: 'Warned on the phone about the number of calls.' },
      { date: '2026-04-15T23:30:00Z', summary: 'Warning letter about abusive language.' },
    ],
    restrictions: [
      { type: 'spoc', staffId: SPOC, deputyStaffId: DEPUTY },
      { type: 'frequency', maxCalls: 2, per: 'week' },
      {
        type: 'callWindows',
        windows: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '10:00', to: '12:00' },
          { days: ['sat', 'mon'], from: '09:00', to: '09:30' },
        ],
      },
    ],
    allContact: false,
    urgent: false,
    startsAt: at,
    endsAt: null,
    reviewAt: new Date('2026-08-14T08:00:00Z'),
    proposedBy: SPOC,
    proposedAt: at,
    authorisedBy: DEPUTY,
    authorisedAt: at,
    authorisationRationale: 'Meets the policy.',
    rejectedBy: null,
    rejectedAt: null,
    rejectionReason: null,
    notification: null,
    liftedBy: null,
    liftedAt: null,
    liftReason: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

function letterInput(language: Language, over: Partial<LetterInput> = {}): LetterInput {
  return {
    strategy: strategyFixture(),
    customer: { name: 'Pat Persistent', reference: 'CUS-0042', language },
    staffNames: new Map([
      [SPOC, 'Alex Morgan'],
      [DEPUTY, 'Sam Jones'],
    ]),
    history: { appeals: [], reviews: [] },
    settings: {
      organisationName: 'Example Ombudsman',
      alternativeContact: ALT_EN,
      alternativeContactWelsh: ALT_CY,
      timeZone: 'Europe/London',
      emergencyRoute: '+442079460999',
    },
    now: new Date('2026-05-14T09:00:00Z'),
    ...over,
  };
}

/** The words of one section, blocks and list items joined by newlines. */
function sectionText(letter: Letter, id: LetterSectionId): string {
  const section = letter.sections.find((s) => s.id === id);
  if (!section) throw new Error(`no section ${id}`);
  return section.blocks
    .flatMap((b) => (b.kind === 'list' ? b.items.flatMap((i) => [i.text, ...(i.items ?? [])]) : [b.text]))
    .join('\n');
}

const HISTORY: LetterInput['history'] = {
  appeals: [
    {
      receivedAt: new Date('2026-06-20T10:00:00Z'),
      summary: 'Asks for the weekly limit to be removed.',
      outcome: null,
      reasons: null,
      decidedAt: null,
    },
    {
      receivedAt: new Date('2026-06-01T10:00:00Z'),
      summary: 'Says the calls were about a new complaint.',
      outcome: 'uphold',
      reasons: 'The calls were about the closed complaint.',
      decidedAt: new Date('2026-06-10T10:00:00Z'),
    },
  ],
  reviews: [{ reviewedAt: new Date('2026-07-01T10:00:00Z'), outcome: 'continue' }],
};

describe('the notification letter in English (R6)', () => {
  const letter = buildLetter(letterInput('en-GB'));

  it('is addressed to the customer, dated today in the organisation zone, from the organisation', () => {
    expect(letter.language).toBe('en-GB');
    expect(letter.recipient).toEqual({ name: 'Pat Persistent', referenceLine: 'Our reference: CUS-0042' });
    expect(letter.salutation).toBe('Dear Pat Persistent,');
    expect(letter.date).toBe('14 May 2026');
    expect(letter.sender).toBe('Example Ombudsman');
    expect(letter.signature).toBe('Example Ombudsman');
    expect(letter.signOff).toBe('Yours sincerely,');
    expect(letter.staffNote).toBeNull();
  });

  it('gives the reason for the strategy', () => {
    expect(sectionText(letter, 'reason')).toContain('You called our office 40 times in March about a complaint we closed in January.');
  });

  it('lists the earlier warnings with their dates (a date and time shown as the day it was in London)', () => {
    const text = sectionText(letter, 'warnings');
    expect(text).toContain('2 March 2026: Warned on the phone about the number of calls.');
    expect(text).toContain('16 April 2026: Warning letter about abusive language.');
  });

  it('names the single point of contact and the deputy', () => {
    expect(sectionText(letter, 'restrictions')).toContain(
      'Only Alex Morgan, a named member of our staff, will take your calls. If Alex Morgan is not available, Sam Jones will take the call instead',
    );
  });

  it('states the call frequency limit', () => {
    expect(sectionText(letter, 'restrictions')).toContain('We will accept no more than 2 calls a week from you.');
    expect(sectionText(letter, 'restrictions')).toContain('A week runs from Monday to Sunday');
  });

  it('lists the call windows with days, times and time zone', () => {
    const text = sectionText(letter, 'restrictions');
    expect(text).toContain('We will accept calls from you only at these times');
    expect(text).toContain('Monday to Friday, from 10:00 to 12:00');
    expect(text).toContain('Monday and Saturday, from 09:00 to 09:30');
    expect(text).toContain('All times are UK time (Europe/London).');
  });

  it('says when the strategy starts and, with no end, when it will be reviewed', () => {
    const text = sectionText(letter, 'duration');
    expect(text).toContain('The restrictions apply from 14 May 2026.');
    expect(text).toContain('They have no fixed end date.');
    expect(text).toContain('We will review them by 14 August 2026');
  });

  it('gives the end date when there is one, and the review only when it comes first', () => {
    const ending = (endsAt: string) =>
      sectionText(buildLetter(letterInput('en-GB', { strategy: strategyFixture({ endsAt: new Date(endsAt) }) })), 'duration');
    expect(ending('2026-11-30T12:00:00Z')).toContain('They end on 30 November 2026.');
    expect(ending('2026-11-30T12:00:00Z')).toContain('We will review them by 14 August 2026');
    expect(ending('2026-07-01T12:00:00Z')).not.toContain('review them by');
  });

  it('explains how to raise a fresh matter in writing and that the right to complain is unaffected (R8)', () => {
    const text = sectionText(letter, 'fresh-matters');
    expect(text).toContain('do not stop you raising a new matter');
    expect(text).toContain('please write to us about it');
    expect(text).toContain('Your right to complain is not affected.');
    expect(text).toContain('write to us and say that you are making a complaint');
  });

  it("gives the organisation's alternative contact (R7)", () => {
    expect(sectionText(letter, 'contact')).toContain(ALT_EN);
  });

  it('has no history section without appeals or reviews', () => {
    expect(letter.sections.map((s) => s.id)).toEqual(['reason', 'warnings', 'restrictions', 'duration', 'fresh-matters', 'contact']);
  });

  it('shows appeals (received, summary, outcome and reasons) and reviews in the history, oldest first', () => {
    const text = sectionText(buildLetter(letterInput('en-GB', { history: HISTORY })), 'history');
    expect(text).toContain('Received on 1 June 2026: Says the calls were about a new complaint.');
    expect(text).toContain('Decided on 10 June 2026: the decision was upheld. Reasons: The calls were about the closed complaint.');
    expect(text).toContain('Received on 20 June 2026: Asks for the weekly limit to be removed.\nNot decided yet.');
    expect(text.indexOf('1 June 2026')).toBeLessThan(text.indexOf('20 June 2026'));
    expect(text).toContain('1 July 2026: the restrictions were continued without change.');
  });

  it('words the other restriction types plainly: bar with emergency key, warning, recording, maximum length', () => {
    const words = (strategy: Partial<ContactStrategy>, emergencyRoute: string | null = '+442079460999') =>
      sectionText(
        buildLetter(letterInput('en-GB', { strategy: strategyFixture(strategy), settings: { ...letterInput('en-GB').settings, emergencyRoute } })),
        'restrictions',
      );
    const barred = words({ restrictions: [{ type: 'bar', emergencyBypass: true }] });
    expect(barred).toContain('We will not accept telephone calls from you');
    expect(barred).toContain('press 1 to be put through to our emergency line');
    expect(words({ restrictions: [{ type: 'bar', emergencyBypass: true }] }, null)).not.toContain('press 1');
    const others = words({
      restrictions: [{ type: 'warning' }, { type: 'record' }, { type: 'maxDuration', seconds: 600 }, { type: 'frequency', maxCalls: 1, per: 'month' }],
    });
    expect(others).toContain('you will hear a reminder that our staff may end the call');
    expect(others).toContain('Your telephone calls to us will be recorded.');
    expect(others).toContain('Each call can last no more than 10 minutes');
    expect(others).toContain('no more than one call a month');
  });

  it('marks a letter for a strategy that is not authorised as a draft for staff', () => {
    const draft = buildLetter(letterInput('en-GB', { strategy: strategyFixture({ status: 'proposed' }) }));
    expect(draft.staffNote).toMatch(/^DRAFT: .*not been authorised/);
  });

  it('dates the letter by the calendar day in the organisation time zone', () => {
    expect(buildLetter(letterInput('en-GB', { now: new Date('2026-05-14T23:30:00Z') })).date).toBe('15 May 2026');
  });
});

describe('the notification letter in Welsh (cy-GB)', () => {
  const letter = buildLetter(letterInput('cy-GB', { history: HISTORY }));
  const all = [letter.title, letter.subject, letter.salutation, ...letter.opening, ...letter.closing, letter.signOff]
    .concat(letter.sections.flatMap((s) => [s.heading, sectionText(letter, s.id)]))
    .join('\n');

  it('is in Welsh throughout, with Welsh dates', () => {
    expect(letter.language).toBe('cy-GB');
    expect(letter.salutation).toBe('Annwyl Pat Persistent,');
    expect(letter.recipient.referenceLine).toBe('Ein cyfeirnod: CUS-0042');
    expect(letter.date).toBe('14 Mai 2026');
    expect(letter.signOff).toBe('Yn gywir,');
    const english = LETTER_TEXTS['en-GB'];
    for (const [key, text] of Object.entries(english)) {
      if (typeof text === 'string') expect(all, key).not.toContain(text);
    }
    for (const heading of Object.values(english.headings)) expect(all).not.toContain(heading);
  });

  it('contains every R6 element', () => {
    expect(sectionText(letter, 'reason')).toContain('You called our office 40 times');
    expect(sectionText(letter, 'warnings')).toContain('2 Mawrth 2026: Warned on the phone');
    expect(sectionText(letter, 'warnings')).toContain('16 Ebrill 2026: Warning letter');
    const restrictions = sectionText(letter, 'restrictions');
    expect(restrictions).toContain("Dim ond Alex Morgan, aelod penodol o'n staff, fydd yn ateb eich galwadau.");
    expect(restrictions).toContain('Sam Jones fydd yn ateb yr alwad yn lle hynny');
    expect(restrictions).toContain('Ni fyddwn yn derbyn mwy na 2 o alwadau yr wythnos gennych.');
    expect(restrictions).toContain('Dydd Llun i ddydd Gwener, o 10:00 tan 12:00');
    expect(restrictions).toContain('Dydd Llun a dydd Sadwrn, o 09:00 tan 09:30');
    expect(restrictions).toContain('Mae pob amser yn amser y DU (Europe/London).');
    const duration = sectionText(letter, 'duration');
    expect(duration).toContain("Mae'r cyfyngiadau'n berthnasol o 14 Mai 2026 ymlaen.");
    expect(duration).toContain('Nid oes dyddiad gorffen penodol iddynt.');
    expect(duration).toContain('Byddwn yn eu hadolygu erbyn 14 Awst 2026');
    const fresh = sectionText(letter, 'fresh-matters');
    expect(fresh).toContain('codi mater newydd');
    expect(fresh).toContain('ysgrifennwch atom');
    expect(fresh).toContain('Nid yw hyn yn effeithio ar eich hawl i gwyno.');
    expect(sectionText(letter, 'contact')).toContain(ALT_CY);
    const history = sectionText(letter, 'history');
    expect(history).toContain('Derbyniwyd ar 1 Mehefin 2026');
    expect(history).toContain('Penderfynwyd ar 10 Mehefin 2026: cadarnhawyd y penderfyniad.');
    expect(history).toContain('Heb ei benderfynu eto.');
    expect(history).toContain("1 Gorffennaf 2026: parhawyd â'r cyfyngiadau heb newid.");
  });

  it('says "one call" with "nag un alwad", and falls back to the English alternative contact when no Welsh one is set', () => {
    const input = letterInput('cy-GB', { strategy: strategyFixture({ restrictions: [{ type: 'frequency', maxCalls: 1, per: 'day' }] }) });
    const fallback = buildLetter({ ...input, settings: { ...input.settings, alternativeContactWelsh: null } });
    expect(sectionText(fallback, 'restrictions')).toContain('Ni fyddwn yn derbyn mwy nag un alwad y dydd gennych.');
    expect(sectionText(fallback, 'contact')).toContain(ALT_EN);
  });
});

describe('rendering the drafted letter', () => {
  const hostile = letterInput('en-GB', {
    customer: { name: '<script>alert("x")</script> & Co', reference: "O'Brien <ref>", language: 'en-GB' },
    strategy: strategyFixture({ reason: 'Said <b>this</b> & "that".' }),
  });

  it('escapes every value in the HTML: a customer name like <script> is shown, never run', () => {
    const page = renderLetterHtml(buildLetter(hostile));
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>this</b>');
    expect(page).toContain('<title>Letter to &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co: restrictions on how you contact us</title>');
    expect(page).toContain('<p>Dear &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co,</p>');
    expect(page).toContain('Our reference: O&#39;Brien &lt;ref&gt;');
    expect(page).toContain('Said &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;.');
  });

  it('keeps the plain text version literal', () => {
    const text = renderLetterText(buildLetter(hostile));
    expect(text).toContain('Dear <script>alert("x")</script> & Co,');
    expect(text).not.toContain('&lt;');
  });
});
