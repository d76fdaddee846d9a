// The supervisors' pages in a real browser (Debian's Chromium via playwright-core) against the real app, as two
// people in two browser contexts (Must show 5): supervisor A signs in through the form, creates a customer and
// proposes a strategy with four restriction types (a SPOC picked from the staff directory) through the strategy
// form, first meeting the page's own check and the API's 400 by the review date; director B authorises it from
// the dashboard; A is refused (403, four eyes) on a proposal of their own; the strategy then waits under
// "awaiting notification", the letter is recorded and previewed, and the report shows it in a chart, a table
// and the CSV download.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { collectConsoleErrors, launchBrowser, newPage, screenshot, type ConsoleErrors } from '../support/browser.js';
import { startTestApp, TEST_PASSWORD, type SignedInStaff, type TestApp } from '../support/test-app.js';
import { DAY } from '../support/test-clock.js';

// Types only, for the functions Playwright runs inside the page (the root tsconfig has no DOM lib).
interface PageCanvas {
  width: number;
  height: number;
  dataset: Record<string, string | undefined>;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

const CUSTOMER = 'Jordan Avery';
const REASON = 'Called 40 times in two weeks about the same closed complaint, and shouted at staff.';

let app: TestApp;
let browser: Browser | undefined;
let a: SignedInStaff;
let b: SignedInStaff;
let spoc: SignedInStaff;
let pageA: Page;
let pageB: Page;
const consoleErrors: ConsoleErrors[] = [];
/** Each POST /api/strategies the page sent, with its answer's status. */
const proposals: number[] = [];
let customerId: string;
let strategyId: string;

/** A local date `days` from today, as a date input takes it. */
function localDate(days: number): string {
  const d = new Date(Date.now() + days * DAY);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

beforeAll(async () => {
  app = await startTestApp();
  [a, b, spoc] = await Promise.all([app.staff('supervisor'), app.staff('director'), app.staff('agent', { phoneNumber: '020 7946 0502' })]);
  browser = await launchBrowser();
  pageA = await newPage(browser);
  pageB = await newPage(browser);
  for (const page of [pageA, pageB]) consoleErrors.push(collectConsoleErrors(page));
  pageA.on('response', (res) => {
    if (res.request().method() === 'POST' && new URL(res.url()).pathname === '/api/strategies') proposals.push(res.status());
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
}, 30_000);

async function signIn(page: Page, who: SignedInStaff): Promise<void> {
  await page.goto(`${app.url}/supervisor`);
  await page.getByRole('heading', { name: 'Sign in to supervision', exact: true }).waitFor();
  await page.getByLabel('Username').fill(who.staff.username);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1, exact: true }).waitFor();
}

/** Opens a page of the app by its hash, drawn afresh even when the browser is on it already. */
async function visit(page: Page, hash: string): Promise<void> {
  const url = `${app.url}/supervisor${hash}`;
  if (page.url() === url) await page.reload();
  else await page.goto(url);
}

/** Follows a link in the header's navigation. */
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
const section = (page: Page, testId: string) => page.getByTestId(testId);
const notice = (page: Page) => page.getByTestId('notice');

describe('supervisors’ pages in a real browser', () => {
  it('signs supervisor A in through the form', async () => {
    await pageA.goto(`${app.url}/supervisor`);
    await pageA.getByRole('heading', { name: 'Sign in to supervision', exact: true }).waitFor();
    await screenshot(pageA, 'supervisor 01 sign-in');
    await pageA.getByLabel('Username').fill(a.staff.username);
    await pageA.getByLabel('Password').fill(TEST_PASSWORD);
    await pageA.getByRole('button', { name: 'Sign in' }).click();
    await pageA.getByRole('heading', { name: 'Dashboard', level: 1, exact: true }).waitFor();
    expect(await pageA.title()).toBe('Dashboard · Callguard');
    expect(await pageA.locator('.who').textContent()).toContain(a.staff.displayName);
    expect(await section(pageA, 'proposals').textContent()).toContain('No proposals waiting.');
    // Focus is on the page's heading, for keyboard and screen-reader users.
    expect(await pageA.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName: string } } }).document.activeElement.tagName)).toBe('H1');
    await screenshot(pageA, 'supervisor 02 dashboard, nothing waiting');
  }, 60_000);

  it('A creates a customer and finds them by another spelling of their number', async () => {
    await nav(pageA, 'Customers');
    await pageA.getByRole('heading', { name: 'Customers', level: 1, exact: true }).waitFor();
    await pageA.getByRole('button', { name: 'New customer' }).click();
    await pageA.getByRole('heading', { name: 'New customer', exact: true }).waitFor();
    await pageA.getByLabel('Name').fill(CUSTOMER);
    await pageA.getByLabel('Reference (optional)').fill('CASE-0042');
    await pageA.getByLabel('Phone number 1').fill('07700 900 123');
    await pageA.getByLabel('Communication needs (optional)').fill('Dyslexic: prefers short letters and phone calls.');
    await pageA.getByRole('button', { name: 'Create customer' }).click();
    await pageA.getByRole('heading', { name: CUSTOMER, level: 1, exact: true }).waitFor();
    customerId = new URL(pageA.url()).hash.split('/')[2]!;
    expect(await pageA.locator('.facts').textContent()).toContain('+447700900123');
    expect(await notice(pageA).textContent()).toContain(`Customer ${CUSTOMER} created.`);

    await nav(pageA, 'Customers');
    await pageA.getByLabel('Phone number or reference').fill('+44 (0)7700-900123');
    await pageA.getByRole('button', { name: 'Search' }).click();
    const results = pageA.getByTestId('customer-results');
    await expect.poll(() => results.textContent()).toContain('1 customer found');
    expect(await results.getByRole('link', { name: CUSTOMER }).count()).toBe(1);
    await screenshot(pageA, 'supervisor 03 customer search by phone');
    await results.getByRole('link', { name: CUSTOMER }).click();
    await pageA.getByRole('heading', { name: CUSTOMER, level: 1, exact: true }).waitFor();
  }, 60_000);

  it('A proposes a strategy with four restriction types; the page and then the API (400) point at what to fix', async () => {
    await pageA.getByRole('button', { name: 'Propose a contact strategy' }).click();
    await pageA.getByRole('heading', { name: `Propose a contact strategy for ${CUSTOMER}`, exact: true }).waitFor();
    const form = pageA.locator('form.strategy-form');
    await form.getByLabel('Reason').fill(REASON);
    await form.getByRole('button', { name: 'Add an earlier warning' }).click();
    await form.getByLabel('Date of warning 1').fill(localDate(-10));
    await form.getByLabel('What warning 1 was about').fill('Told on the phone that shouting at staff is not acceptable.');

    // Four restriction types: a SPOC from the staff directory, a call limit, call times and recording.
    await form.getByLabel('Single point of contact', { exact: true }).check();
    await form.getByLabel('Call limit', { exact: true }).check();
    await form.getByLabel('Calls allowed').fill('2');
    await form.getByLabel('Per', { exact: true }).selectOption('week');
    await form.getByLabel('Call times', { exact: true }).check();
    await form.getByLabel('To', { exact: true }).fill('16:00');
    await form.getByLabel('Recorded', { exact: true }).check();

    // The page checks the restrictions with the shared schema before sending anything: no SPOC chosen yet.
    await form.getByRole('button', { name: 'Propose strategy' }).click();
    const staffPicker = form.getByLabel('Member of staff who takes the calls');
    await expect.poll(() => staffPicker.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.restriction-spoc').textContent()).toContain('Choose the member of staff who takes this caller’s calls');
    expect(await pageA.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }).document.activeElement.getAttribute('name'))).toBe('staffId');
    expect(proposals).toEqual([]);
    await staffPicker.selectOption({ label: `${spoc.staff.displayName} (agent)` });

    // A review date in the past: only the server knows "now", so the API refuses it (400) and the page shows why by the field.
    await form.getByLabel('Review date').fill(localDate(-1));
    await form.getByRole('button', { name: 'Propose strategy' }).click();
    const reviewDate = form.getByLabel('Review date');
    await expect.poll(() => reviewDate.getAttribute('aria-invalid')).toBe('true');
    expect(proposals).toEqual([400]);
    expect(await form.locator('.field.has-problem').allTextContents()).toEqual([expect.stringContaining('Review date must be in the future')]);
    expect(await form.getByLabel('Reason').inputValue()).toBe(REASON);
    await screenshot(pageA, 'supervisor 04 strategy form, the API refused the review date');
    await screenshot(pageA, 'supervisor 04b strategy form, whole page', { fullPage: true });

    await reviewDate.fill(localDate(60));
    await form.getByRole('button', { name: 'Propose strategy' }).click();
    await pageA.getByRole('heading', { name: `Contact strategy for ${CUSTOMER}`, level: 1, exact: true }).waitFor();
    await expect.poll(() => proposals).toEqual([400, 201]);
    strategyId = new URL(pageA.url()).hash.split('/')[2]!;
    expect(await notice(pageA).textContent()).toContain('Another supervisor or director must authorise it.');
    expect(await pageA.locator('.badges').first().textContent()).toContain('Awaiting authorisation');
    const restrictions = await pageA.locator('.restriction-summary li').allTextContents();
    expect(restrictions).toEqual([
      `Single point of contact: ${spoc.staff.displayName}`,
      'Recorded: calls are recorded',
      'Call limit: 2 calls a week',
      'Call times: Mon, Tue, Wed, Thu, Fri 10:00–16:00',
    ]);
    await screenshot(pageA, 'supervisor 05 strategy proposed');
  }, 60_000);

  it('A may not authorise their own proposal: the 403 reason is shown in the dialog', async () => {
    const own = await a.api.post('/api/strategies', {
      customerId,
      reason: 'A second proposal by the same supervisor.',
      restrictions: [{ type: 'warning' }],
      reviewAt: new Date(Date.now() + 30 * DAY).toISOString(),
    });
    expect(own.status).toBe(201);
    await nav(pageA, 'Dashboard');
    await pageA.getByRole('heading', { name: 'Dashboard', level: 1, exact: true }).waitFor();
    const cards = section(pageA, 'proposals').locator('article');
    await expect.poll(() => cards.count()).toBe(2);
    const card = cards.filter({ has: pageA.locator('.badge-warning') });
    await card.getByRole('button', { name: 'Authorise' }).click();
    const dialog = pageA.getByRole('dialog', { name: 'Authorise this contact strategy' });
    await dialog.waitFor();
    await dialog.getByLabel('Your rationale').fill('I think this is justified.');
    await dialog.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Nobody may authorise their own proposal');
    expect(await dialog.getByRole('alert').textContent()).toContain('You cannot authorise this strategy');
    await screenshot(pageA, 'supervisor 06 own proposal refused');
    await pageA.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await card.getByRole('button', { name: 'Authorise' }).evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
  }, 60_000);

  it('director B signs in, sees the proposal on the dashboard and authorises it with a rationale', async () => {
    await signIn(pageB, b);
    const proposals = section(pageB, 'proposals');
    const card = proposals.locator('article').filter({ has: pageB.getByRole('link', { name: CUSTOMER }) }).filter({ has: pageB.locator('.badge-spoc') });
    await card.waitFor();
    expect(await card.textContent()).toContain(`Proposed by ${a.staff.displayName}`);
    await screenshot(pageB, 'supervisor 07 director dashboard with proposals');
    await card.getByRole('button', { name: 'Authorise' }).click();
    const dialog = pageB.getByRole('dialog', { name: 'Authorise this contact strategy' });
    await dialog.waitFor();
    // The rationale is required.
    await dialog.getByRole('button', { name: 'Authorise' }).click();
    await expect.poll(() => dialog.getByText('Write why the strategy is justified and proportionate').isVisible()).toBe(true);
    await dialog.getByLabel('Your rationale').fill('Proportionate: repeated warnings were ignored, and one named contact keeps the line open.');
    await screenshot(pageB, 'supervisor 08 authorise dialog');
    await dialog.getByRole('button', { name: 'Authorise' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => notice(pageB).textContent()).toContain(`Strategy for ${CUSTOMER} authorised. It comes into force when the letter is recorded.`);
    await expect.poll(() => proposals.locator('article').count()).toBe(1);
  }, 60_000);

  it('the authorised strategy waits under "awaiting notification" until the letter is recorded', async () => {
    const awaiting = section(pageB, 'awaiting-notification');
    const card = awaiting.locator('article').filter({ hasText: CUSTOMER });
    await card.waitFor();
    expect(await card.textContent()).toContain(`by ${b.staff.displayName}`);
    // A sees it there too.
    await pageA.reload();
    await section(pageA, 'awaiting-notification').locator('article').filter({ hasText: CUSTOMER }).waitFor();
    await screenshot(pageB, 'supervisor 09 awaiting notification', { fullPage: true });

    await card.getByRole('button', { name: 'Record letter' }).click();
    const dialog = pageB.getByRole('dialog', { name: 'Record the letter' });
    await dialog.waitFor();
    await dialog.getByLabel('Sent by').selectOption('letter');
    await dialog.getByLabel('Reference').fill('LTR-2030-0142');
    await dialog.getByRole('button', { name: 'Record letter' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => notice(pageB).textContent()).toContain(`Letter recorded for ${CUSTOMER}. The strategy is in force.`);
    await expect.poll(() => awaiting.textContent()).toContain('No letters to send.');
  }, 60_000);

  it('opens the strategy page and previews the letter', async () => {
    await visit(pageB, `#/strategies/${strategyId}`);
    await pageB.getByRole('heading', { name: `Contact strategy for ${CUSTOMER}`, level: 1, exact: true }).waitFor();
    const statusBadges = await pageB.locator('.badges').first().locator('li').allTextContents();
    expect(statusBadges).toEqual(['Authorised', 'In force']);
    expect(await pageB.locator('.facts').textContent()).toContain('reference LTR-2030-0142');
    await pageB.getByRole('button', { name: 'Preview letter' }).click();
    const letter = pageB.frameLocator('iframe[title="Letter preview"]');
    await letter.locator('main').waitFor();
    expect(await letter.locator('main').textContent()).toContain(REASON);
    expect(await letter.locator('main').textContent()).toContain(spoc.staff.displayName);
    expect(await pageB.getByRole('button', { name: 'Print letter' }).isVisible()).toBe(true);
    await pageB.getByTestId('letter').scrollIntoViewIfNeeded();
    await screenshot(pageB, 'supervisor 10 letter preview');

    const text = await pageB.request.get(`${app.url}${await pageB.getByRole('link', { name: 'Text version' }).getAttribute('href')}`);
    expect(text.status()).toBe(200);
    expect(text.headers()['content-type']).toMatch(/^text\/plain/);
    expect((await text.text()).replace(/\s+/g, ' ')).toContain(REASON);
    // The trail shows each step.
    const audit = await pageB.getByTestId('audit').locator('tbody tr').allTextContents();
    expect(audit.join('\n')).toMatch(/Notified[\s\S]*Authorised[\s\S]*Proposed/);
  }, 60_000);

  it('shows the reports as a chart and a table, and the CSV has the same numbers', async () => {
    // The app's clock stands still unless moved: let a few minutes pass, so the authorisation and the letter are
    // in the past when the report counts up to "now".
    app.clock.advance(5 * 60_000);
    await nav(pageA, 'Reports');
    await pageA.getByRole('heading', { name: 'Reports', level: 1, exact: true }).waitFor();
    const canvas = pageA.getByTestId('report-chart');
    await expect.poll(() => canvas.getAttribute('data-rendered')).toBe('true');
    const drawn = await canvas.evaluate((el) => {
      const c = el as unknown as PageCanvas;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted += 1;
      return { width: c.width, height: c.height, painted };
    });
    expect(drawn.width).toBeGreaterThan(300);
    expect(drawn.height).toBeGreaterThan(150);
    expect(drawn.painted).toBeGreaterThan(1000);

    // Hand count: one strategy authorised this month and in force at the end of it; no breaches or terminations.
    const total = pageA.getByTestId('report-table').locator('tfoot tr');
    const headers = await pageA.getByTestId('report-table').locator('thead th').allTextContents();
    const cells = await total.locator('th, td').allTextContents();
    const totals = Object.fromEntries(headers.map((name, i) => [name, cells[i]]));
    expect(totals).toMatchObject({ Period: 'Total', 'Strategies introduced': '1', 'In force at the end': '1', Lifted: '0', Breaches: '0', 'Terminated calls': '0' });
    const rows = pageA.getByTestId('report-table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    await canvas.scrollIntoViewIfNeeded();
    await screenshot(pageA, 'supervisor 11 reports');
    await screenshot(pageA, 'supervisor 11b reports, whole page', { fullPage: true });

    const [download] = await Promise.all([pageA.waitForEvent('download'), pageA.getByTestId('report-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^callguard-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = parse(await readFile((await download.path())!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const csvTotal = csv.at(-1)!;
    expect(csvTotal).toMatchObject({ period: 'total', strategies_introduced: '1', in_force_at_end: '1', lifted: '0', breaches: '0', terminated_calls: '0' });
    expect(csv).toHaveLength((await rows.count()) + 1);
  }, 60_000);

  it('a breach offers "tighten this strategy": B tightens it by review, then acknowledges the breach', async () => {
    // Three calls from the customer's number: beyond 2 a week, or outside the call times, at least one is a breach (R10).
    const caller = new FakeTwilioCaller(app.url);
    for (let i = 0; i < 3; i++) expect((await caller.call('07700 900123')).status).toBe(200);
    await nav(pageB, 'Dashboard');
    const breach = section(pageB, 'breaches').locator('article').filter({ hasText: CUSTOMER }).first();
    await breach.waitFor();
    await breach.getByRole('button', { name: 'Tighten this strategy' }).click();
    await pageB.getByRole('heading', { name: `Review the contact strategy for ${CUSTOMER}`, level: 1, exact: true }).waitFor();
    expect(await pageB.getByLabel('Tighten it').isChecked()).toBe(true);
    const restrictions = pageB.locator('.restrictions-editor');
    expect(await restrictions.isVisible()).toBe(true);
    await restrictions.getByLabel('Calls allowed').fill('1');
    await pageB.getByLabel('Notes').fill('Breached the call limit within days of the letter.');
    await screenshot(pageB, 'supervisor 12 review to tighten', { fullPage: true });
    await pageB.getByRole('button', { name: 'Record review' }).click();
    await pageB.getByRole('heading', { name: `Contact strategy for ${CUSTOMER}`, level: 1, exact: true }).waitFor();
    expect(await notice(pageB).textContent()).toContain('Review recorded: tighten it.');
    expect(await pageB.locator('.restriction-summary').textContent()).toContain('Call limit: 1 call a week');
    expect(await pageB.getByTestId('reviews').textContent()).toContain('Tighten it');

    await nav(pageB, 'Dashboard');
    const breaches = section(pageB, 'breaches').locator('article');
    await breaches.first().waitFor();
    const before = await breaches.count();
    await breaches.first().getByRole('button', { name: 'Acknowledge' }).click();
    const dialog = pageB.getByRole('dialog', { name: 'Acknowledge a breach' });
    await dialog.getByLabel('Note').fill('Strategy tightened at review.');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => breaches.count()).toBe(before - 1);
  }, 60_000);

  it('A records an appeal; B, who authorised the strategy, may not decide it (403 shown by the form)', async () => {
    await visit(pageA, `#/strategies/${strategyId}`);
    await pageA.getByRole('button', { name: 'Record appeal' }).click();
    const dialog = pageA.getByRole('dialog', { name: 'Record an appeal' });
    await dialog.getByLabel('What the customer says').fill('The calls were about a new matter.');
    await dialog.getByRole('button', { name: 'Record appeal' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => pageA.getByTestId('appeals').textContent()).toContain('The calls were about a new matter.');

    await visit(pageB, `#/strategies/${strategyId}`);
    await pageB.getByRole('link', { name: 'Decide this appeal' }).click();
    await pageB.getByRole('heading', { name: `Decide the appeal of ${CUSTOMER}`, level: 1, exact: true }).waitFor();
    await pageB.getByLabel('Uphold the strategy').check();
    await pageB.getByLabel('Reasons').fill('The calls repeated the closed complaint.');
    await pageB.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => pageB.getByRole('alert').filter({ hasText: 'You cannot decide this appeal' }).textContent()).toContain('neither proposed nor authorised');
    await screenshot(pageB, 'supervisor 13 appeal decision refused');
  }, 60_000);

  it('logged no console errors but the refusals the walk-through expects', () => {
    // A browser logs every refused request: the 401 that tells a signed-out page to show the sign-in form (once
    // per page), the API's 400 for the review date, its 403 for authorising one's own proposal (A), and its 403
    // for deciding an appeal of a strategy one authorised (B).
    const expected = [
      (line: string) => line.includes('status of 401') && line.includes('/api/session'),
      (line: string) => line.includes('status of 400') && line.includes('/api/strategies'),
      (line: string) => line.includes('status of 403') && /\/api\/strategies\/[0-9a-f-]+\/authorise/.test(line),
      (line: string) => line.includes('status of 403') && /\/api\/strategies\/[0-9a-f-]+\/appeals\/[0-9a-f-]+\/decision/.test(line),
    ];
    const [errorsA, errorsB] = consoleErrors.map((c) => {
      c.stop();
      return c.errors;
    }) as [readonly string[], readonly string[]];
    expect(errorsA.filter((line) => !expected.slice(0, 3).some((ok) => ok(line)))).toEqual([]);
    expect(expected.slice(0, 3).map((ok) => errorsA.filter(ok).length)).toEqual([1, 1, 1]);
    expect(errorsB.filter((line) => !expected[0]!(line) && !expected[3]!(line))).toEqual([]);
    expect(errorsB.filter(expected[3]!)).toHaveLength(1);
  });
});
