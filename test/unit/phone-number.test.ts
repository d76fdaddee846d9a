import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, normalisePhoneNumber } from '../../src/core/phone-number.js';

describe('normalisePhoneNumber', () => {
  it.each(['07700 900123', '+44 (0)7700 900123', '00447700900123', '447700900123', '07700-900-123', ' +44 7700 900123 '])(
    'reads %j as +447700900123',
    (spelling) => {
      expect(normalisePhoneNumber(spelling, 'GB')).toBe('+447700900123');
    },
  );

  it('reads landlines in the drama ranges', () => {
    expect(normalisePhoneNumber('020 7946 0123', 'GB')).toBe('+442079460123');
    expect(normalisePhoneNumber('0113 496 0000', 'GB')).toBe('+441134960000');
    expect(normalisePhoneNumber('01632 960001', 'GB')).toBe('+441632960001');
  });

  it('keeps international numbers as they are', () => {
    expect(normalisePhoneNumber('+1 415 555 0100', 'GB')).toBe('+14155550100');
    expect(normalisePhoneNumber('+353 1 555 0100', 'GB')).toBe('+35315550100');
  });

  it('honours another default region', () => {
    expect(normalisePhoneNumber('(415) 555-0100', 'US')).toBe('+14155550100');
  });

  it.each(['', '   ', 'anonymous', 'restricted', 'unknown', 'private', '+266696687', '12', 'call me', '07700 900123 ext. 4', '0'.repeat(30)])(
    'refuses %j',
    (junk) => {
      expect(normalisePhoneNumber(junk, 'GB')).toBeNull();
    },
  );
});

describe('maskPhoneNumber', () => {
  it('keeps the country and last digits only', () => {
    expect(maskPhoneNumber('+447700900123')).toBe('+44770•••123');
    expect(maskPhoneNumber('+44770')).toBe('•••');
  });
});
