import { describe, it, expect } from 'vitest';
import { LANGUAGES, MESSAGES, messagesFor, type Messages, type SpokenDate } from '../../src/core/messages.js';

const monday: SpokenDate = { weekday: 'mon', day: 1, month: 12 };

/** Every text of a catalogue, rendered with sample arguments, keyed by name. */
function render(m: Messages): Record<string, string> {
  return {
    date: m.date(monday),
    duration: m.duration(330),
    defaultWarning: m.defaultWarning('Example Housing'),
    recordingNotice: m.recordingNotice,
    timeLimitNotice: m.timeLimitNotice(600),
    barred: m.barred('Example Housing'),
    frequencyOne: m.frequencyLimitReached('Example Housing', 1, 'week'),
    frequencyMany: m.frequencyLimitReached('Example Housing', 3, 'month'),
    outsideCallWindows: m.outsideCallWindows('Example Housing'),
    callAgainFrom: m.callAgainFrom(monday),
    callAgainBetween: m.callAgainBetween(monday, '10:00', '12:00'),
    newMatterInWriting: m.newMatterInWriting,
    withheldNotAccepted: m.withheldNotAccepted('Example Housing'),
    callFromShownNumber: m.callFromShownNumber,
    emergencyPrompt: m.emergencyPrompt('1'),
    emergencyConnecting: m.emergencyConnecting,
    emergencyGoodbye: m.emergencyGoodbye,
    spocVoicemailNamed: m.spocVoicemail('Alex Morgan'),
    spocVoicemailUnnamed: m.spocVoicemail(null),
    voicemailGoodbye: m.voicemailGoodbye,
    nobodyAvailable: m.nobodyAvailable,
    goodbye: m.goodbye('Example Housing'),
  };
}

describe('messages', () => {
  it('has a catalogue for every language', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...LANGUAGES].sort());
    for (const language of LANGUAGES) expect(messagesFor(language)).toBe(MESSAGES[language]);
  });

  it('translates every text: nothing empty, nothing left in English', () => {
    const english = render(messagesFor('en-GB'));
    const welsh = render(messagesFor('cy-GB'));
    for (const [name, text] of Object.entries(welsh)) {
      expect(text.trim(), name).not.toBe('');
      expect(text, name).not.toBe(english[name]);
    }
  });

  it('puts the organisation and its arguments into the texts', () => {
    for (const language of LANGUAGES) {
      const texts = render(messagesFor(language));
      for (const name of ['defaultWarning', 'barred', 'outsideCallWindows', 'withheldNotAccepted', 'goodbye']) {
        expect(texts[name], `${language} ${name}`).toContain('Example Housing');
      }
      expect(texts.callAgainBetween).toMatch(/10:00.*12:00/);
      expect(texts.spocVoicemailNamed).toContain('Alex Morgan');
    }
  });

  it('speaks dates naturally', () => {
    expect(MESSAGES['en-GB'].date({ weekday: 'sun', day: 29, month: 3 })).toBe('Sunday 29 March');
    expect(MESSAGES['cy-GB'].date({ weekday: 'tue', day: 3, month: 3 })).toBe('dydd Mawrth 3 Mawrth');
    expect(MESSAGES['cy-GB'].callAgainFrom({ weekday: 'thu', day: 1, month: 1 })).toBe(
      'Gallwch ein ffonio eto o ddydd Iau 1 Ionawr ymlaen.',
    );
  });

  it('names every weekday and month differently', () => {
    for (const language of LANGUAGES) {
      const { weekdays, months } = MESSAGES[language];
      expect(new Set(Object.values(weekdays)).size).toBe(7);
      // Welsh "Mawrth" is both Tuesday and March, so compare months among themselves.
      expect(new Set(Object.values(months)).size).toBe(12);
    }
  });

  it.each([
    [30, '30 seconds', '30 eiliad'],
    [60, '1 minute', '1 munud'],
    [90, '1 minute and 30 seconds', '1 munud a 30 eiliad'],
    [480, '8 minutes', '8 munud'],
    [3600, '1 hour', '1 awr'],
    [3661, '1 hour, 1 minute and 1 second', '1 awr ac 1 munud ac 1 eiliad'],
    [4 * 3600 + 18, '4 hours and 18 seconds', '4 awr ac 18 eiliad'],
    [7200 + 25 * 60, '2 hours and 25 minutes', '2 awr a 25 munud'],
  ])('speaks %i seconds as "%s" / "%s"', (seconds, english, welsh) => {
    expect(MESSAGES['en-GB'].duration(seconds)).toBe(english);
    expect(MESSAGES['cy-GB'].duration(seconds)).toBe(welsh);
  });

  it('uses the right number words for frequency limits', () => {
    expect(MESSAGES['en-GB'].frequencyLimitReached('Example Housing', 5, 'day')).toBe(
      'Example Housing accepts up to 5 calls from you each day, and you have reached that limit.',
    );
    expect(MESSAGES['cy-GB'].frequencyLimitReached('Example Housing', 1, 'month')).toBe(
      'Mae Example Housing yn derbyn un alwad gennych bob mis, ac rydych eisoes wedi cael yr alwad honno.',
    );
  });
});
