import { expect } from 'vitest';
import { FakeTwilioCaller } from './fake-twilio-caller.js';
import { startTestApp, type SignedInStaff, type TestApp } from './test-app.js';
import { DAY } from './test-clock.js';

let numberCounter = 0;
/** A fresh number in Ofcom's drama range for each caller in a file. */
export const dramaNumber = () => `07700 900${String(++numberCounter).padStart(3, '0')}`;

export interface Cast {
  agent: SignedInStaff;
  supervisor: SignedInStaff;
  director: SignedInStaff;
  spoc: SignedInStaff;
  deputy: SignedInStaff;
}

export async function castOf(app: TestApp): Promise<Cast> {
  const [agent, supervisor, director, spoc, deputy] = await Promise.all([
    app.staff('agent'),
    app.staff('supervisor'),
    app.staff('director'),
    app.staff('supervisor', { phoneNumber: '020 7946 0501' }),
    app.staff('agent', { clientIdentity: 'deputy-desk' }),
  ]);
  return { agent, supervisor, director, spoc, deputy };
}

export interface CallScenario {
  app: TestApp;
  cast: Cast;
  /** Twilio, calling the app's webhooks. */
  caller: FakeTwilioCaller;
}

/** Where the call scenarios start: the service, its cast of staff, and a fake Twilio to call it. */
export async function startCallScenario(options: Parameters<typeof startTestApp>[0] = {}): Promise<CallScenario> {
  const app = await startTestApp(options);
  return { app, cast: await castOf(app), caller: new FakeTwilioCaller(app.url) };
}

export interface StrategyOptions {
  restrictions: unknown[];
  /** in-force: authorised and notified; the rest leave it short of force in one way each. */
  state?: 'in-force' | 'proposed' | 'unnotified' | 'lifted' | 'expired';
  customer?: Record<string, unknown>;
}

/** A customer with one number and a strategy in the given state; returns both ids and the number. */
export async function givenStrategy(app: TestApp, cast: Cast, options: StrategyOptions) {
  const number = dramaNumber();
  const customer = await cast.agent.api.post('/api/customers', { name: `Caller ${number}`, phoneNumbers: [number], ...options.customer });
  expect(customer.status).toBe(201);
  const now = app.clock.now().getTime();
  const state = options.state ?? 'in-force';
  const proposed = await cast.agent.api.post('/api/strategies', {
    customerId: customer.body.id,
    reason: 'Persistent calls after warnings.',
    restrictions: options.restrictions,
    reviewAt: new Date(now + 60 * DAY).toISOString(),
    ...(state === 'expired' ? { endsAt: new Date(now + 2 * DAY).toISOString(), reviewAt: new Date(now + DAY).toISOString() } : {}),
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const id: string = proposed.body.id;
  if (state !== 'proposed') {
    expect((await cast.director.api.post(`/api/strategies/${id}/authorise`, { rationale: 'Meets the policy.' })).status).toBe(200);
  }
  if (state === 'in-force' || state === 'lifted' || state === 'expired') {
    const notice = { sentAt: new Date(now).toISOString(), channel: 'letter', reference: `LTR-${id.slice(0, 6)}` };
    expect((await cast.supervisor.api.post(`/api/strategies/${id}/notification`, notice)).status).toBe(200);
  }
  if (state === 'lifted') expect((await cast.supervisor.api.post(`/api/strategies/${id}/lift`, { reason: 'Improved.' })).status).toBe(200);
  return { customerId: customer.body.id as string, strategyId: id, number };
}
