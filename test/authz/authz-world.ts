import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import twilio from 'twilio';
import type { Role } from '../../src/core/roles.js';
import type { StaffMember } from '../../src/staff/staff.repository.js';
import { FakeTwilioApi } from '../support/fake-twilio-api.js';
import { newCallSid } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { castOf, dramaNumber, type Cast } from '../support/scenario.js';
import {
  startTestApp,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  TEST_PASSWORD,
  TEST_PUBLIC_URL,
  type SignedInStaff,
  type TestApp,
} from '../support/test-app.js';
import { DAY } from '../support/test-clock.js';

/** Who knocks: nobody signed in, or a member of staff of each role. */
export const IDENTITIES = ['anonymous', 'agent', 'supervisor', 'director', 'admin'] as const;
export type Identity = (typeof IDENTITIES)[number];

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Answer {
  status: number;
  contentType: string;
  body: any;
}

/** A drama-range number ("07700 900123") as Twilio sends it ("+447700900123"). */
export const e164Of = (national: string) => `+44${national.replace(/\s/g, '').slice(1)}`;

export type StrategyState = 'proposed' | 'unnotified' | 'in-force';

export interface StrategyOptions {
  state: StrategyState;
  restrictions?: unknown[];
  allContact?: boolean;
  /** Who proposes it; the fixtures' agent unless said. Authorised by the fixtures' director, notified by their supervisor. */
  proposer?: SignedInStaff;
}

/**
 * The real service for the authorization matrix: one member of staff per role whose access is under test
 * (the identities), and separate fixture staff (`cast`) who propose, authorise, notify and take calls, so
 * four-eyes rules never get in the way of a cell by accident. Fixtures are fresh per call unless `shared`.
 */
export class AuthzWorld {
  private refs = 0;
  private lastSent = 0;
  private sharedStrategy: Promise<{ strategyId: string; customerId: string; number: string }> | null = null;
  private sharedBarred: Promise<string> | null = null;

  private constructor(
    readonly app: TestApp,
    readonly cast: Cast,
    readonly staff: Record<Role, SignedInStaff>,
    /** The fixtures' agent's panel: takes the calls the fixtures need and ends them. */
    readonly panel: PanelClient,
    readonly twilioApi: FakeTwilioApi | null,
  ) {}

  static async start(options: { env?: Record<string, string>; fakeTwilioApi?: boolean; staffFields?: Partial<Record<Role, Parameters<TestApp['staff']>[1]>> } = {}): Promise<AuthzWorld> {
    const twilioApi = options.fakeTwilioApi ? await FakeTwilioApi.start() : null;
    const app = await startTestApp({ env: { ...(twilioApi ? { TWILIO_API_BASE_URL: twilioApi.url } : {}), ...options.env } });
    const cast = await castOf(app);
    const fields = options.staffFields ?? {};
    const [agent, supervisor, director, admin] = await Promise.all([
      app.staff('agent', fields.agent),
      app.staff('supervisor', fields.supervisor),
      app.staff('director', fields.director),
      app.staff('admin', fields.admin),
    ]);
    const panel = await PanelClient.open(app.url, cast.agent.token);
    await panel.next((m) => m.type === 'snapshot');
    return new AuthzWorld(app, cast, { agent, supervisor, director, admin }, panel, twilioApi);
  }

  async close(): Promise<void> {
    this.panel?.close();
    await this.app?.close();
    await this.twilioApi?.close();
  }

  get url(): string {
    return this.app.url;
  }

  who(identity: Identity): SignedInStaff | null {
    return identity === 'anonymous' ? null : this.staff[identity];
  }

  // ---------- requests ----------

