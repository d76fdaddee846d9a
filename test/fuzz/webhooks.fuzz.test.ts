import fc from 'fast-check';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CALL_STATUSES,
  DIAL_CALL_STATUSES,
  dialResultSchema,
  gatherResultSchema,
  incomingCallSchema,
  recordingStatusSchema,
  recordResultSchema,
  statusCallbackSchema,
  WEBHOOK_PATHS,
} from '../../webhooks/twilio.protocol.js';
import { parseTwilioForm } from '../../webhooks/webhook-form.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { castOf, givenStrategy } from '../support/scenario.js';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, TEST_PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { parseTwiml } from '../support/twiml.js';
import { BAD_ENCODINGS, headerText, HUGE_STRINGS, LARGE_STRINGS, nastyKey, nastyString, pct, sometimes } from './arbitraries.js';
import { changedTables, CountsTable, FUZZ_RUNS, FUZZ_SEED, rawClient, startFuzzApp, type FuzzApp, type RawResponse, UnchangedByRefusals } from './fuzz-harness.js';

// Every Twilio voice webhook, FUZZ_RUNS (>= 1,000) generated form posts each, signed correctly over PUBLIC_URL
// (so they pass the signature check) with garbage parameters: always 200 with well-formed TwiML whose root is
// <Response> (400 with TwiML only when the body is over the form parser's limits), never 5xx, nothing logged at
// error level, and a post that fails the webhook's own schema changes no table. The same paths unsigned, or
// signed wrongly, get 403 and change nothing.
//
// | path                                   | what is generated                                              |
// |----------------------------------------|----------------------------------------------------------------|
// | /webhooks/voice/incoming               | call fields                                                    |
// | /webhooks/voice/status                 | call fields, CallStatus, CallDuration, SequenceNumber, ...     |
// | /webhooks/voice/dial-result?step=      | call fields, DialCallStatus, DialCallSid, ..., step            |
// | /webhooks/voice/emergency              | call fields, Digits                                            |
// | /webhooks/voice/emergency-result       | call fields, Digits                                            |
// | /webhooks/voice/voicemail              | call fields, RecordingSid, RecordingUrl, RecordingDuration     |
// | /webhooks/voice/recording-status?kind= | CallSid, AccountSid, Recording* fields, kind                   |
// Call fields: CallSid (real calls in progress, unknown, malformed), AccountSid, From, To, CallStatus, plus
// unknown and prototype-polluting parameter names; values from the shared hostile strings.

const FORM_LIMIT = 64 * 1024;

// The webhooks' own form parser, so a post is signed over exactly the parameters the server will see (it drops
// empty names and names given twice, for example); null when the server refuses the body as unreadable.
const parsedForm = (body: string): Record<string, string> | null => {
  try {
    return parseTwilioForm(body);
  } catch {
    return null;
  }
};

let app: FuzzApp;
let http: ReturnType<typeof rawClient>;
const counts = new CountsTable();
const real = { callSids: [] as string[], numbers: [] as string[] };

beforeAll(async () => {
  app = await startFuzzApp();
  http = rawClient(app.url, 4);
  // Real calls for the steps to find: a SPOC route (dial-result, voicemail), a barred caller with the emergency
  // option (emergency, emergency-result), a recorded call (recording-status) and an ordinary caller.
  const testApp = app as unknown as TestApp;
  const cast = await castOf(testApp);
  const caller = new FakeTwilioCaller(app.url);
  const spoc = await givenStrategy(testApp, cast, { restrictions: [{ type: 'spoc', staffId: cast.spoc.staff.id, deputyStaffId: cast.deputy.staff.id }] });
  const bar = await givenStrategy(testApp, cast, { restrictions: [{ type: 'bar', emergencyBypass: true }] });
  const recorded = await givenStrategy(testApp, cast, { restrictions: [{ type: 'record' }] });
  for (const number of [spoc.number, bar.number, recorded.number, '07700 900999']) {
    const answer = await caller.call(number);
    if (answer.status !== 200) throw new Error(`fixture call: ${answer.status} ${answer.body}`);
    real.callSids.push(answer.callSid);
    real.numbers.push(String(answer.params.From));
  }
  await app.settle();
}, 120_000);

