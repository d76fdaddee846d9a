import { describe, expect, it } from 'vitest';
import { findRestrictionConflicts, restrictionSchema, type Restriction } from '../../src/core/restriction.js';

const STAFF = '11111111-1111-4111-8111-111111111111';

describe('restrictionSchema', () => {
  it('accepts every restriction type', () => {
    const all = [
      { type: 'bar', emergencyBypass: true },
      { type: 'spoc', staffId: STAFF },
      { type: 'warning', message: 'Please be civil.' },
      { type: 'record' },
      { type: 'frequency', maxCalls: 1, per: 'week' },
      { type: 'maxDuration', seconds: 600 },
      { type: 'callWindows', windows: [{ days: ['mon', 'wed'], from: '10:00', to: '12:00' }], timeZone: 'Europe/London' },
    ];
    for (const r of all) expect(restrictionSchema.safeParse(r).success).toBe(true);
  });

  it.each([
    [{ type: 'teleport' }, 'type'],
    [{ type: 'frequency', maxCalls: 0, per: 'week' }, 'maxCalls'],
    [{ type: 'frequency', maxCalls: 1, per: 'fortnight' }, 'per'],
    [{ type: 'spoc', staffId: 'bob' }, 'staffId'],
    [{ type: 'spoc', staffId: STAFF, deputyStaffId: STAFF }, 'deputyStaffId'],
    [{ type: 'maxDuration', seconds: '600' }, 'seconds'],
    [{ type: 'callWindows', windows: [{ days: ['mon'], from: '12:00', to: '10:00' }] }, 'to'],
    [{ type: 'callWindows', windows: [{ days: ['someday'], from: '10:00', to: '12:00' }] }, 'days'],
    [{ type: 'callWindows', windows: [{ days: ['mon'], from: '25:00', to: '26:00' }] }, 'from'],
    [{ type: 'callWindows', windows: [{ days: ['mon'], from: '10:00', to: '12:00' }], timeZone: 'Nowhere/Land' }, 'timeZone'],
    [{ type: 'bar', extra: 1 }, ''],
  ])('refuses %j, naming %s', (input, field) => {
    const result = restrictionSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success && field) expect(result.error.issues.map((i) => i.path.join('.')).join(' ')).toContain(field);
  });
});

describe('findRestrictionConflicts', () => {
  const spoc: Restriction = { type: 'spoc', staffId: STAFF };
  const bar: Restriction = { type: 'bar', emergencyBypass: false };

  it('finds a bar that contradicts a single point of contact, whichever comes first', () => {
    expect(findRestrictionConflicts([bar, spoc])).toEqual([{ index: 1, field: 'type', message: 'spoc contradicts restriction 0 (bar)' }]);
    expect(findRestrictionConflicts([spoc, bar])).toHaveLength(1);
  });

  it('finds duplicated types', () => {
    expect(findRestrictionConflicts([{ type: 'record' }, { type: 'record' }])[0]?.index).toBe(1);
  });

  it('allows combinations that make sense', () => {
    expect(
      findRestrictionConflicts([spoc, { type: 'record' }, { type: 'maxDuration', seconds: 600 }, { type: 'warning' }]),
    ).toEqual([]);
    expect(findRestrictionConflicts([bar, { type: 'record' }])).toEqual([]);
  });
});
