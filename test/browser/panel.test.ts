// The live panel in a real browser (Debian's Chromium via playwright-core) against the real app, its socket,
// signed Twilio webhooks and a fake Twilio REST API: an agent sees a call arrive, reloads, claims it with the
// keyboard, gives a warning, ends it with a reason; a supervisor sees the termination and acknowledges it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { collectConsoleErrors, launchBrowser, newPage, screenshot, type ConsoleErrors } from '../support/browser.js';
import { FakeTwilioApi } from '../support/fake-twilio-api.js';
import { FakeTwilioCaller, newCallSid } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { castOf, givenStrategy, type Cast } from '../support/scenario.js';
import { startTestApp, TEST_ACCOUNT_SID, TEST_PASSWORD, type SignedInStaff, type TestApp } from '../support/test-app.js';

// Types only, for the functions Playwright runs inside the page (the root tsconfig has no DOM lib).
declare const document: { activeElement: unknown; querySelector(selector: string): { querySelector(selector: string): unknown } | null };
declare const window: { shownAt?: number };
declare class MutationObserver {
  constructor(callback: (records: unknown, observer: MutationObserver) => void);
  observe(target: unknown, options: { childList: boolean }): void;
  disconnect(): void;
}

const NEEDS = 'Hard of hearing: speak slowly and clearly, and offer to follow up in writing.';
const LATENCY_BUDGET_MS = 500;

let fakeApi: FakeTwilioApi;
let app: TestApp;
let caller: FakeTwilioCaller;
let cast: Cast;
let browser: Browser | undefined;
let agentPage: Page;
let supervisorPage: Page;
const consoleErrors: ConsoleErrors[] = [];
let customer: { customerId: string; number: string };
let callSid: string;
let earlierCallSid: string;

beforeAll(async () => {
  fakeApi = await FakeTwilioApi.start();
  app = await startTestApp({ env: { TWILIO_API_BASE_URL: fakeApi.url } });
  caller = new FakeTwilioCaller(app.url);
  cast = await castOf(app);
  customer = await givenStrategy(app, cast, {
    restrictions: [{ type: 'warning' }, { type: 'record' }, { type: 'frequency', maxCalls: 5, per: 'week' }],
    customer: { communicationNeeds: NEEDS },
  });
  browser = await launchBrowser();
  agentPage = await newPage(browser);
  supervisorPage = await newPage(browser);
  for (const page of [agentPage, supervisorPage]) consoleErrors.push(collectConsoleErrors(page));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fakeApi?.close();
}, 30_000);

const card = (page: Page, sid: string) => page.locator(`article[data-call-sid="${sid}"]`);
const connection = (page: Page) => page.getByTestId('connection');
const queueItems = (page: Page) => page.getByTestId('termination-queue').locator('li');

async function signIn(page: Page, who: SignedInStaff, options: { navigate: boolean }): Promise<void> {
  if (options.navigate) await page.goto(`${app.url}/`);
  await page.getByRole('heading', { name: 'Sign in to the live panel' }).waitFor();
  await page.getByLabel('Username').fill(who.staff.username);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await connection(page).filter({ hasText: 'Live' }).waitFor();
}