  /** A request to the real app over HTTP, with the identity's bearer token; redirects are not followed. */
  async request(method: Method, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.url + path, {
      method,
      headers,
      redirect: 'manual',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return answerOf(res);
  }

  /** A Twilio form post, signed over PUBLIC_URL + path + query as Twilio signs it (or not signed at all). */
  async webhook(pathAndQuery: string, form: Record<string, string>, options: { signed: boolean; token?: string | null }): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (options.signed) headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, TEST_PUBLIC_URL + pathAndQuery, form);
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(this.url + pathAndQuery, { method: 'POST', headers, redirect: 'manual', body: new URLSearchParams(form) });
    return answerOf(res);
  }

  /** A new session for an identity (for requests that end the one they use). */
  async freshToken(identity: Identity): Promise<string | null> {
    const who = this.who(identity);
    if (!who) return null;
    const res = await this.request('POST', '/api/session', { body: { username: who.staff.username, password: TEST_PASSWORD } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.token as string;
  }

  // ---------- calls ----------

  /** Fields Twilio sends with every voice request about `callSid`. */
  callForm(callSid: string, from: string, extra: Record<string, string> = {}): Record<string, string> {
    return { CallSid: callSid, AccountSid: TEST_ACCOUNT_SID, From: from, To: '+442079460000', ...extra };
  }

  /** A signed inbound call; returns its CallSid and caller once Twilio has its answer. */
  async incomingCall(from = e164Of(dramaNumber())): Promise<{ callSid: string; from: string }> {
    const callSid = newCallSid();
    const res = await this.webhook('/webhooks/voice/incoming', this.callForm(callSid, from, { CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01' }), { signed: true });
    expect(res.status, String(res.body)).toBe(200);
    return { callSid, from };
  }

  /** An inbound call the panel has been told about (so staff can act on it). */
  async liveCall(from?: string): Promise<{ callSid: string; from: string }> {
    const call = await this.incomingCall(from);
    await this.panel.next((m) => m.type === 'call.incoming' && m.callSid === call.callSid);
    return call;
  }

  /** Sends one message on a panel socket and waits for its answer (kept under the socket's flood limit). */
  async command(panel: PanelClient, message: Record<string, unknown>): Promise<any> {
    const wait = this.lastSent + 60 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.lastSent = Date.now();
    const ref = `authz-${++this.refs}`;
    panel.send({ ...message, ref });
    return panel.next((m) => m.ref === ref && (m.type === 'ack' || m.type === 'error'));
  }

  /** The fixtures' agent logs a termination of a live call; returns the termination's id. */
  async terminate(callSid: string, reason = 'abusive_language'): Promise<string> {
    const answer = await this.command(this.panel, { type: 'termination.log', callSid, reason, details: 'Kept shouting after a warning.', warned: true });
    expect(answer, JSON.stringify(answer)).toMatchObject({ type: 'ack', terminationId: expect.any(String) });
    return answer.terminationId as string;
  }

  // ---------- records ----------

  async customer(fields: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
    const number = dramaNumber();
    const res = await this.cast.agent.api.post('/api/customers', { name: `Matrix caller ${number}`, phoneNumbers: [number], ...fields });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id as string, number };
  }

  customerBody(): Record<string, unknown> {
    return { name: 'A new caller', phoneNumbers: [dramaNumber()], communicationNeeds: 'Prefers short sentences.' };
  }

  staffBody(): Record<string, unknown> {
    return { username: `matrix-${randomBytes(4).toString('hex')}`, displayName: 'New Starter', role: 'agent', password: TEST_PASSWORD };
  }

  async staffMember(): Promise<StaffMember> {
    return (await this.app.staff('agent')).staff;
  }

  proposalBody(customerId: string, options: { restrictions?: unknown[]; allContact?: boolean } = {}): Record<string, unknown> {
    return {
      customerId,
      reason: 'Persistent calls after written warnings.',
      restrictions: options.restrictions ?? [{ type: 'warning' }],
      reviewAt: new Date(this.app.clock.now().getTime() + 60 * DAY).toISOString(),
      ...(options.allContact ? { allContact: true } : {}),
    };
  }

  /** A strategy for a fresh customer, taken as far as `state` by the fixture staff. */
  async strategy(options: StrategyOptions): Promise<{ strategyId: string; customerId: string; number: string }> {
    const customer = await this.customer();
    const proposer = options.proposer ?? this.cast.agent;
    const proposed = await proposer.api.post('/api/strategies', this.proposalBody(customer.id, options));
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const strategyId = proposed.body.id as string;
    if (options.state !== 'proposed') {
      const authorised = await this.cast.director.api.post(`/api/strategies/${strategyId}/authorise`, { rationale: 'Meets the policy.' });
      expect(authorised.status, JSON.stringify(authorised.body)).toBe(200);
    }
    if (options.state === 'in-force') {
      const notice = { sentAt: this.app.clock.now().toISOString(), channel: 'letter', reference: `LTR-${strategyId.slice(0, 6)}` };
      const notified = await this.cast.supervisor.api.post(`/api/strategies/${strategyId}/notification`, notice);
      expect(notified.status, JSON.stringify(notified.body)).toBe(200);
    }
    return { strategyId, customerId: customer.id, number: customer.number };
  }

  /** One strategy in force, with a review and an appeal on record, for the routes that only read. */
  shared(): Promise<{ strategyId: string; customerId: string; number: string }> {
    this.sharedStrategy ??= (async () => {
      const made = await this.strategy({ state: 'in-force' });
      const review = await this.cast.supervisor.api.post(`/api/strategies/${made.strategyId}/reviews`, { outcome: 'continue', notes: 'No calls since.' });
      expect(review.status, JSON.stringify(review.body)).toBe(201);
      const appeal = await this.cast.agent.api.post(`/api/strategies/${made.strategyId}/appeals`, { summary: 'The caller disputes the reason.' });
      expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
      return made;
    })();
    return this.sharedStrategy;
  }

  /** A caller barred with the emergency key offered, shared: each call from it is refused afresh. */
  sharedBarredNumber(): Promise<string> {
    this.sharedBarred ??= this.strategy({ state: 'in-force', restrictions: [{ type: 'bar', emergencyBypass: true }] }).then((s) => e164Of(s.number));
    return this.sharedBarred;
  }

  /** An appeal on a strategy in force, waiting for a decision. */
  async appeal(): Promise<{ strategyId: string; appealId: string }> {
    const { strategyId } = await this.strategy({ state: 'in-force' });
    const res = await this.cast.agent.api.post(`/api/strategies/${strategyId}/appeals`, { summary: 'The caller says the calls were about a new matter.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { strategyId, appealId: res.body.id as string };
  }

  /** A breach: a call from a barred number. */
  async breach(): Promise<string> {
    const { strategyId, number } = await this.strategy({ state: 'in-force', restrictions: [{ type: 'bar' }] });
    await this.incomingCall(e164Of(number));
    const found = await this.poll(async () => (await this.cast.supervisor.api.get(`/api/breaches?strategyId=${strategyId}`)).body.items?.[0]?.id as string | undefined);
    return found;
  }

  /** A serious incident: a call ended for a threat of violence; its id is the termination's. */
  async seriousIncident(): Promise<string> {
    const { callSid } = await this.liveCall();
    return this.terminate(callSid, 'threat_of_violence');
  }

  /** An open escalation suggestion: as many terminated calls from one fresh caller as the rule needs. */
  async escalation(): Promise<string> {
    const from = e164Of(dramaNumber());
    let last = '';
    for (let i = 0; i < this.app.server.deps.config.escalation.terminations; i++) {
      const { callSid } = await this.liveCall(from);
      last = await this.terminate(callSid);
    }
    return this.poll(async () => {
      const items = (await this.cast.supervisor.api.get('/api/escalations?status=open')).body.items as Array<{ id: string; terminationIds: string[] }>;
      return items.find((e) => e.terminationIds.includes(last))?.id;
    });
  }

  /** Waits for something written behind a call's answer (call records may be committed in batches). */
  async poll<T>(find: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await find();
      if (found !== undefined && found !== null) return found;
      if (Date.now() > deadline) throw new Error('fixture not found in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let body: unknown = text;
  if (contentType.includes('json') && text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, contentType, body };
}
