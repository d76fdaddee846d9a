import { STATUS_CODES } from 'node:http';
import type { CountryCode } from 'libphonenumber-js';
import { normalisePhoneNumber } from '../../src/core/phone-number.js';
import type { CallOptions } from './call-options.js';
import {
  baseCallParams,
  dialParams,
  gatherParams,
  incomingParams,
  randomCallSid,
  statusParams,
  type Params,
} from './call-params.js';
import { describeDecision } from './decision-header.js';
import { formatTwiml } from './twiml-printer.js';
import { attribute, findVerb, parseTwiml, TwimlError, type TwimlElement } from './twiml-reader.js';
import { postWebhook, targetForPath, targetForUrl, WebhookError, type WebhookTarget } from './webhook-request.js';

export const INCOMING_PATH = '/webhooks/voice/incoming';
export const STATUS_PATH = '/webhooks/voice/status';

/** The slice of callguard's Config the simulator needs. */
export interface SimulatorConfig {
  publicUrl: string;
  twilio: { accountSid: string; authToken: string };
  defaultRegion: CountryCode;
}

/** Where the transcript goes: `print` for the call as it happens, `fail` for why it stopped. */
export interface Output {
  print(line: string): void;
  fail(line: string): void;
}

export interface RunDependencies {
  config: SimulatorConfig;
  output: Output;
  fetch?: typeof fetch;
  newSid?: () => string;
  now?: () => Date;
  timeoutMs?: number;
}

/** Raised inside a run to stop it; its lines go to `fail`. */
class StepFailure extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/**
 * Plays one call against callguard: the incoming call, then (as asked) keys pressed into the
 * <Gather>, the outcome of each <Dial>, and status callbacks. Returns the process exit code:
 * 0 when every step got the answer Twilio needs, 1 otherwise.
 */
