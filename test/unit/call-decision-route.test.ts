import { describe, it, expect } from 'vitest';
import { parseRoute, staffRoute, type Route } from '../../src/core/call-decision/call-decision.js';

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['+447700900123', { kind: 'number', number: '+447700900123' }],
    ['  +44 7700 900123 ', { kind: 'number', number: '+447700900123' }],
    ['+442079460123', { kind: 'number', number: '+442079460123' }],
    ['client:duty_manager', { kind: 'client', identity: 'duty_manager' }],
    ['client:alex.morgan@example.org', { kind: 'client', identity: 'alex.morgan@example.org' }],
    ['CLIENT:reception', { kind: 'client', identity: 'reception' }],
    ['queue:main', { kind: 'queue', name: 'main' }],
    ['queue:Out of hours', { kind: 'queue', name: 'Out of hours' }],
  ])('reads %j', (text, route) => {
    expect(parseRoute(text)).toEqual(route);
  });

  it.each([
    '',
    '07700900123', // national format: the region would be a guess
    '+44',
    '+44 12',
    'client:',
    'client:two words',
    'queue:',
    `queue:${'q'.repeat(65)}`,
    'sip:desk@example.org',
    'reception',
  ])('rejects %j', (text) => {
    expect(parseRoute(text)).toBeNull();
  });
});

describe('staffRoute', () => {
  const person = { id: 'staff-1', displayName: 'Alex Morgan' };

  it('prefers a usable phone number, normalised to E.164', () => {
    expect(staffRoute({ ...person, phoneNumber: '07700 900201', clientIdentity: 'alex' })).toEqual({
      kind: 'number',
      number: '+447700900201',
    });
  });

  it('falls back to the client identity', () => {
    expect(staffRoute({ ...person, phoneNumber: null, clientIdentity: ' alex ' })).toEqual({ kind: 'client', identity: 'alex' });
    expect(staffRoute({ ...person, phoneNumber: 'ext. 204', clientIdentity: 'alex' })).toEqual({ kind: 'client', identity: 'alex' });
  });

  it('gives nothing for someone who cannot be reached or is unknown', () => {
    expect(staffRoute({ ...person, phoneNumber: null, clientIdentity: null })).toBeNull();
    expect(staffRoute({ ...person, phoneNumber: '', clientIdentity: '  ' })).toBeNull();
    expect(staffRoute(undefined)).toBeNull();
  });
});
