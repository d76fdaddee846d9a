import { describe, expect, it } from 'vitest';
import { countStrategies, inForceJustBefore, strategyEnd, type StrategyTimes } from '../../src/reports/strategy-timeline.js';
import { csvField } from '../../src/reports/report.csv.js';

const at = (s: string) => new Date(`2026-${s}T00:00:00Z`);
const now = at('12-15');
const base: StrategyTimes = {
  status: 'authorised',
  urgent: false,
  startsAt: at('03-01'),
  endsAt: null,
  reviewAt: new Date('2027-03-01T00:00:00Z'),
  authorisedAt: at('03-01'),
  notificationSentAt: at('03-02'),
  liftedAt: null,
  closedAt: null,
};

describe('strategyEnd', () => {
  it('takes a closed row at its word', () => {
    expect(strategyEnd({ ...base, status: 'lifted', liftedAt: at('05-01') }, now, 14)).toEqual({ kind: 'lifted', at: at('05-01') });
    expect(strategyEnd({ ...base, status: 'expired', endsAt: at('06-01'), closedAt: at('06-01') }, now, 14)).toEqual({ kind: 'expired', at: at('06-01') });
    expect(strategyEnd({ ...base, status: 'lapsed', closedAt: at('07-01') }, now, 14)).toEqual({ kind: 'lapsed', at: at('07-01') });
  });

  it('reads an authorised row as the closure job will write it', () => {
    expect(strategyEnd({ ...base, endsAt: at('06-01') }, now, 14)).toEqual({ kind: 'expired', at: at('06-01') });
    expect(strategyEnd({ ...base, reviewAt: at('06-01') }, now, 14)).toEqual({ kind: 'lapsed', at: at('06-15') });
    expect(strategyEnd(base, now, 14)).toBeNull();
    expect(strategyEnd({ ...base, status: 'proposed' }, now, 14)).toBeNull();
  });
});

describe('inForceJustBefore', () => {
  it('needs authorised, started and notified (or urgent) before the instant', () => {
    expect(inForceJustBefore(base, at('03-03'), now, 14)).toBe(true);
    expect(inForceJustBefore(base, at('03-02'), now, 14)).toBe(false);
    expect(inForceJustBefore({ ...base, urgent: true }, at('03-02'), now, 14)).toBe(true);
    expect(inForceJustBefore({ ...base, urgent: true, startsAt: at('04-01') }, at('04-01'), now, 14)).toBe(false);
  });

  it('is still in force at the instant it ends, and not after', () => {
    const ending = { ...base, endsAt: at('06-01') };
    expect(inForceJustBefore(ending, at('06-01'), now, 14)).toBe(true);
    expect(inForceJustBefore(ending, new Date(at('06-01').getTime() + 1), now, 14)).toBe(false);
  });
});

describe('countStrategies', () => {
  it('balances: in force at the end = before + started - ended', () => {
    const periods = [
      { label: 'a', from: at('01-01'), to: at('06-01') },
      { label: 'b', from: at('06-01'), to: at('12-01') },
    ];
    const rows: StrategyTimes[] = [
      base,
      { ...base, endsAt: at('06-01') },
      { ...base, status: 'lifted', liftedAt: at('05-31') },
      { ...base, authorisedAt: at('07-01'), startsAt: at('07-01'), notificationSentAt: null, urgent: true },
    ];
    expect(countStrategies(rows, periods, now, 14)).toEqual([
      { strategiesIntroduced: 3, inForceAtEnd: 2, lifted: 1, expired: 0, lapsed: 0 },
      { strategiesIntroduced: 1, inForceAtEnd: 2, lifted: 0, expired: 1, lapsed: 0 },
    ]);
  });

  it('counts nothing after now', () => {
    const periods = [{ label: 'a', from: at('12-01'), to: new Date('2027-01-01T00:00:00Z') }];
    const rows: StrategyTimes[] = [{ ...base, endsAt: at('12-20') }];
    expect(countStrategies(rows, periods, now, 14)).toEqual([{ strategiesIntroduced: 0, inForceAtEnd: 1, lifted: 0, expired: 0, lapsed: 0 }]);
  });
});

describe('csvField', () => {
  it('quotes as RFC 4180 says and defuses formulas', () => {
    expect(csvField(12)).toBe('12');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=1+1')).toBe("'=1+1");
  });
});
