import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { CountryCode } from 'libphonenumber-js';
import type { Role } from '../../src/core/roles.js';
import type { StaffMember } from '../../src/staff/staff.repository.js';
import { ApiClient } from '../support/http-client.js';
import { TestClock } from '../support/test-clock.js';
import type { SignedInStaff } from '../support/test-app.js';

// What the fuzz files share: the real service on loopback, started as startTestApp starts it but in a process of
// its own (fuzz-server.ts: the server and its database on one core, the generating and checking on another),
// with a logger that forwards every error-level line, so a failure the service answers politely (fallback
// TwiML, say) still fails the fuzz; a keep-alive HTTP client that sends bytes exactly as generated; a snapshot
// of every table; and the counts table printed at the end of each file.

/** Cases per endpoint and per socket message type (FUZZ_RUNS overrides the 1,000 default, e.g. for a longer run). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || 1_000;
/** Fixed by default so CI runs are reproducible; FUZZ_SEED picks another sequence. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED) || 0x5eed;

export interface FuzzApp {
  url: string;
  /** The server's clock (a TestClock there, never moved): this copy reads the same time. */
  clock: TestClock;
  api: ApiClient;
  region: CountryCode;
  /** Error-level log lines so far (call sync() first to be sure all up to now have arrived). */
  errors: string[];
  staff(role: Role, fields?: Partial<{ username: string; phoneNumber: string; clientIdentity: string }>): Promise<SignedInStaff>;
  /** Per table of the public schema: row count and the ids of the transactions that wrote its rows. */
  snapshot(): Promise<Snapshot>;
  /** Flushes the call runtime's batched and deferred writes, waits until the tables stop changing; the snapshot then. */
  quiesce(): Promise<Snapshot>;
  /** Like quiesce, but the tables must stay still for a quarter of a second (after fixtures made through webhooks). */
  settle(): Promise<void>;
  /** Resolves once every log line the server wrote before now has arrived here. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type Snapshot = Record<string, string>;

const SERVER_ENTRY = fileURLToPath(new URL('./fuzz-server.ts', import.meta.url));

export async function startFuzzApp(options: { env?: Record<string, string> } = {}): Promise<FuzzApp> {
  const child: ChildProcess = fork(SERVER_ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FUZZ_SERVER_ENV: JSON.stringify(options.env ?? {}) },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const errors: string[] = [];
  const calls = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let nextId = 0;
  let exited = false;
  const ready = new Promise<{ url: string; clockStart: string; region: CountryCode }>((resolve, reject) => {
    child.on('message', (message: any) => {
      if (message?.type === 'error-log') errors.push(message.line);
      else if (message?.type === 'ready') resolve(message);
      else if (message?.type === 'failed') reject(new Error(`the fuzz server did not start: ${message.error}`));
      else if (typeof message?.id === 'number') {
        const call = calls.get(message.id);
        calls.delete(message.id);
        if ('error' in message) call?.reject(new Error(`fuzz server: ${message.error}`));
        else call?.resolve(message.result);
      }
    });
    child.once('exit', (code) => {
      exited = true;
      const err = new Error(`the fuzz server exited (${code})`);
      reject(err);
      for (const call of calls.values()) call.reject(err);
      calls.clear();
    });
  });
  const rpc = <T>(method: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error('the fuzz server has exited'));
      const id = ++nextId;
      calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, method, args });
    });

  const { url, clockStart, region } = await ready;
  const api = new ApiClient(url);
  return {
    url,
    clock: new TestClock(new Date(clockStart)),
    api,
    region,
    errors,
    async staff(role, fields = {}) {
      const { staff, token } = await rpc<{ staff: StaffMember; token: string }>('staff', role, fields);
      return { staff, token, api: api.as(token) };
    },
    snapshot: () => rpc<Snapshot>('snapshot'),
    quiesce: () => rpc<Snapshot>('quiesce'),
    settle: () => rpc<void>('settle'),
    sync: () => rpc<void>('ping'),
    async close() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      await rpc('close').catch(() => child.kill());
      await gone;
    },
  };
}

/** The tables whose content differs between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]);
}

/**
 * Refused inputs must change nothing. Checking the tables after every one would double the run, so they are
 * checked in groups of 50: a group's tables must be as before it, and the message names the group's inputs.
 */
