import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { castOf, givenStrategy } from '../support/scenario.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('health, readiness and metrics', () => {
  it('is live and ready once the strategy index is loaded', async () => {
    expect((await app.api.get('/healthz')).body).toEqual({ status: 'ok', database: expect.stringMatching(/pglite|postgres/) });
    const ready = await app.api.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: { reachable: true }, strategyIndex: { loadedAt: expect.any(String), numbers: expect.any(Number) }, deferredWrites: 0 });
  });

  it('reports webhook latency, decisions, breaches, index size and batch sizes in Prometheus format', async () => {
    const cast = await castOf(app);
    const { number } = await givenStrategy(app, cast, { restrictions: [{ type: 'bar' }] });
    const caller = new FakeTwilioCaller(app.url);
    await caller.call(number);
    await caller.call('07700 900999');
    const ready = await app.api.get('/readyz');
    expect(ready.body.strategyIndex.numbers).toBeGreaterThanOrEqual(1);
    const metrics = await app.api.get('/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    const text: string = metrics.body;
    expect(text).toMatch(/callguard_webhook_duration_seconds_count\{webhook="incoming"\} 2/);
    expect(text).toMatch(/callguard_call_decisions_total\{kind="refuse",reason="bar"\} 1/);
    expect(text).toMatch(/callguard_call_decisions_total\{kind="connect",reason="none"\} 1/);
    expect(text).toMatch(/callguard_breaches_total\{restriction="bar"\} 1/);
    expect(text).toMatch(/callguard_strategy_index_numbers [1-9]/);
    expect(text).toMatch(/callguard_group_commit_batch_size_count\{kind="calls"\} [1-9]/);
    expect(text).toMatch(/callguard_panel_sockets 0/);
  });
});
