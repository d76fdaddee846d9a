import { MESSAGES, type FrequencyPeriod, type Language } from '../core/messages.js';
import type { Weekday } from '../core/restriction.js';
import type { CalendarDate } from './letter-dates.js';
import type { AppealOutcome, LetterSectionId, ReviewOutcome } from './letter.js';

/**
 * Every word of the notification letter, in English and Welsh. `LETTER_TEXTS` is typed
 * against one `LetterTexts` shape, so a text added to one language and not the other
 * fails to compile. Month and day names come from the caller messages (core/messages.ts).
 */
export interface LetterTexts {
  date(date: CalendarDate): string;
  day(day: Weekday): string;
  dayRange(from: Weekday, to: Weekday): string;
  list(items: readonly string[]): string;
  title(name: string): string;
  referenceLine(reference: string): string;
  subject: string;
  salutation(name: string): string;
  opening(org: string): string;
  headings: Readonly<Record<LetterSectionId, string>>;
  reasonIntro: string;
  warningsIntro: string;
  warning(date: string, summary: string): string;
  noWarnings: string;
  restrictionsIntro: string;
  bar: string;
  emergency(key: string): string;
  spoc(name: string, deputy: string | null): string;
  unnamedStaff: string;
  warningRestriction(message: string | null): string;
  record: string;
  frequency(maxCalls: number, per: FrequencyPeriod): string;
  maxDuration(seconds: number): string;
  callWindowsIntro: string;
  callWindow(days: string, from: string, to: string): string;
  timeZone(zone: string): string;
  appliesFrom(date: string): string;
  endsOn(date: string): string;
  noEnd: string;
  reviewBy(date: string): string;
  freshMatter: string;
  rightToComplain: string;
  reconsideration: string;
  contactStillOpen: string;
  historyIntro: string;
  appealsHeading: string;
  appeal(received: string, summary: string): string;
  appealDecided(date: string, outcome: AppealOutcome, reasons: string | null): string;
  appealPending: string;
  reviewsHeading: string;
  review(date: string, outcome: ReviewOutcome): string;
  otherFormats: string;
  signOff: string;
}

const en = MESSAGES['en-GB'];
const cy = MESSAGES['cy-GB'];