export async function runCall(options: CallOptions, deps: RunDependencies): Promise<number> {
  const { config, output } = deps;
  const doFetch = deps.fetch ?? fetch;
  const newSid = deps.newSid ?? randomCallSid;
  const now = deps.now ?? (() => new Date());
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const sendBase = (options.url ?? publicUrl).replace(/\/+$/, '');
  const callSid = options.callSid ?? newSid();
  const base = baseCallParams({ callSid, accountSid: config.twilio.accountSid, from: options.from, to: options.to });

  const post = (target: WebhookTarget, params: Params) =>
    postWebhook({ target, params, authToken: config.twilio.authToken, fetch: doFetch, timeoutMs: deps.timeoutMs });

  /** Posts, checks for 200 and TwiML, prints it; returns the TwiML and the URL it came from. */
  const twimlStep = async (target: WebhookTarget, params: Params, alwaysShowDecision: boolean) => {
    if (target.warning) output.print(`  warning: ${target.warning}`);
    const response = await post(target, params);
    if (response.status !== 200) throw new StepFailure(httpFailure(response.status, target, response.body));
    let twiml: TwimlElement;
    try {
      twiml = parseTwiml(response.body);
    } catch (error) {
      if (!(error instanceof TwimlError)) throw error;
      throw new StepFailure([`The answer from ${target.sendUrl} is not TwiML: ${error.message}`, ...indentBody(response.body)]);
    }
    if (response.decision !== null || alwaysShowDecision) output.print(`  decision: ${describeDecision(response.decision)}`);
    if (response.contentType === null || !/\bxml\b/i.test(response.contentType)) {
      output.print(`  warning: Content-Type is ${response.contentType ?? 'missing'}; Twilio expects text/xml`);
    }
    for (const line of formatTwiml(twiml)) output.print(line);
    return { twiml, signedUrl: target.signedUrl };
  };

  /** The target of the `action` of the first reachable <Gather> or <Dial> in the last TwiML. */
  const actionOf = (last: { twiml: TwimlElement; signedUrl: string }, verbName: 'Gather' | 'Dial'): WebhookTarget => {
    const search = findVerb(last.twiml, verbName);
    if (search.kind === 'missing') throw new StepFailure([`No <${verbName}> in the last TwiML, so there is ${verbName === 'Gather' ? 'nothing to press keys into' : 'no dial to end'}.`]);
    if (search.kind === 'unreachable') {
      throw new StepFailure([`The <${verbName}> comes after <${search.after.name}>, so Twilio never reaches it.`]);
    }
    const method = attribute(search.verb, 'method');
    if (method !== null && method.toUpperCase() !== 'POST') {
      throw new StepFailure([`<${verbName} method="${method}">: the simulator only sends POST requests.`]);
    }
    const action = attribute(search.verb, 'action');
    if (action === null) {
      if (verbName === 'Dial') {
        throw new StepFailure(['The <Dial> has no action, so Twilio reports no DialCallStatus: it goes on to the verbs after <Dial>.']);
      }
      output.print('  warning: <Gather> has no action; Twilio posts the digits to the current URL, which can loop the call');
      return targetForUrl(publicUrl, sendBase, last.signedUrl, last.signedUrl);
    }
    return targetForUrl(publicUrl, sendBase, action, last.signedUrl);
  };

  try {
    output.print(`Call ${callSid} from ${describeCaller(options.from, config.defaultRegion)} to ${options.to}`);
    if (sendBase !== publicUrl) output.print(`  sent to ${sendBase}, signed for ${publicUrl}`);

    let last = await twimlStep(targetForPath(publicUrl, sendBase, INCOMING_PATH), incomingParams(base), true);

    if (options.digits !== null) {
      const target = actionOf(last, 'Gather');
      output.print(`Pressed ${options.digits} → ${target.display}`);
      last = await twimlStep(target, gatherParams(base, options.digits), false);
    }

    for (const status of options.dialStatuses) {
      const target = actionOf(last, 'Dial');
      const length = status === 'completed' ? ` (${options.duration} s)` : '';
      output.print(`Dial ${status}${length} → ${target.display}`);
      last = await twimlStep(target, dialParams(base, { status, dialCallSid: newSid(), duration: options.duration }), false);
    }

    let sequenceNumber = 0;
    for (const status of options.statuses) {
      const target = targetForPath(publicUrl, sendBase, STATUS_PATH);
      const params = statusParams(base, { status, duration: options.duration, sequenceNumber, timestamp: now() });
      sequenceNumber += 1;
      const length = params.CallDuration === undefined ? '' : ` (${params.CallDuration} s)`;
      output.print(`Status ${status}${length} → ${target.display}`);
      const response = await post(target, params);
      if (response.status !== 204 && response.status !== 200) {
        throw new StepFailure(httpFailure(response.status, target, response.body));
      }
      output.print(`  HTTP ${statusLine(response.status)}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof StepFailure) {
      for (const line of error.lines) output.fail(line);
      return 1;
    }
    if (error instanceof WebhookError || error instanceof TwimlError) {
      output.fail(error.message);
      return 1;
    }
    throw error;
  }
}

/** `07700900123 (+447700900123)`: how callguard will read the caller, by the same rules. */
export function describeCaller(from: string, region: CountryCode): string {
  const shown = from === '' ? '""' : from;
  const number = normalisePhoneNumber(from, region);
  if (number === null) return `${shown} (withheld)`;
  return number === from ? shown : `${shown} (${number})`;
}

function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

function httpFailure(status: number, target: WebhookTarget, body: string): string[] {
  return [`HTTP ${statusLine(status)} from POST ${target.sendUrl}`, ...indentBody(body)];
}

const BODY_LIMIT = 2000;

function indentBody(body: string): string[] {
  const trimmed = body.trim();
  if (trimmed === '') return ['  (empty body)'];
  const shown = trimmed.length > BODY_LIMIT ? `${trimmed.slice(0, BODY_LIMIT)}… (${trimmed.length} characters)` : trimmed;
  return shown.split(/\r?\n/).map((line) => `  ${line}`);
}
