import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { baseCallParams, dialParams, gatherParams, randomCallSid, statusParams } from '../../scripts/simulator/call-params.js';
import { signatureFor, targetForPath, targetForUrl, WebhookError } from '../../scripts/simulator/webhook-request.js';

const PUBLIC_URL = 'https://callguard.example.test';
const LOCAL = 'http://127.0.0.1:3000';

describe('webhook targets', () => {
  it('signs over PUBLIC_URL and sends to the --url base, with the same path', () => {
    expect(targetForPath(PUBLIC_URL, LOCAL, '/webhooks/voice/incoming')).toEqual({
      signedUrl: `${PUBLIC_URL}/webhooks/voice/incoming`,
      sendUrl: `${LOCAL}/webhooks/voice/incoming`,
      display: '/webhooks/voice/incoming',
      warning: null,
    });
  });

  it('signs over an absolute action exactly as given and keeps its query', () => {
    const target = targetForUrl(PUBLIC_URL, LOCAL, `${PUBLIC_URL}/webhooks/voice/dial?attempt=2&lang=cy`, `${PUBLIC_URL}/x`);
    expect(target.signedUrl).toBe(`${PUBLIC_URL}/webhooks/voice/dial?attempt=2&lang=cy`);
    expect(target.sendUrl).toBe(`${LOCAL}/webhooks/voice/dial?attempt=2&lang=cy`);
    expect(target.warning).toBeNull();
  });

  it('keeps a path in PUBLIC_URL out of the sent URL, as a proxy that strips it would', () => {
    const publicUrl = `${PUBLIC_URL}/callguard`;
    const target = targetForUrl(publicUrl, LOCAL, `${publicUrl}/webhooks/voice/emergency`, `${publicUrl}/webhooks/voice/incoming`);
    expect(target.sendUrl).toBe(`${LOCAL}/webhooks/voice/emergency`);
    expect(target.display).toBe('/webhooks/voice/emergency');
  });

  it('resolves a relative action against the URL that returned it', () => {
    const target = targetForUrl(PUBLIC_URL, LOCAL, 'emergency?x=1', `${PUBLIC_URL}/webhooks/voice/incoming`);
    expect(target.signedUrl).toBe(`${PUBLIC_URL}/webhooks/voice/emergency?x=1`);
    expect(target.sendUrl).toBe(`${LOCAL}/webhooks/voice/emergency?x=1`);
  });

  it('warns about an action that is not under PUBLIC_URL', () => {
    const target = targetForUrl(PUBLIC_URL, LOCAL, 'http://localhost:3000/webhooks/voice/emergency', `${PUBLIC_URL}/x`);
    expect(target.signedUrl).toBe('http://localhost:3000/webhooks/voice/emergency');
    expect(target.sendUrl).toBe(`${LOCAL}/webhooks/voice/emergency`);
    expect(target.warning).toMatch(/not under PUBLIC_URL/);
    // A look-alike host is not under PUBLIC_URL either.
    expect(targetForUrl(PUBLIC_URL, LOCAL, `${PUBLIC_URL}.evil.test/a`, `${PUBLIC_URL}/x`).warning).not.toBeNull();
  });

  it('refuses an action Twilio could not request', () => {
    expect(() => targetForUrl(PUBLIC_URL, LOCAL, 'mailto:someone@example.test', `${PUBLIC_URL}/x`)).toThrow(WebhookError);
  });

  it("signs as Twilio's validator expects", () => {
    const params = { CallSid: randomCallSid(), Digits: '1' };
    const signature = signatureFor('token-123456', `${PUBLIC_URL}/a?b=1`, params);
    expect(twilio.validateRequest('token-123456', signature, `${PUBLIC_URL}/a?b=1`, params)).toBe(true);
    expect(twilio.validateRequest('token-123456', signature, `${LOCAL}/a?b=1`, params)).toBe(false);
  });
});

describe('call parameters', () => {
  const base = baseCallParams({ callSid: 'CA1', accountSid: 'AC1', from: 'anonymous', to: '+442079460000' });

  it('describe the call as Twilio does', () => {
    expect(base).toEqual({
      CallSid: 'CA1',
      AccountSid: 'AC1',
      From: 'anonymous',
      To: '+442079460000',
      Caller: 'anonymous',
      Called: '+442079460000',
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    });
    expect(randomCallSid()).toMatch(/^CA[0-9a-f]{32}$/);
  });

  it('add the keys pressed and the dial outcome', () => {
    expect(gatherParams(base, '1')).toMatchObject({ Digits: '1', CallStatus: 'in-progress' });
    expect(dialParams(base, { status: 'completed', dialCallSid: 'CA2', duration: 45 })).toMatchObject({
      CallStatus: 'in-progress',
      DialCallStatus: 'completed',
      DialCallSid: 'CA2',
      DialCallDuration: '45',
    });
    expect(dialParams(base, { status: 'busy', dialCallSid: 'CA2', duration: 45 }).DialCallDuration).toBe('0');
  });

  it('give a duration only to statuses that end the call', () => {
    const timestamp = new Date('2025-03-04T10:20:30Z');
    expect(statusParams(base, { status: 'completed', duration: 45, sequenceNumber: 0, timestamp })).toMatchObject({
      CallStatus: 'completed',
      CallDuration: '45',
      SequenceNumber: '0',
      Timestamp: 'Tue, 04 Mar 2025 10:20:30 GMT',
    });
    expect(statusParams(base, { status: 'no-answer', duration: 0, sequenceNumber: 1, timestamp }).CallDuration).toBe('0');
    expect(statusParams(base, { status: 'ringing', duration: 45, sequenceNumber: 0, timestamp })).not.toHaveProperty('CallDuration');
  });
});
