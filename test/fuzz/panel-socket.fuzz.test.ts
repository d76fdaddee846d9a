import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientMessageSchema, TERMINATION_REASONS } from '../../src/panel/panel.protocol.js';
import { FakeTwilioApi } from '../support/fake-twilio-api.js';
import { FakeTwilioCaller } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import type { SignedInStaff } from '../support/test-app.js';
import { HUGE_STRINGS, mutatedObject, nastyString, nastyValue, plausibleText, rawJson, setOwn } from './arbitraries.js';
import { CountsTable, FUZZ_RUNS, FUZZ_SEED, rawClient, startFuzzApp, UnchangedByRefusals, type FuzzApp } from './fuzz-harness.js';

// The live panel's socket, FUZZ_RUNS (>= 1,000) generated messages per client message type (malformed variants
// of each: wrong types, missing and extra fields, hostile strings, raw JSON text), plus text frames that are not
// messages and binary frames. Each gets {type:"error", code, message} (an ack only for a message the protocol's
// schema accepts), the socket stays open, nothing is logged at error level, a refused message changes no table,
// and the server still answers /healthz. Frames over the 64 KB limit get the socket closed with 1009 instead.
// The sockets keep under the flood limit (20 messages a second each): messages go round a pool of sockets,
// at most 15 a second on any one (the flood test is in test/panel).
//
// | message type            | what is generated                                                        |
// |-------------------------|--------------------------------------------------------------------------|
// | ping                    | mutations of {type, ref}                                                 |
// | call.claim              | mutations of {type, ref, callSid} (live, ended, unknown and bad SIDs)    |
// | call.warned             | mutations of {type, ref, callSid, note}                                  |
// | call.end                | mutations of {type, ref, callSid, reason, details, warned, warnedAt, …}  |
// | termination.log         | the same, for a call that has ended                                      |
// | termination.acknowledge | mutations of {type, ref, id, note} (real, unknown and bad ids)           |
// | (not a message)         | text that is not JSON, JSON that is not an object, deep JSON, 100 KB     |
// | (binary)                | binary frames                                                            |

const POOL_SIZE = 40;
const PER_SOCKET_PER_SECOND = 15;
const MAX_PAYLOAD = 64 * 1024;

let app: FuzzApp;
let twilioApi: FakeTwilioApi;
let director: SignedInStaff;
let pool: SocketPool;
const counts = new CountsTable();
const real = { live: [] as string[], ended: [] as string[], terminations: [] as string[] };

