import type { IncomingMessage } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';

// Twilio posts every voice webhook as application/x-www-form-urlencoded UTF-8: a few hundred bytes.
export const FORM_LIMIT_BYTES = 64 * 1024;
export const FORM_PARAMETER_LIMIT = 200;

/** A webhook body that cannot be what Twilio sent: answered 400, with TwiML all the same. */
export class WebhookBodyError extends Error {}

/**
 * The parameters of a form body as the signature covers them: flat strings. A name given twice, or an
 * empty name, cannot come from Twilio and is dropped (signing and reading see the same object).
 */
export function parseTwilioForm(body: string): Record<string, string> {
  let separators = 0;
  for (let at = body.indexOf('&'); at !== -1; at = body.indexOf('&', at + 1)) {
    if (++separators >= FORM_PARAMETER_LIMIT) throw new WebhookBodyError(`more than ${FORM_PARAMETER_LIMIT} parameters`);
  }
  const parsed = parseQueryString(body, '&', '=', { maxKeys: FORM_PARAMETER_LIMIT });
  const params: Record<string, string> = Object.create(null);
  for (const name of Object.keys(parsed)) {
    const value = parsed[name];
    if (name !== '' && typeof value === 'string') params[name] = value;
  }
  return params;
}

/** The media type and charset of a Content-Type header, lower-cased. */
function contentTypeOf(header: string | undefined): { type: string; charset: string | null } {
  if (!header) return { type: '', charset: null };
  const [type = '', ...parameters] = header.split(';');
  const charset = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  return { type: type.trim().toLowerCase(), charset: charset ? charset.slice('charset='.length).replace(/^"|"$/g, '') : null };
}

/** Reads and parses the form; a body of another type carries no parameters (it is left unread). */
export function readWebhookForm(req: IncomingMessage): Promise<Record<string, string>> {
  const { type, charset } = contentTypeOf(req.headers['content-type']);
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return Promise.resolve(Object.create(null));
  }
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return refuse(req, `content encoding "${encoding}" is not accepted`);
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') return refuse(req, `charset "${charset}" is not accepted`);
  const declared = Number(req.headers['content-length']);
  if (declared > FORM_LIMIT_BYTES) return refuse(req, `body over ${FORM_LIMIT_BYTES} bytes`);

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > FORM_LIMIT_BYTES) {
        req.off('data', onData);
        req.resume();
        reject(new WebhookBodyError(`body over ${FORM_LIMIT_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', () => {
      if (bytes > FORM_LIMIT_BYTES) return;
      try {
        const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, bytes).toString('utf8');
        resolve(parseTwilioForm(body));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function refuse(req: IncomingMessage, problem: string): Promise<never> {
  req.resume();
  return Promise.reject(new WebhookBodyError(problem));
}