const joinWith = (and: string) => (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}` : items.join('');

const EN_PERIOD_NOTE: Readonly<Record<FrequencyPeriod, string>> = {
  day: 'Further calls on the same day will not be put through to our staff.',
  week: 'A week runs from Monday to Sunday, and further calls in the same week will not be put through to our staff.',
  month: 'Each month starts on the 1st, and further calls in the same month will not be put through to our staff.',
};
const EN_APPEAL: Readonly<Record<AppealOutcome, string>> = {
  uphold: 'the decision was upheld',
  ease: 'the restrictions were eased',
  lift: 'the restrictions were lifted',
};
const EN_REVIEW: Readonly<Record<ReviewOutcome, string>> = {
  continue: 'the restrictions were continued without change',
  ease: 'the restrictions were eased',
  tighten: 'the restrictions were tightened',
  lift: 'the restrictions were lifted',
};

const english: LetterTexts = {
  date: (d) => `${d.day} ${en.months[d.month]} ${d.year}`,
  day: (day) => en.weekdays[day],
  dayRange: (from, to) => `${en.weekdays[from]} to ${en.weekdays[to]}`,
  list: joinWith('and'),
  title: (name) => `Letter to ${name}: restrictions on how you contact us`,
  referenceLine: (reference) => `Our reference: ${reference}`,
  subject: 'Restrictions on how you contact us',
  salutation: (name) => `Dear ${name},`,
  opening: (org) =>
    `We are writing to tell you that ${org} has decided to restrict how you contact us. This is called a contact strategy. ` +
    'This letter explains why we have made this decision, what the restrictions are, how long they will last, and how you can still contact us.',
  headings: {
    reason: 'Why we have made this decision',
    warnings: 'Earlier warnings',
    restrictions: 'The restrictions',
    duration: 'How long the restrictions last',
    'fresh-matters': 'New matters and complaints',
    contact: 'How you can still contact us',
    history: 'History of this decision',
  },
  reasonIntro: 'We have made this decision for the following reason:',
  warningsIntro: 'Before making this decision, we warned you about your contact with us on these occasions:',
  warning: (date, summary) => `${date}: ${summary}`,
  noWarnings: 'We have no record of an earlier warning to you about your contact with us.',
  restrictionsIntro: 'While this contact strategy is in place, these restrictions apply to your telephone calls to us:',
  bar: 'We will not accept telephone calls from you: calls from your phone numbers will not be put through to our staff.',
  emergency: (key) =>
    `In an emergency you can still reach us by phone: when you call, press ${key} to be put through to our emergency line. ` +
    'If anyone is in immediate danger, call 999.',
  spoc: (name, deputy) =>
    `Only ${name}, a named member of our staff, will take your calls. ` +
    (deputy === null
      ? `If ${name} is not available, you can leave a message for ${name}.`
      : `If ${name} is not available, ${deputy} will take the call instead; if neither of them is available, you can leave a message for ${name}.`),
  unnamedStaff: 'your named contact',
  warningRestriction: (message) =>
    message === null
      ? 'At the start of each call you will hear a reminder that our staff may end the call if your behaviour is unacceptable.'
      : `At the start of each call you will hear this message: “${message}”`,
  record: 'Your telephone calls to us will be recorded.',
  frequency: (maxCalls, per) =>
    `We will accept no more than ${maxCalls === 1 ? 'one call' : `${maxCalls} calls`} a ${per} from you. ${EN_PERIOD_NOTE[per]}`,
  maxDuration: (seconds) => `Each call can last no more than ${en.duration(seconds)}; the call will end when that time is up.`,
  callWindowsIntro: 'We will accept calls from you only at these times; calls at other times will not be put through to our staff.',
  callWindow: (days, from, to) => `${days}, from ${from} to ${to}`,
  timeZone: (zone) => (zone === 'Europe/London' ? 'All times are UK time (Europe/London).' : `All times are in the ${zone} time zone.`),
  appliesFrom: (date) => `The restrictions apply from ${date}.`,
  endsOn: (date) => `They end on ${date}.`,
  noEnd: 'They have no fixed end date.',
  reviewBy: (date) =>
    `We will review them by ${date}, and ease or lift them if they are no longer needed. We will write to tell you the outcome of the review.`,
  freshMatter:
    'These restrictions do not stop you raising a new matter with us. If you have a new matter, please write to us about it and we will consider it.',
  rightToComplain:
    'Your right to complain is not affected. If you want to complain, including about this decision, please write to us and say that you are making a complaint; we will deal with it under our complaints procedure.',
  reconsideration:
    'You can also ask us to look at this decision again. Please write to us and explain why; someone who was not involved in the decision will consider your request.',
  contactStillOpen: 'The restrictions in this letter do not affect this way of contacting us.',
  historyIntro: 'This section records what has happened since the decision was made.',
  appealsHeading: 'Your requests for the decision to be looked at again',
  appeal: (received, summary) => `Received on ${received}: ${summary}`,
  appealDecided: (date, outcome, reasons) => `Decided on ${date}: ${EN_APPEAL[outcome]}.${reasons ? ` Reasons: ${reasons}` : ''}`,
  appealPending: 'Not decided yet.',
  reviewsHeading: 'Reviews',
  review: (date, outcome) => `${date}: ${EN_REVIEW[outcome]}.`,
  otherFormats: 'If you need this letter in another format or language, or need help to contact us, please tell us.',
  signOff: 'Yours sincerely,',
};

const CY_PERIOD: Readonly<Record<FrequencyPeriod, string>> = { day: 'y dydd', week: 'yr wythnos', month: 'y mis' };
const CY_PERIOD_NOTE: Readonly<Record<FrequencyPeriod, string>> = {
  day: "Ni fydd galwadau pellach ar yr un diwrnod yn cael eu trosglwyddo i'n staff.",
  week: "Mae'r wythnos yn rhedeg o ddydd Llun i ddydd Sul, ac ni fydd galwadau pellach yn yr un wythnos yn cael eu trosglwyddo i'n staff.",
  month: "Mae pob mis yn dechrau ar y 1af, ac ni fydd galwadau pellach yn yr un mis yn cael eu trosglwyddo i'n staff.",
};
const CY_APPEAL: Readonly<Record<AppealOutcome, string>> = {
  uphold: 'cadarnhawyd y penderfyniad',
  ease: 'llaciwyd y cyfyngiadau',
  lift: 'dilëwyd y cyfyngiadau',
};
const CY_REVIEW: Readonly<Record<ReviewOutcome, string>> = {
  continue: "parhawyd â'r cyfyngiadau heb newid",
  ease: 'llaciwyd y cyfyngiadau',
  tighten: 'tynhawyd y cyfyngiadau',
  lift: 'dilëwyd y cyfyngiadau',
};

// Welsh: "i" softens the day after it (dydd Llun i ddydd Gwener); "na" becomes "nag" before "un".
const welsh: LetterTexts = {
  date: (d) => `${d.day} ${cy.months[d.month]} ${d.year}`,
  day: (day) => `dydd ${cy.weekdays[day]}`,
  dayRange: (from, to) => `dydd ${cy.weekdays[from]} i ddydd ${cy.weekdays[to]}`,
  list: joinWith('a'),
  title: (name) => `Llythyr at ${name}: cyfyngiadau ar sut rydych yn cysylltu â ni`,
  referenceLine: (reference) => `Ein cyfeirnod: ${reference}`,
  subject: 'Cyfyngiadau ar sut rydych yn cysylltu â ni',
  salutation: (name) => `Annwyl ${name},`,
  opening: (org) =>
    `Rydym yn ysgrifennu atoch i roi gwybod bod ${org} wedi penderfynu cyfyngu ar y ffordd rydych yn cysylltu â ni. Strategaeth gyswllt yw'r enw ar hyn. ` +
    "Mae'r llythyr hwn yn esbonio pam rydym wedi gwneud y penderfyniad hwn, beth yw'r cyfyngiadau, am ba hyd y byddant yn para, a sut y gallwch gysylltu â ni o hyd.",
  headings: {
    reason: 'Pam rydym wedi gwneud y penderfyniad hwn',
    warnings: 'Rhybuddion blaenorol',
    restrictions: 'Y cyfyngiadau',
    duration: "Am ba hyd y bydd y cyfyngiadau'n para",
    'fresh-matters': 'Materion newydd a chwynion',
    contact: 'Sut y gallwch gysylltu â ni o hyd',
    history: 'Hanes y penderfyniad hwn',
  },
  reasonIntro: 'Rydym wedi gwneud y penderfyniad hwn am y rheswm canlynol:',
  warningsIntro: 'Cyn gwneud y penderfyniad hwn, fe wnaethom eich rhybuddio am eich cyswllt â ni ar yr achlysuron hyn:',
  warning: (date, summary) => `${date}: ${summary}`,
  noWarnings: 'Nid oes gennym gofnod o rybudd blaenorol i chi am eich cyswllt â ni.',
  restrictionsIntro: "Tra bo'r strategaeth gyswllt hon ar waith, mae'r cyfyngiadau hyn yn berthnasol i'ch galwadau ffôn atom:",
  bar: "Ni fyddwn yn derbyn galwadau ffôn gennych: ni fydd galwadau o'ch rhifau ffôn yn cael eu trosglwyddo i'n staff.",
  emergency: (key) =>
    `Mewn argyfwng gallwch gysylltu â ni dros y ffôn o hyd: pan fyddwch yn ffonio, pwyswch ${key} i gael eich trosglwyddo i'n llinell argyfwng. ` +
    'Os oes unrhyw un mewn perygl uniongyrchol, ffoniwch 999.',
  spoc: (name, deputy) =>
    `Dim ond ${name}, aelod penodol o'n staff, fydd yn ateb eich galwadau. ` +
    (deputy === null
      ? `Os na fydd ${name} ar gael, gallwch adael neges i ${name}.`
      : `Os na fydd ${name} ar gael, ${deputy} fydd yn ateb yr alwad yn lle hynny; os na fydd yr un ohonynt ar gael, gallwch adael neges i ${name}.`),
  unnamedStaff: 'eich cyswllt enwebedig',
  warningRestriction: (message) =>
    message === null
      ? "Ar ddechrau pob galwad byddwch yn clywed neges yn eich atgoffa y gall ein staff ddod â'r alwad i ben os yw eich ymddygiad yn annerbyniol."
      : `Ar ddechrau pob galwad byddwch yn clywed y neges hon: “${message}”`,
  record: 'Bydd eich galwadau ffôn atom yn cael eu recordio.',
  frequency: (maxCalls, per) =>
    `Ni fyddwn yn derbyn ${maxCalls === 1 ? 'mwy nag un alwad' : `mwy na ${maxCalls} o alwadau`} ${CY_PERIOD[per]} gennych. ${CY_PERIOD_NOTE[per]}`,
  maxDuration: (seconds) =>
    `Gall pob galwad bara hyd at ${cy.duration(seconds)} ar y mwyaf; bydd yr alwad yn dod i ben pan fydd yr amser hwnnw ar ben.`,
  callWindowsIntro:
    "Dim ond ar yr adegau hyn y byddwn yn derbyn galwadau gennych; ni fydd galwadau ar adegau eraill yn cael eu trosglwyddo i'n staff.",
  callWindow: (days, from, to) => `${days}, o ${from} tan ${to}`,
  timeZone: (zone) =>
    zone === 'Europe/London' ? 'Mae pob amser yn amser y DU (Europe/London).' : `Mae pob amser yng nghylchfa amser ${zone}.`,
  appliesFrom: (date) => `Mae'r cyfyngiadau'n berthnasol o ${date} ymlaen.`,
  endsOn: (date) => `Byddant yn dod i ben ar ${date}.`,
  noEnd: 'Nid oes dyddiad gorffen penodol iddynt.',
  reviewBy: (date) =>
    `Byddwn yn eu hadolygu erbyn ${date}, ac yn eu llacio neu'n eu dileu os nad oes eu hangen mwyach. ` +
    'Byddwn yn ysgrifennu atoch i roi gwybod i chi beth yw canlyniad yr adolygiad.',
  freshMatter:
    "Nid yw'r cyfyngiadau hyn yn eich atal rhag codi mater newydd gyda ni. Os oes gennych fater newydd, ysgrifennwch atom amdano a byddwn yn ei ystyried.",
  rightToComplain:
    'Nid yw hyn yn effeithio ar eich hawl i gwyno. Os ydych am gwyno, gan gynnwys am y penderfyniad hwn, ysgrifennwch atom a dywedwch eich bod yn gwneud cwyn; byddwn yn delio â hi o dan ein gweithdrefn gwynion.',
  reconsideration:
    "Gallwch hefyd ofyn i ni ailystyried y penderfyniad hwn. Ysgrifennwch atom i esbonio pam; bydd rhywun nad oedd yn rhan o'r penderfyniad yn ystyried eich cais.",
  contactStillOpen: "Nid yw'r cyfyngiadau yn y llythyr hwn yn effeithio ar y ffordd hon o gysylltu â ni.",
  historyIntro: "Mae'r adran hon yn cofnodi'r hyn sydd wedi digwydd ers gwneud y penderfyniad.",
  appealsHeading: 'Eich ceisiadau i ni ailystyried y penderfyniad',
  appeal: (received, summary) => `Derbyniwyd ar ${received}: ${summary}`,
  appealDecided: (date, outcome, reasons) => `Penderfynwyd ar ${date}: ${CY_APPEAL[outcome]}.${reasons ? ` Rhesymau: ${reasons}` : ''}`,
  appealPending: 'Heb ei benderfynu eto.',
  reviewsHeading: 'Adolygiadau',
  review: (date, outcome) => `${date}: ${CY_REVIEW[outcome]}.`,
  otherFormats:
    'Os oes arnoch angen y llythyr hwn mewn fformat neu iaith arall, neu os oes arnoch angen help i gysylltu â ni, rhowch wybod i ni.',
  signOff: 'Yn gywir,',
};

export const LETTER_TEXTS: Readonly<Record<Language, LetterTexts>> = { 'en-GB': english, 'cy-GB': welsh };