/** One socket of the pool: one message in flight at a time, and a send rate under the flood limit. */
class PooledSocket {
  private readonly sent: number[] = [];
  private waiting: ((message: any) => void) | null = null;
  busy = false;
  closed: { code: number; reason: string } | null = null;
  readonly others: any[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const message = isBinary ? { type: '(binary from server)' } : JSON.parse(data.toString());
      if ((message.type === 'ack' || message.type === 'error') && this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(message);
      } else if (message.type === 'ack' || message.type === 'error') {
        this.others.push(message);
      }
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.waiting?.({ type: '(closed)', code, reason: reason.toString() });
      this.waiting = null;
    });
  }

  static async open(url: string, token: string): Promise<PooledSocket> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/panel/ws?token=${encodeURIComponent(token)}`, { maxPayload: 16 * 1024 * 1024 });
    const socket = new PooledSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return socket;
  }

  /** When this socket may send again without coming near the flood limit. */
  readyAt(now: number): number {
    while (this.sent.length && this.sent[0]! <= now - 1_100) this.sent.shift();
    return this.sent.length < PER_SOCKET_PER_SECOND ? now : this.sent[0]! + 1_100;
  }

  /** Sends one frame and resolves with the ack or error that answers it (or a "(closed)" marker). */
  exchange(frame: string | Buffer, timeoutMs = 10_000): Promise<any> {
    this.sent.push(Date.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.ws.send(frame, { binary: Buffer.isBuffer(frame) });
    });
  }
}

class SocketPool {
  private constructor(
    private readonly url: string,
    private readonly token: string,
    readonly sockets: PooledSocket[],
  ) {}

  static async open(url: string, token: string, size: number): Promise<SocketPool> {
    const sockets: PooledSocket[] = [];
    for (let i = 0; i < size; i++) sockets.push(await PooledSocket.open(url, token));
    return new SocketPool(url, token, sockets);
  }

  /** An idle socket that may send now, waiting for one if need be. */
  async acquire(): Promise<PooledSocket> {
    for (;;) {
      const now = Date.now();
      let earliest = Infinity;
      for (const socket of this.sockets) {
        if (socket.busy || socket.closed) continue;
        const at = socket.readyAt(now);
        if (at <= now) {
          socket.busy = true;
          return socket;
        }
        earliest = Math.min(earliest, at);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(earliest - now, 50))));
    }
  }

  release(socket: PooledSocket): void {
    socket.busy = false;
  }

  /** Puts a fresh socket in the place of one the server closed on purpose. */
  async replace(socket: PooledSocket): Promise<void> {
    this.sockets[this.sockets.indexOf(socket)] = await PooledSocket.open(this.url, this.token);
  }

  close(): void {
    for (const socket of this.sockets) socket.ws.close();
  }
}

beforeAll(async () => {
  twilioApi = await FakeTwilioApi.start();
  app = await startFuzzApp({ env: { TWILIO_API_BASE_URL: twilioApi.url } });
  director = await app.staff('director');
  const agent = await app.staff('agent');
  const caller = new FakeTwilioCaller(app.url);
  // Calls in progress (on the board), calls that have ended, and terminations waiting for a supervisor.
  for (let i = 0; i < 4; i++) real.live.push((await caller.call(`07700 90071${i}`)).callSid);
  for (let i = 0; i < 3; i++) {
    const { callSid } = await caller.call(`07700 90072${i}`);
    await caller.status(callSid, 'completed', { CallDuration: '30' });
    real.ended.push(callSid);
  }
  const panel = await PanelClient.open(app.url, agent.token);
  try {
    for (const [i, callSid] of real.ended.slice(0, 2).entries()) {
      panel.send({ type: 'termination.log', ref: `fixture-${i}`, callSid, reason: 'abusive_language', details: 'Kept swearing.', warned: true });
      const ack = await panel.next((m) => m.ref === `fixture-${i}`, 10_000);
      if (ack.type !== 'ack') throw new Error(`fixture termination: ${JSON.stringify(ack)}`);
      real.terminations.push(ack.terminationId);
    }
  } finally {
    panel.close();
  }
  await app.settle();
  pool = await SocketPool.open(app.url, director.token, POOL_SIZE);
}, 120_000);

afterAll(async () => {
  counts.print('panel socket (ack, error reply; frames over 64 KB: closed 1009, counted as errors)', { ok: 'ack', rejected: 'error' });
  pool?.close();
  await app?.close();
  await twilioApi?.close();
});

// --- messages ---------------------------------------------------------------------------------------------

type Frame = { frame: string | Buffer; kind: string };

const ref = fc.oneof(fc.constantFrom('r1', 'ref-2', ''), nastyString.filter((s) => s.length <= 200));
const callSid = () => fc.oneof({ arbitrary: fc.constantFrom(...real.live, ...real.ended), weight: 3 }, { arbitrary: fc.stringMatching(/^CA[0-9a-f]{32}$/), weight: 2 }, { arbitrary: nastyString, weight: 1 });
const terminationFields = () => ({
  callSid: callSid(),
  reason: fc.constantFrom(...TERMINATION_REASONS),
  details: plausibleText,
  warned: fc.boolean(),
  warnedAt: fc.constantFrom(new Date().toISOString(), '2026-01-01T10:00:00+01:00'),
  justification: plausibleText,
});

const TEMPLATES: Record<string, () => fc.Arbitrary<Record<string, unknown>>> = {
  ping: () => fc.record({ type: fc.constant('ping'), ref }, { requiredKeys: ['type'] }),
  'call.claim': () => fc.record({ type: fc.constant('call.claim'), ref, callSid: callSid() }, { requiredKeys: ['type', 'callSid'] }),
  'call.warned': () => fc.record({ type: fc.constant('call.warned'), ref, callSid: callSid(), note: plausibleText }, { requiredKeys: ['type', 'callSid'] }),
  'call.end': () => fc.record({ type: fc.constant('call.end'), ref, ...terminationFields() }, { requiredKeys: ['type', 'callSid', 'reason', 'warned'] }),
  'termination.log': () => fc.record({ type: fc.constant('termination.log'), ref, ...terminationFields() }, { requiredKeys: ['type', 'callSid', 'reason', 'warned'] }),
  'termination.acknowledge': () =>
    fc.record(
      { type: fc.constant('termination.acknowledge'), ref, id: fc.oneof({ arbitrary: fc.constantFrom(...real.terminations), weight: 3 }, { arbitrary: fc.uuid(), weight: 1 }, { arbitrary: nastyString, weight: 1 }), note: plausibleText },
      { requiredKeys: ['type', 'id', 'note'] },
    ),
};

/** A message of one type: as generated, mutated, with its type bent, or as hostile JSON text. */
function messagesOf(type: string): fc.Arbitrary<Frame> {
  const text = (value: unknown, kind: string): Frame => ({ frame: JSON.stringify(value) ?? 'null', kind });
  return TEMPLATES[type]!().chain((template) =>
    fc.oneof(
      { arbitrary: fc.constant(text(template, 'valid')), weight: 1 },
      { arbitrary: mutatedObject(template).map((v) => text(v, 'mutated')), weight: 8 },
      {
        arbitrary: fc.oneof(fc.constantFrom(type.toUpperCase(), ` ${type}`, `${type}\u0000`, type.replace('.', '_'), `${type}.extra`), nastyValue).map((t) => text(setOwn({ ...template }, 'type', t), 'type')),
        weight: 1,
      },
      { arbitrary: rawJson(template).filter((raw) => Buffer.byteLength(raw) <= MAX_PAYLOAD).map((raw): Frame => ({ frame: raw, kind: 'raw' })), weight: 2 },
    ),
  );
}

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const notMessages: fc.Arbitrary<Frame> = fc.oneof(
  { arbitrary: nastyString.filter((s) => Buffer.byteLength(s) <= MAX_PAYLOAD && !isJson(s)).map((frame): Frame => ({ frame, kind: 'text' })), weight: 6 },
  { arbitrary: rawJson({ type: 'ping', ref: 'r' }).filter((raw) => Buffer.byteLength(raw) <= MAX_PAYLOAD).map((frame): Frame => ({ frame, kind: 'raw' })), weight: 3 },
  { arbitrary: nastyValue.map((v): Frame => ({ frame: JSON.stringify(v) ?? 'null', kind: 'json value' })), weight: 2 },
  { arbitrary: fc.constantFrom(...HUGE_STRINGS.filter((s) => Buffer.byteLength(s) > MAX_PAYLOAD)).map((frame): Frame => ({ frame, kind: 'oversized' })), weight: 1 },
);

const binaryFrames: fc.Arbitrary<Frame> = fc.oneof(
  fc.uint8Array({ maxLength: 256 }).map((bytes): Frame => ({ frame: Buffer.from(bytes), kind: 'binary' })),
  fc.constantFrom(Buffer.from('{"type":"ping"}'), Buffer.from([0xff, 0xfe, 0x00]), Buffer.alloc(0)).map((frame): Frame => ({ frame, kind: 'binary' })),
);

const ROWS: Array<[string, () => fc.Arbitrary<Frame>]> = [
  ...Object.keys(TEMPLATES).map((type): [string, () => fc.Arbitrary<Frame>] => [type, () => messagesOf(type)]),
  ['(not a message)', () => notMessages],
  ['(binary)', () => binaryFrames],
];

const describeFrame = (f: Frame) => `${f.kind}: ${Buffer.isBuffer(f.frame) ? `<${f.frame.length} bytes ${f.frame.subarray(0, 40).toString('hex')}>` : JSON.stringify(f.frame.slice(0, 500))}`;

function parsedMessage(f: Frame): { ok: true; ref?: string } | { ok: false; ref?: string } {
  if (Buffer.isBuffer(f.frame)) return { ok: false };
  let json: unknown;
  try {
    json = JSON.parse(f.frame);
  } catch {
    return { ok: false };
  }
  const r = typeof json === 'object' && json !== null && 'ref' in json && typeof json.ref === 'string' ? { ref: json.ref } : {};
  return { ok: clientMessageSchema.safeParse(json).success, ...r };
}

describe('panel socket fuzz', () => {
  // One type after another, so a message that changes data is told apart from those that must not.
  it.each(ROWS.map(([name, frames], i) => [name, frames, i] as const))('%s', async (name, frames, index) => {
    counts.row(name);
    const started = performance.now();
    const unchanged = await UnchangedByRefusals.start(app, 'refused messages');
    await fc.assert(
      fc.asyncProperty(frames(), async (f) => {
        const expected = parsedMessage(f);
        if (expected.ok) await unchanged.verify();
        const socket = await pool.acquire();
        const logged = app.errors.length;
        const oversized = Buffer.byteLength(f.frame) > MAX_PAYLOAD;
        try {
          const reply = await socket.exchange(f.frame);
          const where = () => `${describeFrame(f)}\n→ ${JSON.stringify(reply).slice(0, 500)}`;
          if (oversized) {
            if (reply.type !== '(closed)' || reply.code !== 1009) throw new Error(`expected a close with 1009 for a frame over 64 KB\n${where()}`);
            counts.add(name, 400, expected.ok);
            await pool.replace(socket);
          } else if (reply.type === 'ack') {
            counts.add(name, 200, expected.ok);
            if (!expected.ok) throw new Error(`an ack for a message the protocol refuses\n${where()}`);
          } else if (reply.type === 'error') {
            counts.add(name, 400, expected.ok);
            if (typeof reply.code !== 'string' || typeof reply.message !== 'string') throw new Error(`an error without code and message\n${where()}`);
            if (reply.code === 'internal_error') throw new Error(`internal_error\n${where()}`);
            if (expected.ref !== undefined && reply.ref !== expected.ref) throw new Error(`the error does not carry the message's ref\n${where()}`);
          } else {
            counts.add(name, 500, expected.ok);
            throw new Error(`neither ack nor error (the socket closed?)\n${where()}`);
          }
          if (!oversized && socket.closed) throw new Error(`the socket closed: ${JSON.stringify(socket.closed)}\n${where()}`);
          if (socket.others.length) throw new Error(`unexpected extra replies ${JSON.stringify(socket.others)}\n${where()}`);
          await app.sync();
          if (app.errors.length > logged) throw new Error(`errors logged:\n${app.errors.slice(logged).join('\n')}\n${where()}`);
        } finally {
          pool.release(socket);
        }
        if (expected.ok) await unchanged.accepted();
        else await unchanged.refused(describeFrame(f).slice(0, 300));
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED + 300 + index, endOnFailure: true },
    );
    await unchanged.verify();
    expect(pool.sockets.filter((s) => s.closed), 'sockets closed').toEqual([]);
    const health = rawClient(app.url, 1);
    expect((await health.send({ method: 'GET', path: '/healthz' })).status).toBe(200);
    health.close();
    counts.row(name).ms = performance.now() - started;
  }, 300_000);

  it('sent at least the minimum number of frames of every kind', () => {
    for (const [name] of ROWS) expect(counts.row(name).cases, name).toBeGreaterThanOrEqual(FUZZ_RUNS);
  });
});
