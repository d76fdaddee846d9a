import { parseArgs } from 'node:util';

/** What `npm run call` was asked to do. Pure data: parsing does no I/O. */
export interface CallOptions {
  /** Sent as `From` exactly as typed: callguard normalises it (`anonymous` tests a withheld caller). */
  from: string;
  to: string;
  /** Keys pressed into the first reachable `<Gather>`, or null to press nothing. */
  digits: string | null;
  /** One `<Dial>` outcome per dial attempt, in order. */
  dialStatuses: DialStatus[];
  /** Status callbacks sent last, in order (normally one terminal status). */
  statuses: CallStatus[];
  /** Seconds, for DialCallDuration on a completed dial and CallDuration on a terminal status. */
  duration: number;
  /** CallSid to use, or null for a random one. */
  callSid: string | null;
  /** Where requests are sent, or null for PUBLIC_URL. Signatures are always over PUBLIC_URL. */
  url: string | null;
}

export const DIAL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type DialStatus = (typeof DIAL_STATUSES)[number];

export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Statuses that end a call; their callbacks carry CallDuration. */
export const TERMINAL_CALL_STATUSES: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export const DEFAULT_TO = '+442079460000';

export const USAGE = `Usage: npm run call -- CALLER [options]

Plays Twilio against a running callguard: signs every webhook request over PUBLIC_URL
with TWILIO_AUTH_TOKEN (from the environment or .env) and prints the TwiML it answers.

  CALLER                   sent as From, verbatim (e.g. 07700900123, +447700900123, anonymous)

Options:
  --to NUMBER              the number called (default ${DEFAULT_TO})
  --digits KEYS            press KEYS (0-9, *, #) into the <Gather> of the answer
  --dial-status S1,S2,...  end each <Dial> in turn with S: ${DIAL_STATUSES.join(', ')}
  --status S1,...          then send status callbacks: ${CALL_STATUSES.join(', ')}
  --duration SECONDS       length of a completed dial and of the call (default 0)
  --sid CA...              CallSid to use (default: a random one)
  --url URL                send requests here instead of PUBLIC_URL, as through a tunnel
                           (they are still signed over PUBLIC_URL)
  -h, --help               show this help

Examples:
  npm run call -- 07700900123
  npm run call -- 07700900123 --digits 1 --dial-status no-answer,completed --status completed --duration 45
  npm run call -- anonymous --url http://localhost:3000`;

export type ParsedArgs = { kind: 'run'; options: CallOptions } | { kind: 'help' } | { kind: 'error'; message: string };

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const KEYPAD = /^[0-9*#]+$/;

/** Reads the command line (without `node script`); never throws and never exits. */
export function parseCallArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        to: { type: 'string' },
        digits: { type: 'string' },
        'dial-status': { type: 'string' },
        status: { type: 'string' },
        duration: { type: 'string' },
        sid: { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  if (positionals.length === 0) return { kind: 'error', message: 'Missing CALLER (the number calling in).' };
  if (positionals.length > 1) {
    return { kind: 'error', message: `Expected one CALLER, got ${positionals.length}: ${positionals.join(' ')}` };
  }
  const from = positionals[0] ?? '';

  const to = values.to ?? DEFAULT_TO;
  if (to.trim() === '') return { kind: 'error', message: '--to must not be empty.' };

  const digits = values.digits ?? null;
  if (digits !== null && !KEYPAD.test(digits)) {
    return { kind: 'error', message: `--digits must be keypad keys (0-9, *, #), got "${digits}".` };
  }

  const dialStatuses = parseList(values['dial-status'], DIAL_STATUSES);
  if (!dialStatuses.ok) return { kind: 'error', message: `--dial-status: ${dialStatuses.message}` };

  const statuses = parseList(values.status, CALL_STATUSES);
  if (!statuses.ok) return { kind: 'error', message: `--status: ${statuses.message}` };

  let duration = 0;
  if (values.duration !== undefined) {
    if (!/^\d{1,7}$/.test(values.duration)) {
      return { kind: 'error', message: `--duration must be a whole number of seconds, got "${values.duration}".` };
    }
    duration = Number(values.duration);
  }

  const callSid = values.sid ?? null;
  if (callSid !== null && !CALL_SID.test(callSid)) {
    return { kind: 'error', message: `--sid must be CA followed by 32 hex digits, got "${callSid}".` };
  }

  let url: string | null = null;
  if (values.url !== undefined) {
    const base = parseBaseUrl(values.url);
    if (base === null) return { kind: 'error', message: `--url must be an http(s) URL such as http://localhost:3000, got "${values.url}".` };
    url = base;
  }

  return {
    kind: 'run',
    options: { from, to, digits, dialStatuses: dialStatuses.values, statuses: statuses.values, duration, callSid, url },
  };
}

function parseList<T extends string>(
  text: string | undefined,
  allowed: readonly T[],
): { ok: true; values: T[] } | { ok: false; message: string } {
  if (text === undefined) return { ok: true, values: [] };
  const values: T[] = [];
  for (const item of text.split(',').map((s) => s.trim())) {
    const match = allowed.find((a) => a === item);
    if (match === undefined) return { ok: false, message: `"${item}" is not one of ${allowed.join(', ')}.` };
    values.push(match);
  }
  return { ok: true, values };
}

/** An http(s) origin with an optional path, without a trailing slash, query or fragment; null if unusable. */
export function parseBaseUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
