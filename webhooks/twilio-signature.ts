import twilio from 'twilio';

/**
 * X-Twilio-Signature over PUBLIC_URL + path and query, never the request's own Host or scheme (behind a
 * proxy or tunnel those differ from what Twilio signed).
 */
export function hasTwilioSignature(authToken: string, publicUrl: string, pathAndQuery: string, params: Record<string, string>, signature: string | undefined): boolean {
  return signature !== undefined && signature !== '' && twilio.validateRequest(authToken, signature, publicUrl + pathAndQuery, params);
}
