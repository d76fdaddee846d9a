import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, TEST_PUBLIC_URL } from './test-app.js';
import { parseTwiml, type TwimlNode } from './twiml.js';

export interface WebhookAnswer {
  status: number;
  body: string;
  twiml: TwimlNode | null;
  decision: string | null;
  ms: number;
}

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

/** Plays Twilio: signs each form post over PUBLIC_URL (as Twilio would) and sends it to the app on loopback. */
export class FakeTwilioCaller {
  constructor(
    private readonly appUrl: string,
    private readonly authToken = TEST_AUTH_TOKEN,
  ) {}

  async post(pathOrUrl: string, params: Record<string, string>, options: { signature?: string | null } = {}): Promise<WebhookAnswer> {
    const path = pathOrUrl.startsWith(TEST_PUBLIC_URL) ? pathOrUrl.slice(TEST_PUBLIC_URL.length) : pathOrUrl;
    const signature =
      options.signature === undefined ? twilio.getExpectedTwilioSignature(this.authToken, TEST_PUBLIC_URL + path, params) : options.signature;
    const started = performance.now();
    const res = await fetch(this.appUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
      body: new URLSearchParams(params),
    });
    const body = await res.text();
    const ms = performance.now() - started;
    const isXml = res.headers.get('content-type')?.includes('xml') ?? false;
    return { status: res.status, body, twiml: isXml ? parseTwiml(body) : null, decision: res.headers.get('x-callguard-decision'), ms };
  }

  /** A new inbound call; returns its CallSid with the answer. */
  async call(from: string, extra: Record<string, string> = {}): Promise<WebhookAnswer & { callSid: string; params: Record<string, string> }> {
    const callSid = extra.CallSid ?? newCallSid();
    const params = { CallSid: callSid, AccountSid: TEST_ACCOUNT_SID, From: from, To: '+442079460000', CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', ...extra };
    return { ...(await this.post('/webhooks/voice/incoming', params)), callSid, params };
  }

  /** Posts to an action URL found in TwiML (absolute, on PUBLIC_URL). */
  action(url: string, callSid: string, params: Record<string, string>): Promise<WebhookAnswer> {
    return this.post(url, { CallSid: callSid, AccountSid: TEST_ACCOUNT_SID, From: '+447700900000', To: '+442079460000', CallStatus: 'in-progress', ...params });
  }

  status(callSid: string, status: string, extra: Record<string, string> = {}): Promise<WebhookAnswer> {
    return this.post('/webhooks/voice/status', { CallSid: callSid, AccountSid: TEST_ACCOUNT_SID, From: '+447700900000', To: '+442079460000', CallStatus: status, ...extra });
  }
}