afterAll(async () => {
  counts.print('Twilio webhooks (signed garbage: 200 = TwiML; unsigned: 4xx = 403)', { ok: '200', rejected: '4xx' });
  http?.close();
  await app?.close();
});

// --- form parameters --------------------------------------------------------------------------------------

/** Hostile parameter values, up to a few KB (posts() adds a 100 KB one now and then). */
const formString = fc.oneof(
  { arbitrary: nastyString.filter((s) => s.length <= 2_000), weight: 12 },
  { arbitrary: fc.constantFrom(...LARGE_STRINGS.filter((s) => s.length < 10_000)), weight: 1 },
);
const sid = (prefix: string) => fc.stringMatching(new RegExp(`^${prefix}[0-9a-f]{32}$`));
const field = (valid: fc.Arbitrary<string>, weight = 3) => fc.oneof({ arbitrary: valid, weight }, { arbitrary: formString, weight: 2 });
const digits = (max: number) => fc.integer({ min: -5, max }).map(String);

function callFields() {
  return {
    CallSid: fc.oneof({ arbitrary: fc.constantFrom(...real.callSids), weight: 4 }, { arbitrary: sid('CA'), weight: 2 }, { arbitrary: formString, weight: 3 }),
    AccountSid: field(fc.oneof({ arbitrary: fc.constant(TEST_ACCOUNT_SID), weight: 4 }, { arbitrary: sid('AC'), weight: 1 })),
    From: field(fc.constantFrom(...real.numbers, '+447700900123', 'anonymous', 'restricted', '', '266696687', '+442079460000', 'client:deputy-desk')),
    To: field(fc.constantFrom('+442079460000', '+447700900000', '')),
    CallStatus: field(fc.constantFrom(...CALL_STATUSES)),
    Direction: field(fc.constantFrom('inbound', 'outbound-dial')),
    ApiVersion: field(fc.constant('2010-04-01')),
  };
}

interface Webhook {
  path: string;
  fields: () => Record<string, fc.Arbitrary<string>>;
  query?: () => fc.Arbitrary<string>;
  schema: z.ZodType;
}

const WEBHOOKS: Webhook[] = [
  { path: WEBHOOK_PATHS.incoming, fields: () => ({ ...callFields(), StirVerstat: field(fc.constantFrom('TN-Validation-Passed-A', 'TN-Validation-Failed')) }), schema: incomingCallSchema },
  {
    path: WEBHOOK_PATHS.status,
    fields: () => ({
      ...callFields(),
      CallDuration: field(digits(100_000)),
      SequenceNumber: field(digits(20)),
      Timestamp: field(fc.constant('Tue, 24 Nov 2026 10:00:00 +0000')),
      AnsweredBy: field(fc.constantFrom('human', 'machine_start', 'unknown')),
    }),
    schema: statusCallbackSchema,
  },
  {
    path: WEBHOOK_PATHS.dialResult,
    fields: () => ({ ...callFields(), DialCallStatus: field(fc.constantFrom(...DIAL_CALL_STATUSES)), DialCallSid: field(sid('CA')), DialCallDuration: field(digits(10_000)) }),
    query: () => fc.oneof(digits(25), formString).map((step) => `?step=${pct(step.slice(0, 200))}`),
    schema: dialResultSchema,
  },
  { path: WEBHOOK_PATHS.emergency, fields: () => ({ ...callFields(), Digits: field(fc.constantFrom('1', '2', '9', '*', '#', '', '11')) }), schema: gatherResultSchema },
  { path: WEBHOOK_PATHS.emergencyResult, fields: () => ({ ...callFields(), Digits: field(fc.constantFrom('1', '')), DialCallStatus: field(fc.constantFrom(...DIAL_CALL_STATUSES)) }), schema: gatherResultSchema },
  {
    path: WEBHOOK_PATHS.voicemail,
    fields: () => ({ ...callFields(), RecordingSid: field(sid('RE')), RecordingUrl: field(fc.constantFrom('https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1', 'javascript:alert(1)', 'http://[::1]/')), RecordingDuration: field(digits(600)) }),
    schema: recordResultSchema,
  },
  {
    path: WEBHOOK_PATHS.recordingStatus,
    fields: () => ({
      CallSid: callFields().CallSid,
      AccountSid: callFields().AccountSid,
      RecordingSid: field(sid('RE')),
      RecordingUrl: field(fc.constantFrom('https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1', 'file:///etc/passwd')),
      RecordingStatus: field(fc.constantFrom('in-progress', 'completed', 'absent', 'failed')),
      RecordingDuration: field(digits(600)),
      RecordingChannels: field(fc.constantFrom('1', '2')),
    }),
    query: () => fc.oneof(fc.constantFrom('call', 'voicemail'), formString).map((kind) => `?kind=${pct(kind.slice(0, 200))}`),
    schema: recordingStatusSchema,
  },
];

