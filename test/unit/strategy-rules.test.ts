import { describe, expect, it } from 'vitest';
import { effectiveStatus, isInForce, isNotificationOverdue, type ContactStrategy } from '../../src/core/contact-strategy.js';
import { authorisationRefusal } from '../../src/core/strategy-authority.js';
import type { Actor, Role } from '../../src/core/roles.js';

const now = new Date('2026-11-24T12:00:00Z');
const hours = (n: number) => new Date(now.getTime() + n * 3_600_000);
type Timing = Pick<ContactStrategy, 'status' | 'endsAt' | 'reviewAt' | 'startsAt' | 'urgent' | 'notification'>;
const notified = { sentAt: hours(-1), channel: 'letter' as const, reference: 'L1', recordedBy: 'x' };
const base: Timing = { status: 'authorised', startsAt: hours(-2), endsAt: hours(24), reviewAt: hours(24 * 30), urgent: false, notification: notified };

describe('isInForce', () => {
  it('is in force when authorised, notified, started and not ended', () => {
    expect(isInForce(base, now)).toBe(true);
  });
  it('waits for the written notice unless urgent (R6)', () => {
    expect(isInForce({ ...base, notification: null }, now)).toBe(false);
    expect(isInForce({ ...base, notification: null, urgent: true }, now)).toBe(true);
  });
  it.each(['proposed', 'rejected', 'lifted', 'expired'] as const)('is not in force when %s', (status) => {
    expect(isInForce({ ...base, status }, now)).toBe(false);
  });
  it('respects start and end (end exclusive)', () => {
    expect(isInForce({ ...base, startsAt: hours(1) }, now)).toBe(false);
    expect(isInForce({ ...base, endsAt: now }, now)).toBe(false);
    expect(isInForce({ ...base, endsAt: null }, now)).toBe(true);
  });
  it('reports an authorised strategy past its end as expired', () => {
    expect(effectiveStatus({ status: 'authorised', endsAt: hours(-1), reviewAt: hours(24) }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'lifted', endsAt: hours(-1), reviewAt: hours(24) }, now)).toBe('lifted');
  });
  it('lapses by itself once the review is missed by more than the lapse period (R9)', () => {
    const missed = (days: number) => ({ ...base, reviewAt: hours(-24 * days) });
    expect(isInForce(missed(13), now)).toBe(true);
    expect(effectiveStatus(missed(14), now)).toBe('lapsed');
    expect(isInForce(missed(14), now)).toBe(false);
    expect(isInForce(missed(3), now, 2)).toBe(false);
  });
});

describe('authorisationRefusal', () => {
  const actor = (role: Role, id = 'a'): Actor => ({ id, username: id, displayName: id, role });
  it('lets a supervisor authorise a partial restriction proposed by someone else', () => {
    expect(authorisationRefusal(actor('supervisor'), { allContact: false, proposedBy: 'b' })).toBeNull();
  });
  it('keeps all-contact restrictions for directors', () => {
    expect(authorisationRefusal(actor('supervisor'), { allContact: true, proposedBy: 'b' })).toMatch(/director/);
    expect(authorisationRefusal(actor('director'), { allContact: true, proposedBy: 'b' })).toBeNull();
  });
  it('never lets anyone authorise their own proposal', () => {
    expect(authorisationRefusal(actor('director', 'a'), { allContact: false, proposedBy: 'a' })).toMatch(/own proposal/);
  });
  it.each(['agent', 'admin'] as const)('refuses %s', (role) => {
    expect(authorisationRefusal(actor(role), { allContact: false, proposedBy: 'b' })).toMatch(/supervisor or director/);
  });
});

describe('isNotificationOverdue', () => {
  const authorisedAt = new Date('2026-11-20T12:00:00Z'); // a Friday
  const urgent = { status: 'authorised' as const, urgent: true, notification: null, authorisedAt };
  it('counts five working days, skipping the weekend', () => {
    expect(isNotificationOverdue(urgent, new Date('2026-11-27T11:59:00Z'))).toBe(false);
    expect(isNotificationOverdue(urgent, new Date('2026-11-27T12:00:00Z'))).toBe(true);
  });
  it('is never overdue once the letter is recorded', () => {
    expect(isNotificationOverdue({ ...urgent, notification: notified }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});
