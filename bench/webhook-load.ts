import http from 'node:http';
import autocannon from 'autocannon';
import { INCOMING_PATH, signedIncomingCall, summarise, type SignedCall } from './bench-support.js';

// Two ways to load a webhook endpoint with signed incoming calls, each call a new CallSid:
// - saturate(): closed loop with autocannon, N connections each sending its next call as soon as the last
//   is answered: the most calls per second the server manages.
// - paced(): open loop at a fixed rate (one call every 1000/rate ms, whether or not earlier ones were
//   answered), latency measured from when each call was due, so a stall shows in the figures instead of
//   slowing the load (autocannon's own rate limit sends each second's calls in one burst).

export interface LoadResult {
  durationS: number;
  sent: number;
  answered: number;
  ok: number;
  non200: number;
  errors: number;
  callsPerSecond: number;
  latencyMs: { n: number; p50: number; p99: number; max: number };
  /** Answers by decision kind (X-Callguard-Decision), e.g. { connect: 900, refuse: 100 }. */
  decisions: Record<string, number>;
  /** CallSids answered with 200: each must end up in the calls table. */
  acknowledged: string[];
}

interface CallContext {
  callSid?: string;
  sentAt?: number;
}

function decisionKind(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.match(/kind=(\w+)/)?.[1] ?? 'none';
}

function headerOf(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | string[] | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** A closed-loop run; `latencies` has every answer's, so runs in slices can be added up (saturated-slices.ts). */
export async function saturate(baseUrl: string, options: { connections: number; durationS: number; nextCaller: () => string }): Promise<LoadResult & { latencies: number[] }> {
  const latencies: number[] = [];
  const acknowledged: string[] = [];
  const decisions: Record<string, number> = {};
  let non200 = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: INCOMING_PATH,
    setupRequest: (req, context) => {
      const ctx = context as CallContext;
      const call = signedIncomingCall(options.nextCaller());
      ctx.callSid = call.callSid;
      ctx.sentAt = performance.now();
      return { ...req, body: call.body, headers: { ...req.headers, 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': call.signature } };
    },
    onResponse: (status, _body, context, headers) => {
      const ctx = context as CallContext;
      if (ctx.sentAt !== undefined) latencies.push(performance.now() - ctx.sentAt);
      if (status === 200 && ctx.callSid) acknowledged.push(ctx.callSid);
      else non200 += 1;
      const kind = decisionKind(headerOf(headers as Record<string, string | string[] | undefined>, 'x-callguard-decision'));
      decisions[kind] = (decisions[kind] ?? 0) + 1;
      ctx.sentAt = undefined;
    },
  };
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationS,
    timeout: 10,
    requests: [request],
  });
  const answered = latencies.length;
  return {
    durationS: options.durationS,
    sent: result.requests.sent,
    answered,
    ok: acknowledged.length,
    non200,
    errors: result.errors,
    callsPerSecond: answered / options.durationS,
    latencyMs: summarise(latencies),
    decisions,
    acknowledged,
    latencies,
  };
}

export async function paced(baseUrl: string, options: { rate: number; durationS: number; nextCaller: () => string }): Promise<LoadResult & { latencyFromSendMs: { p50: number; p99: number }; worstLagMs: number }> {
  const target = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(options.rate * options.durationS);
  const interval = 1000 / options.rate;
  const fromDue: number[] = [];
  const fromSend: number[] = [];
  const acknowledged: string[] = [];
  const decisions: Record<string, number> = {};
  let non200 = 0;
  let errors = 0;
  let worstLagMs = 0;
  let sent = 0;

  await new Promise<void>((resolve) => {
    let settled = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      resolve();
    };
    const deadline = setTimeout(finish, options.durationS * 1000 + 30_000);
    const settle = () => {
      settled += 1;
      if (settled === total) finish();
    };
    const fire = (due: number, call: SignedCall) => {
      const sentAt = performance.now();
      worstLagMs = Math.max(worstLagMs, sentAt - due);
      sent += 1;
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: INCOMING_PATH,
          timeout: 10_000,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(call.body), 'x-twilio-signature': call.signature },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const now = performance.now();
            fromDue.push(now - due);
            fromSend.push(now - sentAt);
            if (res.statusCode === 200) acknowledged.push(call.callSid);
            else non200 += 1;
            const kind = decisionKind(res.headers['x-callguard-decision']);
            decisions[kind] = (decisions[kind] ?? 0) + 1;
            settle();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', () => {
        errors += 1;
        settle();
      });
      req.end(call.body);
    };
    const start = performance.now() + 5;
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        fire(start + next * interval, signedIncomingCall(options.nextCaller()));
        next += 1;
      }
      if (next < total) setTimeout(tick, 1);
    };
    setTimeout(tick, 5);
  });
  agent.destroy();
  const latency = summarise(fromDue);
  const sendLatency = summarise(fromSend);
  return {
    durationS: options.durationS,
    sent,
    answered: fromDue.length,
    ok: acknowledged.length,
    non200,
    errors,
    callsPerSecond: fromDue.length / options.durationS,
    latencyMs: latency,
    latencyFromSendMs: { p50: sendLatency.p50, p99: sendLatency.p99 },
    worstLagMs,
    decisions,
    acknowledged,
  };
}
