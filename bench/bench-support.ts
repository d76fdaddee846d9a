import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { loadConfig, type Config } from '../src/config/env.js';

// What every part of the benchmark shares: the credentials Twilio "signs" with, the numbers it calls from,
// and small statistics helpers. Nothing here talks to a server.

export const AUTH_TOKEN = 'bench-auth-token-0123456789';
export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
/** What Twilio would be configured to call; the requests arrive on loopback as if through a proxy. */
export const PUBLIC_URL = 'https://callguard.bench.test';
export const INCOMING_PATH = '/webhooks/voice/incoming';
export const OUR_NUMBER = '+442079460000';
export const STAFF_PASSWORD = 'bench password, loopback only';

/** The same configuration the tests use, with signatures checked against AUTH_TOKEN. */
export function benchConfig(database: { kind: 'pglite' } | { kind: 'postgres'; url: string }): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    PUBLIC_URL,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    ORGANISATION_NAME: 'Benchmark Ombudsman',
    DEFAULT_ROUTE: OUR_NUMBER,
    EMERGENCY_ROUTE: '+442079460999',
    ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}),
  });
}

/** The n-th number under strategy in the seeded data (n from 1): +4477 and eight digits. */
export const strategyNumber = (n: number): string => `+4477${String(n).padStart(8, '0')}`;

/** A small, seeded generator, so two runs send the same mix of callers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

/** Callers as Twilio would send them: `knownShare` of them under a strategy, the rest numbers nobody knows (+4478...). */
export function callerMix(numbersUnderStrategy: number, knownShare: number, seed = 42): () => string {
  const random = seededRandom(seed);
  return () => {
    if (numbersUnderStrategy > 0 && random() < knownShare) return strategyNumber(1 + Math.floor(random() * numbersUnderStrategy));
    return `+4478${String(Math.floor(random() * 100_000_000)).padStart(8, '0')}`;
  };
}

export const newCallSid = (): string => `CA${randomBytes(16).toString('hex')}`;

export interface SignedCall {
  callSid: string;
  from: string;
  /** The form body, application/x-www-form-urlencoded. */
  body: string;
  signature: string;
}

/** One new inbound call, signed over PUBLIC_URL + path exactly as Twilio signs it. */
export function signedIncomingCall(from: string, callSid = newCallSid()): SignedCall {
  const params = { CallSid: callSid, AccountSid: ACCOUNT_SID, From: from, To: OUR_NUMBER, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01' };
  return {
    callSid,
    from,
    body: new URLSearchParams(params).toString(),
    signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + INCOMING_PATH, params),
  };
}

/** Sends one signed incoming call; returns the decision header and the time it took. */
export async function sendIncomingCall(baseUrl: string, call: SignedCall): Promise<{ status: number; decision: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(baseUrl + INCOMING_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': call.signature },
    body: call.body,
  });
  await res.arrayBuffer();
  return { status: res.status, decision: res.headers.get('x-callguard-decision') ?? '', ms: performance.now() - started };
}

/** Percentile by nearest rank over a copy (the input is left as it was). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarise(values: readonly number[]): { n: number; p50: number; p99: number; max: number } {
  return { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: percentile(values, 100) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);

/** Runs the garbage collector when node was started with --expose-gc (npm run bench does). */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}
