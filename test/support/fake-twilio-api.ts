import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  accountSid: string | null;
  callSid: string | null;
  form: Record<string, string>;
  authorization: { username: string; password: string } | null;
}

/**
 * - ok: 200 with the Call resource, status completed
 * - not-found: 404, code 20404 (Twilio has no such call)
 * - not-in-progress: 400, code 21220 (what Twilio answers for a call that has already completed)
 * - server-error: 500, code 20500
 * - hang: never answers until close()
 * - drop: destroys the socket without answering
 */
export type FakeBehaviour = 'ok' | 'not-found' | 'not-in-progress' | 'server-error' | 'hang' | 'drop';

/** The caller number in the fake's Call resources (Ofcom drama range). */
export const FAKE_CALLER_NUMBER = '+447700900123';

const CALL_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Calls\/(CA[0-9a-fA-F]{32})\.json$/;

/** Plays Twilio's REST API on loopback (pass `url` as TWILIO_API_BASE_URL) and records what it was sent. */
export class FakeTwilioApi {
  readonly requests: RecordedRequest[] = [];
  private standing: FakeBehaviour = 'ok';
  private readonly planned: FakeBehaviour[] = [];
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeTwilioApi> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('the fake Twilio API has no port');
    const fake = new FakeTwilioApi(server, `http://127.0.0.1:${address.port}`);
    // A client that goes away mid-body is not a test failure: just drop that exchange.
    server.on('request', (req, res) => void fake.handle(req, res).catch(() => res.destroy()));
    return fake;
  }

  /** With `times`, only that many next call requests get `behaviour`; without, every one does from now on. Default 'ok'. */
  respondWith(behaviour: FakeBehaviour, times?: number): void {
    if (times === undefined) {
      this.standing = behaviour;
      this.planned.length = 0;
    } else {
      for (let i = 0; i < times; i++) this.planned.push(behaviour);
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const match = req.method === 'POST' ? CALL_PATH.exec(path) : null;
    const accountSid = match?.[1] ?? null;
    const callSid = match?.[2] ?? null;
    this.requests.push({
      method: req.method ?? '',
      path,
      accountSid,
      callSid,
      form: Object.fromEntries(new URLSearchParams(body)),
      authorization: basicAuth(req.headers.authorization),
    });
    if (!accountSid || !callSid) return sendError(res, 404, 20404, `The requested resource ${path} was not found`);

    switch (this.planned.shift() ?? this.standing) {
      case 'ok':
        return sendJson(res, 200, callResource(accountSid, callSid));
      case 'not-found':
        return sendError(res, 404, 20404, `The requested resource ${path} was not found`);
      case 'not-in-progress':
        return sendError(res, 400, 21220, 'Call is not in-progress. Cannot redirect.');
      case 'server-error':
        return sendError(res, 500, 20500, 'Internal Server Error');
      case 'hang':
        this.hanging.add(res);
        return;
      case 'drop':
        req.socket.destroy();
        return;
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function basicAuth(header: string | undefined): RecordedRequest['authorization'] {
  const encoded = /^Basic (.+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** Twilio's error body for the 2010-04-01 API. */
function sendError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

/** RFC 2822 as Twilio writes it: "Tue, 10 Aug 2010 08:02:17 +0000". */
const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');

/** A completed inbound call, with numbers in it so a test can check none reach the logs. */
function callResource(accountSid: string, callSid: string): Record<string, unknown> {
  const now = new Date();
  const started = new Date(now.getTime() - 42_000);
  const uri = `/2010-04-01/Accounts/${accountSid}/Calls/${callSid}.json`;
  return {
    sid: callSid,
    account_sid: accountSid,
    parent_call_sid: null,
    date_created: rfc2822(started),
    date_updated: rfc2822(now),
    start_time: rfc2822(started),
    end_time: rfc2822(now),
    duration: '42',
    status: 'completed',
    direction: 'inbound',
    from: FAKE_CALLER_NUMBER,
    from_formatted: '07700 900123',
    to: '+442079460000',
    to_formatted: '020 7946 0000',
    phone_number_sid: `PN${'0'.repeat(32)}`,
    answered_by: null,
    caller_name: null,
    forwarded_from: null,
    group_sid: null,
    trunk_sid: null,
    queue_time: '0',
    price: null,
    price_unit: 'GBP',
    api_version: '2010-04-01',
    annotation: null,
    uri,
    subresource_uris: {
      notifications: uri.replace('.json', '/Notifications.json'),
      recordings: uri.replace('.json', '/Recordings.json'),
      events: uri.replace('.json', '/Events.json'),
    },
  };
}
