import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/** Rewrites Twilio API hosts to another origin, so tests can play Twilio's REST API on loopback. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly origin: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    const base = new URL(this.origin);
    uri.protocol = base.protocol;
    uri.host = base.host;
    return super.request<TData>({ ...opts, uri: uri.toString() });
  }
}

export function createTwilioClient(settings: { accountSid: string; authToken: string; apiBaseUrl: string | null }): twilio.Twilio {
  return twilio(settings.accountSid, settings.authToken, {
    ...(settings.apiBaseUrl ? { httpClient: new RebasedRequestClient(settings.apiBaseUrl) } : {}),
  });
}
