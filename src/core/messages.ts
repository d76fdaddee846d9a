import type { Language } from './customer.js';
import type { Weekday } from './restriction.js';

/**
 * Every text the caller hears, in English and Welsh. `MESSAGES` is typed against one
 * `Messages` shape, so a text added to one language but not the other fails to compile.
 * Times are written "10:00", dates "Monday 1 December", which the text-to-speech voices read naturally.
 */
export { LANGUAGES, type Language } from './customer.js';

export type MonthNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;
export type FrequencyPeriod = 'day' | 'week' | 'month';

/** A calendar day as the caller hears it (already in the right time zone). */
export interface SpokenDate {
  weekday: Weekday;
  day: number;
  month: MonthNumber;
}

export interface Messages {
  weekdays: Readonly<Record<Weekday, string>>;
  months: Readonly<Record<MonthNumber, string>>;
  date(date: SpokenDate): string;
  duration(seconds: number): string;
  defaultWarning(org: string): string;
  recordingNotice: string;
  timeLimitNotice(seconds: number): string;
  barred(org: string): string;
  frequencyLimitReached(org: string, maxCalls: number, per: FrequencyPeriod): string;
  outsideCallWindows(org: string): string;
  callAgainFrom(date: SpokenDate): string;
  callAgainBetween(date: SpokenDate, from: string, to: string): string;
  newMatterInWriting: string;
  withheldNotAccepted(org: string): string;
  callFromShownNumber: string;
  emergencyPrompt(key: string): string;
  emergencyConnecting: string;
  emergencyGoodbye: string;
  spocVoicemail(staffName: string | null): string;
  voicemailGoodbye: string;
  nobodyAvailable: string;
  goodbye(org: string): string;
}

interface DurationParts {
  hours: number;
  minutes: number;
  seconds: number;
}

function durationParts(total: number): DurationParts {
  const whole = Math.max(0, Math.round(total));
  return { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60), seconds: whole % 60 };
}

function englishDuration(total: number): string {
  const { hours, minutes, seconds } = durationParts(total);
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    hours > 0 ? unit(hours, 'hour') : null,
    minutes > 0 ? unit(minutes, 'minute') : null,
    seconds > 0 || total < 1 ? unit(seconds, 'second') : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts.join('');
}

/** Welsh keeps the noun singular after a numeral; "a" becomes "ac" before un (1..) and wyth (8..). */
function welshDuration(total: number): string {
  const { hours, minutes, seconds } = durationParts(total);
  const parts = [
    hours > 0 ? `${hours} awr` : null,
    minutes > 0 ? `${minutes} munud` : null,
    seconds > 0 || total < 1 ? `${seconds} eiliad` : null,
  ].filter((part): part is string => part !== null);
  return parts.reduce((text, part) => (text === '' ? part : `${text} ${/^[18]/.test(part) ? 'ac' : 'a'} ${part}`), '');
}

const english: Messages = {
  weekdays: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
  months: {
    1: 'January', 2: 'February', 3: 'March', 4: 'April', 5: 'May', 6: 'June',
    7: 'July', 8: 'August', 9: 'September', 10: 'October', 11: 'November', 12: 'December',
  },
  date: (d) => `${english.weekdays[d.weekday]} ${d.day} ${english.months[d.month]}`,
  duration: englishDuration,
  defaultWarning: (org) =>
    `Please note that your calls to ${org} are handled under our policy on unreasonably persistent contact and unacceptable behaviour. ` +
    'Our staff may end the call if your behaviour is unacceptable.',
  recordingNotice: 'This call will be recorded.',
  timeLimitNotice: (seconds) => `This call is limited to ${englishDuration(seconds)}.`,
  barred: (org) => `${org} is not accepting phone calls from this number.`,
  frequencyLimitReached: (org, maxCalls, per) =>
    maxCalls === 1
      ? `${org} accepts one call from you each ${per}, and you have already had that call.`
      : `${org} accepts up to ${maxCalls} calls from you each ${per}, and you have reached that limit.`,
  outsideCallWindows: (org) => `${org} accepts calls from you only at set times, and this is not one of them.`,
  callAgainFrom: (d) => `You can call us again from ${english.date(d)}.`,
  callAgainBetween: (d, from, to) => `You can call us again on ${english.date(d)}, between ${from} and ${to}.`,
  newMatterInWriting:
    'If you want to raise a new matter or make a complaint, you can still do so in writing. Your right to complain is not affected.',
  withheldNotAccepted: (org) => `${org} does not accept calls from withheld numbers.`,
  callFromShownNumber: 'Please call again from a number that is not withheld.',
  emergencyPrompt: (key) => `If this is an emergency, press ${key} now.`,
  emergencyConnecting: 'Connecting you to our emergency line.',
  emergencyGoodbye: 'If anyone is in immediate danger, please call 999. Goodbye.',
  spocVoicemail: (name) =>
    `${name ?? 'Your named contact'} is not available to answer your call. Please leave a message after the tone.`,
  voicemailGoodbye: 'Thank you. Your message has been recorded. Goodbye.',
  nobodyAvailable: 'Sorry, nobody is available to answer your call at the moment. Please call again later.',
  goodbye: (org) => `Thank you for calling ${org}. Goodbye.`,
};

