import { createHmac, timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';

/**
 * X-Twilio-Signature over PUBLIC_URL + path and query, never the request's own Host or scheme (behind a
 * proxy or tunnel those differ from what Twilio signed).
 */
export function hasTwilioSignature(authToken: string, publicUrl: string, pathAndQuery: string, params: Record<string, string>, signature: string | undefined): boolean {
  if (signature === undefined || signature === '') return false;
  const url = publicUrl + pathAndQuery;
  // The URL exactly as given is always one of the library's candidates, so a match here is its answer too;
  // only a mismatch pays for its URL splitting, port variants and re-encodings.
  return signedExactly(authToken, url, params, signature) || twilio.validateRequest(authToken, signature, url, params);
}

/** Twilio's algorithm (getExpectedTwilioSignature) for flat string params: HMAC-SHA1 of the URL then each name and value, names sorted. */
function signedExactly(authToken: string, url: string, params: Record<string, string>, signature: string): boolean {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  const expected = Buffer.from(createHmac('sha1', authToken).update(data, 'utf8').digest('base64'), 'latin1');
  const given = Buffer.from(signature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
