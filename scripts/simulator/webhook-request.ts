import twilio from 'twilio';
import { z } from 'zod';
import { DECISION_HEADER } from './decision-header.js';
import type { Params } from './call-params.js';

/**
 * Where one request goes. Twilio signs over the URL it was configured with (PUBLIC_URL + path);
 * the request itself may reach callguard elsewhere (a tunnel, a proxy, `--url`).
 */
export interface WebhookTarget {
  /** The URL as Twilio knows it: signed over exactly. */
  signedUrl: string;
  /** Where the request is actually sent: the `--url` base + the same path and query. */
  sendUrl: string;
  /** The signed URL less PUBLIC_URL (e.g. `/webhooks/voice/status`), or all of it when not under PUBLIC_URL. */
  display: string;
  /** Set when the URL is not under PUBLIC_URL, which usually means callguard built it from the wrong base. */
  warning: string | null;
}

export class WebhookError extends Error {
  override name = 'WebhookError';
}

/** A path on PUBLIC_URL, such as `/webhooks/voice/incoming`. */
export function targetForPath(publicUrl: string, sendBase: string, path: string): WebhookTarget {
  return { signedUrl: `${publicUrl}${path}`, sendUrl: `${sendBase}${path}`, display: path, warning: null };
}

/**
 * A URL found in TwiML (a Gather or Dial `action`). An absolute one is signed over exactly as given;
 * a relative one is resolved against the URL of the request that returned it, as Twilio does.
 */
export function targetForUrl(publicUrl: string, sendBase: string, url: string, currentSignedUrl: string): WebhookTarget {
  let parsed: URL;
  try {
    parsed = new URL(url, currentSignedUrl);
  } catch {
    throw new WebhookError(`"${url}" is not a URL Twilio could request`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WebhookError(`"${url}" is not an http(s) URL`);
  }
  const signedUrl = URL.canParse(url) ? url : parsed.href;
  const rest = underBase(signedUrl, publicUrl);
  if (rest !== null) return { signedUrl, sendUrl: `${sendBase}${stripFragment(rest)}`, display: rest, warning: null };
  return {
    signedUrl,
    sendUrl: `${sendBase}${parsed.pathname}${parsed.search}`,
    display: signedUrl,
    warning: `${signedUrl} is not under PUBLIC_URL (${publicUrl}); Twilio would request it as written`,
  };
}

/** The part of `url` after `base`, when `url` is `base` followed by a path, query or nothing. */
function underBase(url: string, base: string): string | null {
  if (!url.startsWith(base)) return null;
  const rest = url.slice(base.length);
  return rest === '' || rest.startsWith('/') || rest.startsWith('?') || rest.startsWith('#') ? rest : null;
}

function stripFragment(pathAndQuery: string): string {
  const at = pathAndQuery.indexOf('#');
  return at === -1 ? pathAndQuery : pathAndQuery.slice(0, at);
}

export function signatureFor(authToken: string, signedUrl: string, params: Params): string {
  return twilio.getExpectedTwilioSignature(authToken, signedUrl, params);
}

export interface WebhookResponse {
  status: number;
  contentType: string | null;
  decision: string | null;
  body: string;
}

/** Twilio waits 15 s in all for an answer, then gives up on the request. */
export const TWILIO_TIMEOUT_MS = 15_000;

/** Posts form parameters signed as Twilio signs them; throws WebhookError (one line) if nothing answers. */
export async function postWebhook(request: {
  target: WebhookTarget;
  params: Params;
  authToken: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}): Promise<WebhookResponse> {
  const { target, params, authToken } = request;
  const timeoutMs = request.timeoutMs ?? TWILIO_TIMEOUT_MS;
  try {
    const response = await request.fetch(target.sendUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Twilio-Signature': signatureFor(authToken, target.signedUrl, params),
        'User-Agent': 'TwilioProxy/1.1 (callguard simulator)',
      },
      body: new URLSearchParams(params).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      decision: response.headers.get(DECISION_HEADER),
      body: await response.text(),
    };
  } catch (error) {
    throw new WebhookError(describeFetchFailure(error, target.sendUrl, timeoutMs));
  }
}

const timeoutError = z.object({ name: z.enum(['TimeoutError', 'AbortError']) });
const networkError = z.object({ cause: z.object({ code: z.string().optional(), message: z.string().optional() }) });

function describeFetchFailure(error: unknown, url: string, timeoutMs: number): string {
  if (timeoutError.safeParse(error).success) {
    return `No answer from ${url} within ${timeoutMs / 1000} s (Twilio would give up and play an application error): is callguard stuck?`;
  }
  const network = networkError.safeParse(error);
  const cause = network.success ? (network.data.cause.code ?? network.data.cause.message) : undefined;
  const reason = cause ?? (error instanceof Error ? error.message : String(error));
  return `Cannot reach ${url} (${reason}): is callguard running? npm start`;
}
