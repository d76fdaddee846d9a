import { EMERGENCY_KEY } from '../core/call-decision/refusal.js';
import type { CallWindow, Restriction } from '../core/restriction.js';
import { groupDays } from './letter-dates.js';
import type { LetterTexts } from './letter-texts.js';
import type { LetterListItem, LetterSettings } from './letter.js';

export interface RestrictionWordingContext {
  texts: LetterTexts;
  settings: LetterSettings;
  staffNames: ReadonlyMap<string, string>;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function days(texts: LetterTexts, window: CallWindow): string {
  const groups = groupDays(window.days).map((g) => (g.kind === 'range' ? texts.dayRange(g.from, g.to) : texts.day(g.day)));
  return capitalise(texts.list(groups));
}

/** One restriction in plain words; a switch over every type, so a new type without wording fails to compile. */
export function describeRestriction(restriction: Restriction, ctx: RestrictionWordingContext): LetterListItem {
  const { texts, settings, staffNames } = ctx;
  switch (restriction.type) {
    case 'bar':
      // The emergency key is only offered when an emergency line is configured: never promise what the phones will not do.
      return restriction.emergencyBypass && settings.emergencyRoute !== null
        ? { text: `${texts.bar} ${texts.emergency(EMERGENCY_KEY)}` }
        : { text: texts.bar };
    case 'spoc': {
      const name = staffNames.get(restriction.staffId) ?? texts.unnamedStaff;
      const deputy = restriction.deputyStaffId === undefined ? null : (staffNames.get(restriction.deputyStaffId) ?? null);
      return { text: texts.spoc(name, deputy) };
    }
    case 'warning':
      return { text: texts.warningRestriction(restriction.message ?? null) };
    case 'record':
      return { text: texts.record };
    case 'frequency':
      return { text: texts.frequency(restriction.maxCalls, restriction.per) };
    case 'maxDuration':
      return { text: texts.maxDuration(restriction.seconds) };
    case 'callWindows':
      return {
        text: `${texts.callWindowsIntro} ${texts.timeZone(restriction.timeZone ?? settings.timeZone)}`,
        items: restriction.windows.map((w) => texts.callWindow(days(texts, w), w.from, w.to)),
      };
    default: {
      const unknown: never = restriction;
      throw new Error(`no letter wording for restriction ${JSON.stringify(unknown)}`);
    }
  }
}