/** Presses Tab until `target` has focus (keyboard only), failing after `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 25): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return presses;
  }
  throw new Error(`Tab never reached ${target}`);
}

describe('live panel in a real browser', () => {
  it('signs an agent and a supervisor in through the form', async () => {
    await agentPage.goto(`${app.url}/panel`);
    await agentPage.getByRole('heading', { name: 'Sign in to the live panel' }).waitFor();
    // Submitting empty shows the problems by the fields, without asking the server.
    await agentPage.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => agentPage.getByText('Enter your username').isVisible()).toBe(true);
    expect(await agentPage.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    await screenshot(agentPage, 'panel 1 sign-in');

    await signIn(agentPage, cast.agent, { navigate: false });
    await signIn(supervisorPage, cast.supervisor, { navigate: true });
    expect(await agentPage.title()).toBe('Live calls · Callguard');
    expect(await agentPage.locator('.who').textContent()).toContain(cast.agent.staff.displayName);
    expect(await supervisorPage.getByRole('heading', { name: 'Terminated calls to review' }).isVisible()).toBe(true);
    expect(await agentPage.getByRole('heading', { name: 'Your terminated calls' }).isVisible()).toBe(true);
  }, 60_000);

  it(`shows a call within ${LATENCY_BUDGET_MS} ms of the webhook, communication needs first`, async () => {
    // An earlier call, so the history line has something to say.
    const earlier = await caller.call(customer.number);
    earlierCallSid = earlier.callSid;
    await card(agentPage, earlier.callSid).waitFor();
    await caller.status(earlier.callSid, 'completed', { CallDuration: '30' });
    await card(agentPage, earlier.callSid).waitFor({ state: 'detached' });

    callSid = newCallSid();
    // The page notes the moment the card is in the document, independent of Playwright's polling.
    await agentPage.evaluate((sid) => {
      const list = document.querySelector('[data-testid="call-list"]')!;
      new MutationObserver((_m, observer) => {
        if (list.querySelector(`article[data-call-sid="${sid}"]`)) {
          window.shownAt = performance.timeOrigin + performance.now();
          observer.disconnect();
        }
      }).observe(list, { childList: true });
    }, callSid);

    const postedAt = Date.now();
    const started = performance.now();
    const posting = caller.call(customer.number, { CallSid: callSid });
    await card(agentPage, callSid).waitFor({ state: 'visible' });
    const elapsed = performance.now() - started;
    const inPage = (await agentPage.evaluate(() => window.shownAt ?? Number.NaN)) - postedAt;
    console.log(`panel: call shown ${elapsed.toFixed(0)} ms after the webhook (card in the page's DOM after ${inPage.toFixed(0)} ms)`);
    expect(elapsed).toBeLessThan(LATENCY_BUDGET_MS);
    expect((await posting).status).toBe(200);

    const shown = card(agentPage, callSid);
    expect(await shown.locator('.needs').textContent()).toBe(`Communication needs${NEEDS}`);
    // The needs box is the first thing on the card (R13).
    expect(await shown.evaluate((el) => el.firstElementChild?.classList.contains('needs'))).toBe(true);
    expect(await shown.getByRole('heading', { level: 3 }).textContent()).toBe(`Caller ${customer.number}`);
    expect(await shown.locator('.caller-number').textContent()).toContain('•••');
    expect(await shown.locator('.badges li').allTextContents()).toEqual(['Warning', 'Recorded', 'Call limit']);
    expect(await shown.locator('.facts').textContent()).toContain('No earlier terminated calls · no breaches · last call just now');
    expect(await shown.locator('.facts').textContent()).toContain('Not claimed yet');
    // Supervisors see calls too.
    await card(supervisorPage, callSid).waitFor();
    await screenshot(agentPage, 'panel 2 agent call arrived');
  }, 60_000);

  it('shows the same call again after a reload in the middle of it (snapshot)', async () => {
    await agentPage.reload();
    await connection(agentPage).filter({ hasText: 'Live' }).waitFor();
    const again = card(agentPage, callSid);
    await again.waitFor();
    expect(await again.locator('.needs p').textContent()).toBe(NEEDS);
    expect(await agentPage.getByText('Sign in to the live panel').count()).toBe(0);
  }, 30_000);

  it('claims the call and records a warning with the keyboard only', async () => {
    const shown = card(agentPage, callSid);
    await tabTo(agentPage, shown.getByRole('button', { name: /^Claim/ }));
    await agentPage.keyboard.press('Enter');
    await expect.poll(() => shown.locator('.facts').textContent()).toContain(`${cast.agent.staff.displayName} (you)`);
    // The supervisor's page hears about it too.
    await expect.poll(() => card(supervisorPage, callSid).locator('.facts').textContent()).toContain(cast.agent.staff.displayName);

    await tabTo(agentPage, shown.getByRole('button', { name: /^Warning given/ }));
    await agentPage.keyboard.press('Enter');
    const dialog = agentPage.getByRole('dialog', { name: 'Record a warning' });
    await dialog.waitFor();
    // Focus starts in the note; type it, Tab to the button, Enter.
    await agentPage.keyboard.type('Told the caller that swearing at staff is not acceptable.');
    await agentPage.keyboard.press('Tab');
    expect(await dialog.getByRole('button', { name: 'Record warning' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await agentPage.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => shown.locator('.warnings').textContent()).toContain('swearing at staff is not acceptable');
    expect(await agentPage.getByTestId('notice').textContent()).toContain('Warning recorded');
  }, 30_000);

  it('ends the call with a reason; Twilio is told Status=completed for that call', async () => {
    await card(agentPage, callSid).getByRole('button', { name: /^End call/ }).click();
    const dialog = agentPage.getByRole('dialog', { name: 'End the call' });
    await dialog.waitFor();
    // The warning on the card is carried over (R1), so no justification is asked for.
    const warned = dialog.getByLabel('I warned the caller first');
    expect(await warned.isChecked()).toBe(true);
    expect(await dialog.getByText(/Warning recorded at \d\d:\d\d/).isVisible()).toBe(true);
    const justification = dialog.getByLabel('Why no warning was given');
    expect(await justification.isVisible()).toBe(false);
    await warned.uncheck();
    expect(await justification.isVisible()).toBe(true);
    await warned.check();

    // What the agent types is checked before it is sent: "other" needs details.
    const requestsBefore = fakeApi.requests.length;
    await dialog.getByLabel('Reason').selectOption({ label: 'Other (give details)' });
    await dialog.getByRole('button', { name: 'End call and log' }).click();
    await expect.poll(() => dialog.getByText('Details are required when the reason is "other"').isVisible()).toBe(true);
    expect(await dialog.getByLabel(/^Details/).getAttribute('aria-invalid')).toBe('true');
    expect(fakeApi.requests.length).toBe(requestsBefore);
    await screenshot(agentPage, 'panel 3 end call form with a problem');

    await dialog.getByLabel('Reason').selectOption('abusive_language');
    await dialog.getByLabel(/^Details/).fill('Kept swearing at me after the warning.');
    await dialog.getByRole('button', { name: 'End call and log' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => agentPage.getByTestId('notice').textContent()).toContain('Call ended. The termination is logged');

    const request = fakeApi.requests.find((r) => r.callSid === callSid);
    expect(request).toMatchObject({ method: 'POST', accountSid: TEST_ACCOUNT_SID, form: { Status: 'completed' } });
    await card(agentPage, callSid).waitFor({ state: 'detached' });
    // The agent's own termination waits for review on their side of the page.
    await expect.poll(() => queueItems(agentPage).count()).toBe(1);
    expect(await queueItems(agentPage).textContent()).toContain('Waiting for a supervisor to review it.');
    await screenshot(agentPage, 'panel 4 agent after ending the call');
  }, 30_000);

  it('shows the termination on the supervisor’s queue, serious incidents first, and acknowledges it', async () => {
    // A second call ended over the socket for a threat of violence (R14).
    const agentSocket = await PanelClient.open(app.url, cast.agent.token);
    const threat = await caller.call('07700 900777');
    await agentSocket.next((m) => m.type === 'call.incoming' && m.callSid === threat.callSid);
    agentSocket.send({ type: 'call.end', ref: 't1', callSid: threat.callSid, reason: 'threat_of_violence', details: 'Said they would come to the office and hurt someone.', warned: false });
    expect(await agentSocket.next((m) => m.ref === 't1')).toMatchObject({ type: 'ack', endState: 'ended' });
    agentSocket.close();

    const items = queueItems(supervisorPage);
    await expect.poll(() => items.count()).toBe(2);
    const serious = items.first();
    expect(await serious.getAttribute('class')).toContain('serious');
    expect(await serious.textContent()).toContain('Serious incident: threat of violence');
    const ours = items.filter({ hasText: `Caller ${customer.number}` });
    expect(await ours.textContent()).toContain('Abusive or offensive language, swearing');
    expect(await ours.textContent()).toContain('Kept swearing at me after the warning.');
    await screenshot(supervisorPage, 'panel 5 supervisor queue');

    // The note is required.
    await ours.getByRole('button', { name: /^Acknowledge/ }).click();
    await expect.poll(() => ours.getByText('Write a note').isVisible()).toBe(true);
    await ours.getByLabel('Acknowledgement note').fill('Spoke to the agent; warning letter to follow.');
    await ours.getByRole('button', { name: /^Acknowledge/ }).click();
    await ours.waitFor({ state: 'detached' });
    expect(await items.count()).toBe(1);
    // ... and it leaves the agent's own list too (the threat, also theirs, stays until acknowledged).
    await expect.poll(() => queueItems(agentPage).filter({ hasText: `Caller ${customer.number}` }).count()).toBe(0);
    expect(await queueItems(agentPage).count()).toBe(1);
    await screenshot(supervisorPage, 'panel 6 supervisor after acknowledging');
  }, 30_000);

  it('logs a call the agent already hung up, typing its CallSid; the supervisor sees it', async () => {
    await agentPage.getByRole('button', { name: 'Log a terminated call' }).click();
    const dialog = agentPage.getByRole('dialog', { name: 'Log a terminated call' });
    await dialog.waitFor();
    await dialog.getByLabel('Which call?').selectOption({ label: 'Another call: type its CallSid' });
    await dialog.getByLabel('CallSid').fill('CA123');
    await dialog.getByLabel('Reason').selectOption('derogatory_remarks');
    await dialog.getByLabel(/^Details/).fill('Called me useless, then hung up.');
    await dialog.getByRole('button', { name: 'Log termination' }).click();
    await expect.poll(() => dialog.getByText('Enter a Twilio CallSid').isVisible()).toBe(true);
    await dialog.getByLabel('CallSid').fill(earlierCallSid);
    // Not warned: a justification is asked for (R1) and the form says so by the field.
    expect(await dialog.getByLabel('I warned the caller first').isChecked()).toBe(false);
    await dialog.getByLabel(/^Details/).fill('');
    await dialog.getByRole('button', { name: 'Log termination' }).click();
    await expect.poll(() => dialog.getByText('Say why no warning was given first').isVisible()).toBe(true);
    await screenshot(agentPage, 'panel 8 log a terminated call with a problem');
    await dialog.getByLabel('Why no warning was given').fill('They hung up before I could say anything.');
    await dialog.getByRole('button', { name: 'Log termination' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => agentPage.getByTestId('notice').textContent()).toContain('Termination logged');

    const logged = queueItems(supervisorPage).filter({ hasText: 'Derogatory remarks, rudeness' });
    await logged.waitFor();
    expect(await logged.textContent()).toContain('Logged after the call');
    expect(await logged.textContent()).toContain('Not warned first: They hung up before I could say anything.');
  }, 30_000);

  it('reconnects by itself when the socket drops, showing the state, and takes the snapshot again', async () => {
    const sockets: Array<{ close(options?: { code?: number; reason?: string }): Promise<void> }> = [];
    await agentPage.routeWebSocket(/\/panel\/ws$/, (ws) => {
      ws.connectToServer();
      sockets.push(ws);
    });
    const live = await caller.call(customer.number);
    await agentPage.reload();
    await card(agentPage, live.callSid).waitFor();
    expect(sockets).toHaveLength(1);

    await sockets[0]!.close({ code: 1012, reason: 'server restarting' });
    await connection(agentPage).filter({ hasText: 'Reconnecting' }).waitFor();
    expect(await agentPage.getByText('Not connected: the calls shown may be out of date').isVisible()).toBe(true);
    await screenshot(agentPage, 'panel 7 reconnecting');
    await connection(agentPage).filter({ hasText: 'Live' }).waitFor({ timeout: 5_000 });
    expect(sockets).toHaveLength(2);
    await card(agentPage, live.callSid).waitFor();
    expect(await agentPage.getByText('Not connected: the calls shown may be out of date').isVisible()).toBe(false);
    await agentPage.unrouteAll();
  }, 30_000);

  it('shows clearly when Twilio does not confirm the end, and "Try again" ends it without logging twice', async () => {
    const calls = await Promise.all([caller.call(customer.number), caller.call('anonymous'), caller.call('07700 900778')]);
    for (const c of calls) await card(agentPage, c.callSid).waitFor();
    expect(await card(agentPage, calls[1]!.callSid).getByText('Withheld number').isVisible()).toBe(true);
    expect(await card(agentPage, calls[1]!.callSid).getByRole('heading', { level: 3 }).textContent()).toBe('Unknown caller');
    await screenshot(agentPage, 'panel 9 several calls');

    const sid = calls[2]!.callSid;
    fakeApi.respondWith('server-error', 1);
    await card(agentPage, sid).getByRole('button', { name: /^End call/ }).click();
    const dialog = agentPage.getByRole('dialog', { name: 'End the call' });
    await dialog.getByLabel('Reason').selectOption('threat_of_violence');
    await dialog.getByLabel(/^Details/).fill('Threatened to wait outside the office.');
    await dialog.getByRole('button', { name: 'End call and log' }).click();
    const tryAgain = dialog.getByRole('button', { name: 'Try again' });
    await tryAgain.waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('Twilio did not confirm that the call ended; the termination is logged');
    // The card says so as well, with its own way to try again.
    await expect.poll(() => card(agentPage, sid).locator('.termination-notice').textContent()).toContain('End requested, not confirmed by Twilio');
    await screenshot(agentPage, 'panel 10 end not confirmed');

    await tryAgain.click();
    await dialog.waitFor({ state: 'hidden' });
    await card(agentPage, sid).waitFor({ state: 'detached' });
    expect(fakeApi.requests.filter((r) => r.callSid === sid).map((r) => r.form.Status)).toEqual(['completed', 'completed']);
    const rows = await app.server.database.db.query.terminatedCalls.findMany({ where: (t, { eq }) => eq(t.callSid, sid) });
    expect(rows.map((r) => r.endState)).toEqual(['ended']);
  }, 30_000);

  it('shows supervisors escalation suggestions (R3) and breaches (R10) as they happen', async () => {
    // A third terminated call from the same customer within 30 days suggests a contact strategy.
    const agentSocket = await PanelClient.open(app.url, cast.agent.token);
    const third = await caller.call(customer.number);
    await agentSocket.next((m) => m.type === 'call.incoming' && m.callSid === third.callSid);
    agentSocket.send({ type: 'call.end', ref: 'e3', callSid: third.callSid, reason: 'unreasonably_persistent', details: 'Same complaint again, nothing new.', warned: true });
    expect(await agentSocket.next((m) => m.ref === 'e3')).toMatchObject({ type: 'ack' });
    agentSocket.close();
    const escalations = supervisorPage.locator('section.escalations');
    await escalations.waitFor();
    expect(await escalations.textContent()).toContain(`3 terminated calls in 30 days from Caller ${customer.number}`);

    // A second call in a week from a caller limited to one is a breach.
    const limited = await givenStrategy(app, cast, { restrictions: [{ type: 'frequency', maxCalls: 1, per: 'week' }] });
    await caller.call(limited.number);
    await caller.call(limited.number);
    const breaches = supervisorPage.locator('section.breaches');
    await breaches.waitFor();
    expect(await breaches.textContent()).toContain(`Call limit breached by Caller ${limited.number}`);
    await screenshot(supervisorPage, 'panel 12 supervisor escalation and breach');
  }, 30_000);

  it('signs out', async () => {
    await agentPage.getByRole('button', { name: 'Sign out' }).click();
    await agentPage.getByText('You have signed out.').waitFor();
    expect(await agentPage.getByRole('heading', { name: 'Sign in to the live panel' }).isVisible()).toBe(true);
    expect(await agentPage.context().cookies()).toEqual([]);
  }, 30_000);

  it('logged no console errors (apart from the 401 that tells a signed-out page to show the sign-in form)', () => {
    const signInCheck = (line: string) => line.includes('status of 401') && line.includes('/api/session');
    for (const errors of consoleErrors) {
      errors.stop();
      expect(errors.errors.filter((line) => !signInCheck(line))).toEqual([]);
      expect(errors.errors.filter(signInCheck).length).toBeLessThanOrEqual(1);
    }
  });

  it('shows the sign-in form when the session has ended elsewhere and the socket drops', async () => {
    const sockets: Array<{ close(options?: { code?: number; reason?: string }): Promise<void> }> = [];
    await supervisorPage.routeWebSocket(/\/panel\/ws$/, (ws) => {
      ws.connectToServer();
      sockets.push(ws);
    });
    await supervisorPage.reload();
    await connection(supervisorPage).filter({ hasText: 'Live' }).waitFor();
    const session = (await supervisorPage.context().cookies()).find((c) => c.name === 'callguard_session');
    expect(session).toBeDefined();
    const signedOut = await fetch(`${app.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${session!.value}` } });
    expect(signedOut.status).toBe(204);

    await sockets[0]!.close({ code: 1012, reason: 'server restarting' });
    await supervisorPage.getByText('Your session has ended. Sign in again to see calls.').waitFor();
    expect(sockets).toHaveLength(1);
    await screenshot(supervisorPage, 'panel 11 session ended');
  }, 30_000);
});