export class UnchangedByRefusals {
  private pending: string[] = [];

  private constructor(
    private readonly app: FuzzApp,
    private baseline: Snapshot,
    private readonly what: string,
  ) {}

  static async start(app: FuzzApp, what: string): Promise<UnchangedByRefusals> {
    return new UnchangedByRefusals(app, await app.quiesce(), what);
  }

  /** Fails if anything refused since the last check changed a table. */
  async verify(): Promise<void> {
    const now = await this.app.snapshot();
    const changed = changedTables(this.baseline, now);
    if (changed.length) throw new Error(`one of these ${this.pending.length} ${this.what} changed ${changed.join(', ')}:\n${this.pending.join('\n')}`);
    this.baseline = now;
    this.pending = [];
  }

  async refused(description: string): Promise<void> {
    this.pending.push(description);
    if (this.pending.length >= 50) await this.verify();
  }

  /** After an accepted input, which may write: what the tables hold once it has landed is the new baseline. */
  async accepted(): Promise<void> {
    this.baseline = await this.app.quiesce();
  }
}

// --- HTTP -------------------------------------------------------------------------------------------------

export interface RawRequest {
  method: string;
  /** Sent verbatim: path and query, already percent-encoded. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A keep-alive client that sends exactly what it is given (fetch would normalise paths and refuse some headers). */
export function rawClient(baseUrl: string, maxSockets = 8): { send(req: RawRequest): Promise<RawResponse>; close(): void } {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    send: (req) =>
      new Promise<RawResponse>((resolve, reject) => {
        const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
        const request = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method: req.method,
            path: req.path,
            headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        request.setTimeout(15_000, () => request.destroy(new Error(`no answer within 15 s: ${req.method} ${req.path.slice(0, 200)}`)));
        request.on('error', reject);
        request.end(body);
      }),
    close: () => agent.destroy(),
  };
}

// --- counts -----------------------------------------------------------------------------------------------

export interface Counts {
  cases: number;
  /** Cases whose input the route's (or message type's) own schema accepts, where there is one to ask. */
  valid: number | null;
  '2xx': number;
  '4xx': number;
  '5xx': number;
  other: number;
  /** Time spent on the row, when known. */
  ms?: number;
}

export class CountsTable {
  readonly rows = new Map<string, Counts>();

  row(name: string): Counts {
    let counts = this.rows.get(name);
    if (!counts) this.rows.set(name, (counts = { cases: 0, valid: null, '2xx': 0, '4xx': 0, '5xx': 0, other: 0 }));
    return counts;
  }

  /** Counts one case by its HTTP status (sockets pass 200 for an ack, 400 for an error reply). */
  add(name: string, status: number, valid?: boolean): void {
    const counts = this.row(name);
    counts.cases++;
    if (valid !== undefined) counts.valid = (counts.valid ?? 0) + (valid ? 1 : 0);
    if (status >= 200 && status < 300) counts['2xx']++;
    else if (status >= 400 && status < 500) counts['4xx']++;
    else if (status >= 500) counts['5xx']++;
    else counts.other++;
  }

  /** A compact table for CI logs. */
  print(title: string, labels: { ok: string; rejected: string } = { ok: '2xx', rejected: '4xx' }): string {
    const header = ['endpoint', 'cases', 'schema-valid', labels.ok, labels.rejected, '5xx', 'seconds'];
    const body = [...this.rows].map(([name, c]) => [
      name,
      String(c.cases),
      c.valid === null ? '-' : String(c.valid),
      String(c['2xx']),
      String(c['4xx']),
      String(c['5xx'] + c.other),
      c.ms === undefined ? '-' : (c.ms / 1000).toFixed(1),
    ]);
    const total = [...this.rows.values()].reduce((sum, c) => sum + c.cases, 0);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    const text = [`fuzz: ${title} (${total} cases, seed ${FUZZ_SEED})`, line(header), ...body.map(line)].join('\n');
    console.log(text);
    return text;
  }
}

