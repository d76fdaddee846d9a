import type twilio from 'twilio';
import { scrubPhoneNumbers, type Logger } from '../shared/logger.js';

export type EndCallResult =
  | { outcome: 'ended' }
  /** Twilio says there is no live call to end: see isAlreadyEnded below. */
  | { outcome: 'already-ended' }
  | { outcome: 'failed'; reason: string; status: number | null; code: number | null };

export interface CallControl {
  /** Hangs up a live call. Never throws: every failure is a `failed` result with a reason an agent can read. */
  endCall(callSid: string): Promise<EndCallResult>;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/**
 * The Twilio answers that mean "this call is over", so an agent's hang-up has nothing left to do:
 * - 21220 "Invalid call state" (HTTP 400, "Call is not in-progress. Cannot redirect."): what Twilio
 *   answers for a call that has completed, the usual race when the caller hangs up first.
 * - 20404 with HTTP 404: Twilio has no such call in this account. The SIDs we end come from Twilio's
 *   own signed webhooks, so this means the call is gone rather than that we have the wrong one.
 *   A 404 without code 20404 is not Twilio speaking (a proxy, a wrong base URL), so it stays a failure.
 */
function isAlreadyEnded(status: number, code: number | null): boolean {
  return code === 21220 || (status === 404 && code === 20404);
}

export function twilioCallControl(client: twilio.Twilio, logger: Logger, options: { timeoutMs?: number } = {}): CallControl {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function attempt(callSid: string): Promise<EndCallResult> {
    // Checked here because twilio-node puts the SID into the URL path as given (it only refuses "/" and "?").
    if (!CALL_SID.test(callSid)) return { outcome: 'failed', reason: 'This is not a Twilio call id', status: null, code: null };
    try {
      await withDeadline(client.calls(callSid).update({ status: 'completed' }), timeoutMs);
      return { outcome: 'ended' };
    } catch (err) {
      if (err instanceof DeadlineExceeded) {
        // The request may still reach Twilio after we stop waiting, so the agent must not assume either way.
        return { outcome: 'failed', reason: 'Twilio did not answer in time; the call may still be connected', status: null, code: null };
      }
      const refusal = twilioRefusal(err);
      if (refusal) {
        if (isAlreadyEnded(refusal.status, refusal.code)) return { outcome: 'already-ended' };
        return { outcome: 'failed', reason: refusalReason(refusal), status: refusal.status, code: refusal.code };
      }
      return { outcome: 'failed', reason: `Could not reach Twilio${networkCode(err)}`, status: null, code: null };
    }
  }

  return {
    async endCall(callSid) {
      const result = await attempt(callSid);
      // Only these fields: twilio-node's network errors carry the request config, Basic-auth header included.
      if (result.outcome === 'failed') logger.warn({ callSid, status: result.status, code: result.code, reason: result.reason }, 'could not end the call');
      else logger.info({ callSid, outcome: result.outcome }, result.outcome === 'ended' ? 'call ended' : 'call had already ended');
      return result;
    },
  };
}

class DeadlineExceeded extends Error {}

/** Stops waiting after `ms`; the losing promise still settles later, and race has already handled its rejection. */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded()), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface Refusal {
  status: number;
  code: number | null;
  message: string | null;
}

/** An HTTP error answer from Twilio: RestException (and the newer RFC 9457 TwilioServiceException) carry a numeric status. */
function twilioRefusal(err: unknown): Refusal | null {
  if (!(err instanceof Error) || !('status' in err) || typeof err.status !== 'number') return null;
  // TwilioServiceException uses 0 for "no code".
  const code = 'code' in err && typeof err.code === 'number' && err.code !== 0 ? err.code : null;
  // RestException leaves `message` undefined when Twilio's body has none, and twilio-node's own messages start "[HTTP 500] ".
  const message = typeof err.message === 'string' ? err.message.replace(/^\[HTTP \d+\]\s*/, '').trim() : '';
  return { status: err.status, code, message: message || null };
}

/** "Twilio refused: Internal Server Error (HTTP 500, code 20500)": short, and scrubbed because messages may quote numbers. */
function refusalReason({ status, code, message }: Refusal): string {
  const where = code === null ? `HTTP ${status}` : `HTTP ${status}, code ${code}`;
  return message ? `Twilio refused: ${scrubPhoneNumbers(message).slice(0, 200)} (${where})` : `Twilio refused the request (${where})`;
}

/** Node's socket error code (ECONNRESET, ECONNREFUSED...) tells an operator more than axios's message. */
function networkCode(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && /^[A-Z_]+$/.test(err.code) ? ` (${err.code})` : '';
}
