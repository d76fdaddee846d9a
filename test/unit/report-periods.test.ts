import { describe, expect, it } from 'vitest';
import { defaultFrom, isoInZone, reportPeriods } from '../../src/reports/report-periods.js';
import { resolveRange, summaryQuerySchema } from '../../src/reports/report.schemas.js';
import { AppError } from '../../src/shared/app-error.js';

const zone = 'Europe/London';
const iso = (periods: ReturnType<typeof reportPeriods>) => periods.map((p) => [p.label, isoInZone(p.from, zone), isoInZone(p.to, zone)]);

describe('report periods', () => {
  it('cuts calendar months in the time zone, across the clock change', () => {
    const periods = reportPeriods(new Date('2026-09-30T23:00:00Z'), new Date('2026-12-01T00:00:00Z'), 'month', zone);
    expect(iso(periods)).toEqual([
      ['2026-10', '2026-10-01T00:00:00.000+01:00', '2026-11-01T00:00:00.000+00:00'],
      ['2026-11', '2026-11-01T00:00:00.000+00:00', '2026-12-01T00:00:00.000+00:00'],
    ]);
  });

  it('cuts quarters and clips the first and last period to the range', () => {
    const periods = reportPeriods(new Date('2026-08-15T12:00:00Z'), new Date('2027-02-10T00:00:00Z'), 'quarter', zone);
    expect(iso(periods)).toEqual([
      ['2026-Q3', '2026-08-15T13:00:00.000+01:00', '2026-10-01T00:00:00.000+01:00'],
      ['2026-Q4', '2026-10-01T00:00:00.000+01:00', '2027-01-01T00:00:00.000+00:00'],
      ['2027-Q1', '2027-01-01T00:00:00.000+00:00', '2027-02-10T00:00:00.000+00:00'],
    ]);
  });

  it('defaults to the last 12 months as whole periods, the current one to date', () => {
    const now = new Date('2026-11-15T10:00:00Z');
    expect(isoInZone(defaultFrom(now, 'month', zone), zone)).toBe('2025-12-01T00:00:00.000+00:00');
    expect(isoInZone(defaultFrom(now, 'quarter', zone), zone)).toBe('2026-01-01T00:00:00.000+00:00');
    expect(reportPeriods(defaultFrom(now, 'month', zone), now, 'month', zone)).toHaveLength(12);
    const boundary = new Date('2027-01-01T00:00:00Z');
    expect(reportPeriods(defaultFrom(boundary, 'month', zone), boundary, 'month', zone).map((p) => p.label)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
  });
});

describe('report query', () => {
  const schema = summaryQuerySchema(zone);
  const now = new Date('2026-11-15T10:00:00Z');
  const problem = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof AppError) return err.fields;
    }
    throw new Error('expected a 400');
  };

  it('reads a bare date as midnight in the time zone and keeps an explicit offset', () => {
    expect(schema.parse({ from: '2026-07-01' }).from?.toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(schema.parse({ from: '2026-07-01T00:00:00Z' }).from?.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(schema.safeParse({ from: '1 July' }).success).toBe(false);
    expect(schema.safeParse({ groupBy: 'week' }).success).toBe(false);
  });

  it('needs from before to and at most ten years, naming the field', () => {
    const at = (v: string) => schema.parse({ from: v }).from;
    expect(problem(() => resolveRange({ from: at('2026-02-01'), to: at('2026-01-01'), groupBy: 'month' }, now, zone))).toEqual({ to: 'must be after from' });
    expect(problem(() => resolveRange({ from: at('2027-01-01'), groupBy: 'month' }, now, zone))).toEqual({ from: 'must be before to' });
    expect(problem(() => resolveRange({ from: at('2016-01-01'), to: at('2026-01-02'), groupBy: 'month' }, now, zone))).toEqual({
      to: 'the range must be at most 10 years',
    });
    expect(resolveRange({ from: at('2016-01-01'), to: at('2026-01-01'), groupBy: 'quarter' }, now, zone).groupBy).toBe('quarter');
  });
});
