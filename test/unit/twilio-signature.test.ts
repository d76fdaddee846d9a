import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { hasTwilioSignature } from '../../webhooks/twilio-signature.js';

const TOKEN = 'a3f1c9e27b5d4e8f9a0b1c2d3e4f5a6b';
const PORTS = ['', ':443', ':80', ':8443'] as const;

// Text as callers and Twilio may send it: accents, scripts, emoji, lone surrogates, and often nothing at all.
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constant(''));

const signedRequest = fc.record({
  scheme: fc.constantFrom('https://', 'http://'),
  host: fc.constantFrom('callguard.example.org', 'Callguard.Example.org', 'localhost', '[::1]', 'user@host.example'),
  // The port in PUBLIC_URL, and the one the signer saw: they may differ, as the library forgives.
  verifyPort: fc.constantFrom(...PORTS),
  signPort: fc.constantFrom(...PORTS),
  path: fc.constantFrom('/webhooks/voice/incoming', '/webhooks/voice/status', '/'),
  query: fc.oneof(fc.constant(''), fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 3 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`)),
  params: fc.dictionary(text.filter((name) => name !== ''), text, { maxKeys: 12 }),
  signOver: fc.constantFrom('as-given', 'normalised'),
  tamper: fc.constantFrom('none', 'none', 'none', 'value', 'extra', 'signature', 'token', 'truncated'),
});

describe('hasTwilioSignature', () => {
  it('answers as twilio.validateRequest does, for valid and tampered signatures alike', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(signedRequest, (r) => {
        const publicUrl = r.scheme + r.host + r.verifyPort;
        const pathAndQuery = r.path + r.query;
        const params: Record<string, string> = Object.assign(Object.create(null), r.params);
        let signedUrl = r.scheme + r.host + r.signPort + pathAndQuery;
        if (r.signOver === 'normalised') signedUrl = new URL(signedUrl).toString();
        let signature = twilio.getExpectedTwilioSignature(r.tamper === 'token' ? `${TOKEN}x` : TOKEN, signedUrl, params);
        if (r.tamper === 'value') params[Object.keys(params)[0] ?? 'From'] = '+447700900999';
        if (r.tamper === 'extra') params.Tampered = '1';
        if (r.tamper === 'signature') signature = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
        if (r.tamper === 'truncated') signature = signature.slice(0, -2);

        const expected = twilio.validateRequest(TOKEN, signature, publicUrl + pathAndQuery, params);
        expect(hasTwilioSignature(TOKEN, publicUrl, pathAndQuery, params, signature)).toBe(expected);
        seen[expected ? 'accepted' : 'refused']++;
      }),
      { numRuns: 3_000, seed: 20261124 },
    );
    // Both answers were exercised, not one of them thousands of times.
    expect(seen.accepted).toBeGreaterThan(500);
    expect(seen.refused).toBeGreaterThan(500);
  });

  it('accepts the signature over exactly PUBLIC_URL + path and query', () => {
    const params = { CallSid: 'CA1', From: '+447700900123', Empty: '', Ünïcødé: '☎️ 電話' };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, 'https://callguard.example.org/webhooks/voice/incoming?x=1', params);
    expect(hasTwilioSignature(TOKEN, 'https://callguard.example.org', '/webhooks/voice/incoming?x=1', params, signature)).toBe(true);
    expect(hasTwilioSignature(TOKEN, 'https://callguard.example.org', '/webhooks/voice/incoming?x=2', params, signature)).toBe(false);
  });

  it('refuses a missing or empty signature', () => {
    expect(hasTwilioSignature(TOKEN, 'https://callguard.example.org', '/webhooks/voice/incoming', {}, undefined)).toBe(false);
    expect(hasTwilioSignature(TOKEN, 'https://callguard.example.org', '/webhooks/voice/incoming', {}, '')).toBe(false);
  });
});