interface Post {
  path: string;
  params: Record<string, string>;
  body: string;
  headers: Record<string, string>;
}

/** Some of the webhook's fields (good or bad values), a few unknown ones, an odd query now and then. */
function posts(webhook: Webhook, signing: fc.Arbitrary<'valid' | 'none' | 'forged'>): fc.Arbitrary<Post> {
  const query = webhook.query ? webhook.query() : fc.constant('');
  return fc
    .record({
      known: fc.record(webhook.fields(), { requiredKeys: [] }),
      extra: fc.array(fc.tuple(fc.oneof(nastyKey, fc.constantFrom('CallSid ', 'callsid', 'Caller', 'FromCity')), formString), { maxLength: 4 }),
      // 1 in 25: a 100 KB value, over the form parser's 64 KB (answered 400 with TwiML, before the signature check)
      huge: sometimes(fc.tuple(fc.constantFrom('Padding', 'Unknown'), fc.constantFrom(...HUGE_STRINGS)), 25),
      query: fc.oneof({ arbitrary: query, weight: 8 }, { arbitrary: fc.constantFrom(...BAD_ENCODINGS).map((raw) => `?${raw}`), weight: 1 }),
      idempotency: sometimes(headerText, 4),
      signing,
      forgery: fc.constantFrom('missing', 'garbage', 'other-token', 'loopback-url', 'tampered', 'no-query'),
      garbage: headerText,
    })
    .map(({ known, extra, huge, query: q, idempotency, signing: how, forgery, garbage }) => {
      const entries = Object.entries(known).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
      for (const [key, value] of [...extra, ...(huge ? [huge] : [])]) if (!entries.some(([k]) => k === key)) entries.push([key, value]);
      const body = entries.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
      // What the server will see once it decodes the form, which is what Twilio's signature covers.
      const params = parsedForm(body) ?? {};
      const path = webhook.path + q;
      const sign = (token: string, url: string, over: Record<string, string>) => twilio.getExpectedTwilioSignature(token, url, over);
      let signature: string | null = sign(TEST_AUTH_TOKEN, TEST_PUBLIC_URL + path, params);
      if (how !== 'valid') {
        signature = {
          missing: null,
          garbage: garbage || 'x',
          'other-token': sign('someone-elses-token', TEST_PUBLIC_URL + path, params),
          'loopback-url': sign(TEST_AUTH_TOKEN, `http://127.0.0.1${path}`, params),
          tampered: sign(TEST_AUTH_TOKEN, TEST_PUBLIC_URL + path, { ...params, From: `${params.From ?? ''}0` }),
          'no-query': sign(TEST_AUTH_TOKEN, TEST_PUBLIC_URL + webhook.path, params),
        }[forgery];
        if (forgery === 'no-query' && q === '') signature = null;
      }
      return {
        path,
        params,
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature === null ? {} : { 'x-twilio-signature': signature }),
          ...(idempotency === null ? {} : { 'i-twilio-idempotency-token': idempotency }),
        },
      };
    });
}

