import { createServer, type IncomingMessage, type Server } from 'node:http';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCallArgs, type CallOptions } from '../../scripts/simulator/call-options.js';
import { runCall, type SimulatorConfig } from '../../scripts/simulator/run-call.js';

// A fake callguard on loopback, reached as if through a tunnel: Twilio (the simulator) knows it
// as PUBLIC_URL, signs over that, and the TwiML's action URLs are built on it too.

const PUBLIC_URL = 'https://callguard.example.test';
const AUTH_TOKEN = 'simulator-test-auth-token';
const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const CALL_SID = 'CA00000000000000000000000000000001';
const NOW = new Date('2025-03-04T10:20:30Z');
const VOICE = { voice: 'Polly.Amy', language: 'en-GB' } as const;

interface Received {
  method: string;
  path: string;
  signatureValid: boolean;
  contentType: string | undefined;
  params: Record<string, string>;
}

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

type Responder = (path: string, params: Record<string, string>) => Answer | 'hang';

interface FakeCallguard {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function startFakeCallguard(respond: Responder, publicUrl = PUBLIC_URL): Promise<FakeCallguard> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const signature = req.headers['x-twilio-signature'];
    const path = req.url ?? '/';
    const signatureValid = typeof signature === 'string' && twilio.validateRequest(AUTH_TOKEN, signature, `${publicUrl}${path}`, params);
    received.push({ method: req.method ?? '', path, signatureValid, contentType: req.headers['content-type'], params });
    if (!signatureValid) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Invalid Twilio signature');
      return;
    }
    const answer = respond(path, params);
    if (answer === 'hang') return;
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'text/xml', ...answer.headers }).end(answer.body ?? '');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return { url: `http://127.0.0.1:${address.port}`, received, close: () => closeServer(server) };
}

/** Plays callguard's refusal with an emergency key, the emergency dial, a retry on no answer, and status callbacks. */
function cannedCallguard(publicUrl = PUBLIC_URL): Responder {
  return (path, params): Answer => {
    const response = new twilio.twiml.VoiceResponse();
    if (path === '/webhooks/voice/incoming') {
      response.say(VOICE, 'We are not accepting phone calls from this number. You can still contact us in writing, by letter or by email.');
      const gather = response.gather({ action: `${publicUrl}/webhooks/voice/emergency?lang=en&attempt=1`, numDigits: 1, timeout: 5 });
      gather.say(VOICE, 'If this is an emergency, press 1.');
      response.hangup();
      return { headers: { 'X-Callguard-Decision': 'kind=refuse reason=bar breaches=1 emergency=yes' }, body: response.toString() };
    }
    if (path === '/webhooks/voice/emergency?lang=en&attempt=1') {
      response.say(VOICE, 'Connecting you now.');
      response.dial({ action: `${publicUrl}/webhooks/voice/dial-result?attempt=1`, timeout: 20 }).number('+442079460999');
      return { headers: { 'X-Callguard-Decision': 'kind=emergency routes=1' }, body: response.toString() };
    }
    if (path.startsWith('/webhooks/voice/dial-result') && params.DialCallStatus !== 'completed') {
      response.dial({ action: `${publicUrl}/webhooks/voice/dial-result?attempt=2`, timeout: 20 }).number('+442079460998');
      return { body: response.toString() };
    }
    if (path.startsWith('/webhooks/voice/dial-result')) {
      response.hangup();
      return { body: response.toString() };
    }
    if (path === '/webhooks/voice/status') return { status: 204 };
    return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not Found' };
  };
}

function optionsFor(argv: string[], url: string): CallOptions {
  const parsed = parseCallArgs([...argv, '--url', url]);
  if (parsed.kind !== 'run') throw new Error(`bad test arguments: ${JSON.stringify(parsed)}`);
  return parsed.options;
}

async function simulate(argv: string[], url: string, overrides: { config?: Partial<SimulatorConfig>; timeoutMs?: number } = {}) {
  const printed: string[] = [];
  const failed: string[] = [];
  let sids = 0;
  const config: SimulatorConfig = {
    publicUrl: PUBLIC_URL,
    twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    defaultRegion: 'GB',
    ...overrides.config,
  };
  const code = await runCall(optionsFor(argv, url), {
    config,
    output: { print: (line) => printed.push(line), fail: (line) => failed.push(line) },
    newSid: () => `CA${String(++sids).padStart(32, 'f')}`,
    now: () => NOW,
    timeoutMs: overrides.timeoutMs,
  });
  return { code, printed, failed };
}