const WELSH_PERIOD: Record<FrequencyPeriod, string> = { day: 'dydd', week: 'wythnos', month: 'mis' };

const welsh: Messages = {
  weekdays: { mon: 'Llun', tue: 'Mawrth', wed: 'Mercher', thu: 'Iau', fri: 'Gwener', sat: 'Sadwrn', sun: 'Sul' },
  months: {
    1: 'Ionawr', 2: 'Chwefror', 3: 'Mawrth', 4: 'Ebrill', 5: 'Mai', 6: 'Mehefin',
    7: 'Gorffennaf', 8: 'Awst', 9: 'Medi', 10: 'Hydref', 11: 'Tachwedd', 12: 'Rhagfyr',
  },
  date: (d) => `dydd ${welsh.weekdays[d.weekday]} ${d.day} ${welsh.months[d.month]}`,
  duration: welshDuration,
  defaultWarning: (org) =>
    `Sylwch fod eich galwadau i ${org} yn cael eu trin o dan ein polisi ar gyswllt afresymol o barhaus ac ymddygiad annerbyniol. ` +
    "Gall ein staff ddod â'r alwad i ben os yw eich ymddygiad yn annerbyniol.",
  recordingNotice: 'Bydd yr alwad hon yn cael ei recordio.',
  timeLimitNotice: (seconds) => `Mae terfyn amser o ${welshDuration(seconds)} ar yr alwad hon.`,
  barred: (org) => `Nid yw ${org} yn derbyn galwadau ffôn o'r rhif hwn.`,
  frequencyLimitReached: (org, maxCalls, per) =>
    maxCalls === 1
      ? `Mae ${org} yn derbyn un alwad gennych bob ${WELSH_PERIOD[per]}, ac rydych eisoes wedi cael yr alwad honno.`
      : `Mae ${org} yn derbyn hyd at ${maxCalls} o alwadau gennych bob ${WELSH_PERIOD[per]}, ac rydych wedi cyrraedd y terfyn hwnnw.`,
  outsideCallWindows: (org) =>
    `Dim ond ar adegau penodol y mae ${org} yn derbyn galwadau gennych, ac nid yw'r amser hwn yn un ohonynt.`,
  // "ddydd" (soft mutation) is the adverbial "on Monday"; after "o" it is "o ddydd Llun".
  callAgainFrom: (d) => `Gallwch ein ffonio eto o ddydd ${welsh.weekdays[d.weekday]} ${d.day} ${welsh.months[d.month]} ymlaen.`,
  callAgainBetween: (d, from, to) =>
    `Gallwch ein ffonio eto ddydd ${welsh.weekdays[d.weekday]} ${d.day} ${welsh.months[d.month]}, rhwng ${from} a ${to}.`,
  newMatterInWriting:
    'Os ydych am godi mater newydd neu wneud cwyn, gallwch wneud hynny yn ysgrifenedig o hyd. Nid yw hyn yn effeithio ar eich hawl i gwyno.',
  withheldNotAccepted: (org) => `Nid yw ${org} yn derbyn galwadau o rifau cudd.`,
  callFromShownNumber: "Ffoniwch eto o rif nad yw'n gudd, os gwelwch yn dda.",
  emergencyPrompt: (key) => `Os yw hyn yn argyfwng, pwyswch ${key} nawr.`,
  emergencyConnecting: "Rydym yn eich cysylltu â'n llinell argyfwng.",
  emergencyGoodbye: 'Os oes unrhyw un mewn perygl uniongyrchol, ffoniwch 999. Hwyl fawr.',
  spocVoicemail: (name) =>
    `Nid yw ${name ?? 'eich cyswllt enwebedig'} ar gael i ateb eich galwad. Gadewch neges ar ôl y dôn, os gwelwch yn dda.`,
  voicemailGoodbye: "Diolch. Mae eich neges wedi'i recordio. Hwyl fawr.",
  nobodyAvailable: "Mae'n ddrwg gennym, nid oes neb ar gael i ateb eich galwad ar hyn o bryd. Ffoniwch eto yn nes ymlaen.",
  goodbye: (org) => `Diolch am ffonio ${org}. Hwyl fawr.`,
};

export const MESSAGES: Readonly<Record<Language, Messages>> = { 'en-GB': english, 'cy-GB': welsh };

export function messagesFor(language: Language): Messages {
  return MESSAGES[language];
}