const describePost = (post: Post, res?: RawResponse) =>
  `POST ${post.path.slice(0, 300)} headers=${JSON.stringify(post.headers).slice(0, 300)} body=${post.body.slice(0, 600)}${res ? `\n→ ${res.status} ${res.text.slice(0, 400)}` : ''}`;

function fail(message: string, post: Post, res?: RawResponse): never {
  throw new Error(`${message}\n${describePost(post, res)}`);
}

function checkTwiml(post: Post, res: RawResponse): void {
  if (!/xml/.test(res.headers['content-type'] ?? '')) fail('not TwiML', post, res);
  try {
    parseTwiml(res.text);
  } catch (err) {
    fail(`malformed TwiML: ${(err as Error).message}`, post, res);
  }
}

describe('webhooks fuzz: signed garbage', () => {
  it.each(WEBHOOKS.map((w, i) => [w.path, w, i] as const))('%s', async (_path, webhook, index) => {
    const row = `POST ${webhook.path}`;
    counts.row(row);
    const started = performance.now();
    const unchanged = await UnchangedByRefusals.start(app, 'malformed posts');
    await fc.assert(
      fc.asyncProperty(posts(webhook, fc.constant('valid')), async (post) => {
        const wellFormed = webhook.schema.safeParse(post.params).success;
        if (wellFormed) await unchanged.verify();
        const logged = app.errors.length;
        const res = await http.send({ method: 'POST', path: post.path, headers: post.headers, body: post.body });
        counts.add(row, res.status, wellFormed);
        const tooLarge = Buffer.byteLength(post.body) > FORM_LIMIT;
        if (res.status !== (tooLarge ? 400 : 200)) fail(`expected ${tooLarge ? 400 : 200}`, post, res);
        checkTwiml(post, res);
        if (wellFormed) {
          // A post the schema accepts may record something: let it land, then start again from there.
          await unchanged.accepted();
        } else {
          await unchanged.refused(describePost(post, res).slice(0, 400));
        }
        await app.sync();
        if (app.errors.length > logged) fail(`errors logged:\n${app.errors.slice(logged).join('\n')}`, post, res);
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED + 100 + index, endOnFailure: true },
    );
    await unchanged.verify();
    expect((await http.send({ method: 'GET', path: '/healthz' })).status).toBe(200);
    counts.row(row).ms = performance.now() - started;
  }, 300_000);
});

describe('webhooks fuzz: unsigned or forged', () => {
  it.each(WEBHOOKS.map((w, i) => [w.path, w, i] as const))('%s', async (_path, webhook, index) => {
    const row = `POST ${webhook.path} (unsigned)`;
    counts.row(row);
    const started = performance.now();
    const before = await app.quiesce();
    await fc.assert(
      fc.asyncProperty(posts(webhook, fc.constantFrom('none', 'forged')), async (post) => {
        const res = await http.send({ method: 'POST', path: post.path, headers: post.headers, body: post.body });
        counts.add(row, res.status);
        // Over the form parser's limits the body is refused (400, TwiML) before the signature is looked at.
        if (Buffer.byteLength(post.body) > FORM_LIMIT) {
          if (res.status !== 400) fail('expected 400 for an oversized body', post, res);
          checkTwiml(post, res);
        } else if (res.status !== 403) fail('expected 403', post, res);
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 2), seed: FUZZ_SEED + 200 + index, endOnFailure: true },
    );
    expect(changedTables(before, await app.quiesce()), 'unsigned posts changed data').toEqual([]);
    expect((await http.send({ method: 'GET', path: '/healthz' })).status).toBe(200);
    counts.row(row).ms = performance.now() - started;
  }, 300_000);
});

describe('webhooks fuzz: counts', () => {
  it('ran at least the minimum number of signed cases for every path', () => {
    for (const webhook of WEBHOOKS) expect(counts.row(`POST ${webhook.path}`).cases, webhook.path).toBeGreaterThanOrEqual(FUZZ_RUNS);
  });
});