describe('runCall against a fake callguard', () => {
  it('plays a whole call, signing every request over PUBLIC_URL and sending it to the server', async () => {
    const callguard = await startFakeCallguard(cannedCallguard());
    const run = await simulate(
      ['07700900123', '--sid', CALL_SID, '--digits', '1', '--dial-status', 'no-answer,completed', '--status', 'completed', '--duration', '45'],
      callguard.url,
    );

    expect(run.failed).toEqual([]);
    expect(run.code).toBe(0);
    expect(callguard.received.map((r) => [r.method, r.path, r.signatureValid])).toEqual([
      ['POST', '/webhooks/voice/incoming', true],
      ['POST', '/webhooks/voice/emergency?lang=en&attempt=1', true],
      ['POST', '/webhooks/voice/dial-result?attempt=1', true],
      ['POST', '/webhooks/voice/dial-result?attempt=2', true],
      ['POST', '/webhooks/voice/status', true],
    ]);
    for (const request of callguard.received) {
      expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      expect(request.params).toMatchObject({
        CallSid: CALL_SID,
        AccountSid: ACCOUNT_SID,
        From: '07700900123',
        To: '+442079460000',
        Caller: '07700900123',
        Called: '+442079460000',
        Direction: 'inbound',
        ApiVersion: '2010-04-01',
      });
    }
    const [incoming, pressed, noAnswer, completed, status] = callguard.received.map((r) => r.params);
    expect(incoming).toMatchObject({ CallStatus: 'ringing' });
    expect(incoming).not.toHaveProperty('Digits');
    expect(pressed).toMatchObject({ CallStatus: 'in-progress', Digits: '1' });
    expect(noAnswer).toMatchObject({ CallStatus: 'in-progress', DialCallStatus: 'no-answer', DialCallDuration: '0' });
    expect(noAnswer?.DialCallSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(completed).toMatchObject({ DialCallStatus: 'completed', DialCallDuration: '45' });
    expect(completed?.DialCallSid).not.toBe(noAnswer?.DialCallSid);
    expect(status).toMatchObject({
      CallStatus: 'completed',
      CallDuration: '45',
      SequenceNumber: '0',
      Timestamp: 'Tue, 04 Mar 2025 10:20:30 GMT',
    });
    expect(status).not.toHaveProperty('DialCallStatus');

    expect(run.printed).toEqual([
      `Call ${CALL_SID} from 07700900123 (+447700900123) to +442079460000`,
      `  sent to ${callguard.url}, signed for ${PUBLIC_URL}`,
      '  decision: refuse (bar) · 1 breach · emergency key offered',
      '  <Say voice="Polly.Amy" language="en-GB">We are not accepting phone calls from this number. You can still contact us in writing, by letter or by email.</Say>',
      `  <Gather action="${PUBLIC_URL}/webhooks/voice/emergency?lang=en&attempt=1" numDigits="1" timeout="5">`,
      '    <Say voice="Polly.Amy" language="en-GB">If this is an emergency, press 1.</Say>',
      '  </Gather>',
      '  <Hangup/>',
      'Pressed 1 → /webhooks/voice/emergency?lang=en&attempt=1',
      '  decision: emergency · 1 route',
      '  <Say voice="Polly.Amy" language="en-GB">Connecting you now.</Say>',
      `  <Dial action="${PUBLIC_URL}/webhooks/voice/dial-result?attempt=1" timeout="20">`,
      '    <Number>+442079460999</Number>',
      '  </Dial>',
      'Dial no-answer → /webhooks/voice/dial-result?attempt=1',
      `  <Dial action="${PUBLIC_URL}/webhooks/voice/dial-result?attempt=2" timeout="20">`,
      '    <Number>+442079460998</Number>',
      '  </Dial>',
      'Dial completed (45 s) → /webhooks/voice/dial-result?attempt=2',
      '  <Hangup/>',
      'Status completed (45 s) → /webhooks/voice/status',
      '  HTTP 204 No Content',
    ]);
  });

  it('numbers status callbacks in order and gives a duration only to the one that ends the call', async () => {
    const callguard = await startFakeCallguard(cannedCallguard());
    const run = await simulate(['anonymous', '--status', 'ringing,in-progress,completed', '--duration', '12'], callguard.url);
    expect(run.code).toBe(0);
    const statuses = callguard.received.slice(1).map((r) => r.params);
    expect(statuses.map((p) => [p.CallStatus, p.SequenceNumber, p.CallDuration])).toEqual([
      ['ringing', '0', undefined],
      ['in-progress', '1', undefined],
      ['completed', '2', '12'],
    ]);
    expect(callguard.received[0]?.params.From).toBe('anonymous');
    expect(run.printed[0]).toMatch(/^Call CA[0-9a-f]{32} from anonymous \(withheld\) to \+442079460000$/);
  });

  it('works behind a proxy that strips a path from PUBLIC_URL', async () => {
    const publicUrl = `${PUBLIC_URL}/callguard`;
    const callguard = await startFakeCallguard(cannedCallguard(publicUrl), publicUrl);
    const run = await simulate(['07700900123', '--digits', '1'], callguard.url, { config: { publicUrl } });
    expect(run.failed).toEqual([]);
    expect(callguard.received.map((r) => [r.path, r.signatureValid])).toEqual([
      ['/webhooks/voice/incoming', true],
      ['/webhooks/voice/emergency?lang=en&attempt=1', true],
    ]);
  });

  it('stops with the status and body when callguard refuses a request', async () => {
    const callguard = await startFakeCallguard(cannedCallguard());
    const run = await simulate(['07700900123'], callguard.url, { config: { twilio: { accountSid: ACCOUNT_SID, authToken: 'not-the-token' } } });
    expect(run.code).toBe(1);
    expect(run.failed).toEqual([`HTTP 403 Forbidden from POST ${callguard.url}/webhooks/voice/incoming`, '  Invalid Twilio signature']);
    expect(callguard.received).toHaveLength(1);
  });

  it('says so when there is no <Gather> to press keys into', async () => {
    const callguard = await startFakeCallguard(() => {
      const response = new twilio.twiml.VoiceResponse();
      response.dial().number('+442079460999');
      return { headers: { 'X-Callguard-Decision': 'kind=connect routes=1 record=no time-limit=900 breaches=0 withheld=no' }, body: response.toString() };
    });
    const run = await simulate(['07700900123', '--digits', '1'], callguard.url);
    expect(run.code).toBe(1);
    expect(run.printed).toContain('  decision: connect · 1 route · not recorded · time limit 900 s · 0 breaches · caller identified');
    expect(run.failed).toEqual(['No <Gather> in the last TwiML, so there is nothing to press keys into.']);
    expect(callguard.received).toHaveLength(1);
  });

  it('says so when there is no <Dial> to end, or it has no action', async () => {
    const callguard = await startFakeCallguard(cannedCallguard());
    const noDial = await simulate(['07700900123', '--dial-status', 'busy'], callguard.url);
    expect(noDial.code).toBe(1);
    expect(noDial.failed).toEqual(['No <Dial> in the last TwiML, so there is no dial to end.']);

    const plain = await startFakeCallguard(() => {
      const response = new twilio.twiml.VoiceResponse();
      response.dial().number('+442079460999');
      return { body: response.toString() };
    });
    const noAction = await simulate(['07700900123', '--dial-status', 'busy'], plain.url);
    expect(noAction.code).toBe(1);
    expect(noAction.failed[0]).toMatch(/<Dial> has no action/);
  });

  it('refuses to press keys into a <Gather> that Twilio never reaches', async () => {
    const callguard = await startFakeCallguard(() => ({
      body: `<Response><Say>Goodbye.</Say><Hangup/><Gather action="${PUBLIC_URL}/webhooks/voice/emergency"/></Response>`,
    }));
    const run = await simulate(['07700900123', '--digits', '1'], callguard.url);
    expect(run.code).toBe(1);
    expect(run.failed).toEqual(['The <Gather> comes after <Hangup>, so Twilio never reaches it.']);
  });

  it('reports an answer that is not TwiML, and a missing decision header', async () => {
    const callguard = await startFakeCallguard(() => ({ headers: { 'Content-Type': 'text/html' }, body: '<html><body>Hello</body></html>' }));
    const run = await simulate(['07700900123'], callguard.url);
    expect(run.code).toBe(1);
    expect(run.failed).toEqual([
      `The answer from ${callguard.url}/webhooks/voice/incoming is not TwiML: expected one <Response> root element, found <html>`,
      '  <html><body>Hello</body></html>',
    ]);

    const bare = await startFakeCallguard(() => ({ headers: { 'Content-Type': 'text/plain' }, body: '<Response><Hangup/></Response>' }));
    const bareRun = await simulate(['07700900123'], bare.url);
    expect(bareRun.code).toBe(0);
    expect(bareRun.printed.slice(2)).toEqual([
      '  decision: (no X-Callguard-Decision header)',
      '  warning: Content-Type is text/plain; Twilio expects text/xml',
      '  <Hangup/>',
    ]);
  });

  it('fails when a status callback is not accepted', async () => {
    const callguard = await startFakeCallguard((path) =>
      path === '/webhooks/voice/status' ? { status: 500, body: '' } : { body: '<Response><Hangup/></Response>' },
    );
    const run = await simulate(['07700900123', '--status', 'completed'], callguard.url);
    expect(run.code).toBe(1);
    expect(run.failed).toEqual([`HTTP 500 Internal Server Error from POST ${callguard.url}/webhooks/voice/status`, '  (empty body)']);
  });

  it('gives one line with a hint when callguard is not running', async () => {
    const callguard = await startFakeCallguard(cannedCallguard());
    await callguard.close();
    const run = await simulate(['07700900123'], callguard.url);
    expect(run.code).toBe(1);
    expect(run.failed).toEqual([`Cannot reach ${callguard.url}/webhooks/voice/incoming (ECONNREFUSED): is callguard running? npm start`]);
  });

  it('gives up, as Twilio does, when callguard does not answer in time', async () => {
    const callguard = await startFakeCallguard(() => 'hang');
    const run = await simulate(['07700900123'], callguard.url, { timeoutMs: 200 });
    expect(run.code).toBe(1);
    expect(run.failed).toEqual([
      `No answer from ${callguard.url}/webhooks/voice/incoming within 0.2 s (Twilio would give up and play an application error): is callguard stuck?`,
    ]);
  });
});
