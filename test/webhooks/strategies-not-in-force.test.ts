import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.js';
import { DAY } from '../support/test-clock.js';
import type { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { givenStrategy, startCallScenario, type Cast } from '../support/scenario.js';
import { find, verbs } from '../support/twiml.js';

let app: TestApp;
let cast: Cast;
let caller: FakeTwilioCaller;
beforeAll(async () => {
  ({ app, cast, caller } = await startCallScenario());
});
afterAll(() => app?.close());

async function expectOrdinaryCall(number: string, strategyId: string) {
  const answer = await caller.call(number);
  expect(answer.status).toBe(200);
  expect(verbs(answer.twiml!)).toEqual(['Dial']);
  expect(find(answer.twiml!, 'Number')?.text).toBe('+442079460000');
  expect(answer.decision).toMatch(/kind=connect .*breaches=0/);
  const supervisor = await app.staff('supervisor');
  expect((await supervisor.api.get(`/api/breaches?strategyId=${strategyId}`)).body.items).toEqual([]);
}

describe('a strategy not in force changes nothing', () => {
  it.each(['proposed', 'unnotified', 'lifted'] as const)('a bar that is %s', async (state) => {
    const { number, strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }], state });
    await expectOrdinaryCall(number, strategyId);
  });

  it('a bar that has expired', async () => {
    const { number, strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }], state: 'expired' });
    expect(verbs((await caller.call(number)).twiml!)).toContain('Hangup');
    app.clock.advance(3 * DAY);
    try {
      const answer = await caller.call(number);
      expect(verbs(answer.twiml!)).toEqual(['Dial']);
      expect(answer.decision).toMatch(/breaches=0/);
    } finally {
      app.clock.advance(-3 * DAY);
    }
    const supervisor = await app.staff('supervisor');
    expect((await supervisor.api.get(`/api/breaches?strategyId=${strategyId}`)).body.items).toHaveLength(1);
  });

  it('an urgent strategy is in force at authorisation, before any letter', async () => {
    const { number, strategyId } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }], state: 'proposed' });
    expect((await cast.director.api.post(`/api/strategies/${strategyId}/authorise`, { rationale: 'Threats.', urgent: true })).status).toBe(200);
    expect(verbs((await caller.call(number)).twiml!)).toContain('Hangup');
  });
});
