// Builds TwiML as strings, byte for byte what twilio's VoiceResponse (xmlbuilder, not pretty-printed) emits for the
// same calls, without building a DOM per answer: the webhooks render on every step of every call.

declare const escaped: unique symbol;
/** One rendered element. Only this module makes them, so text cannot reach a document unescaped. */
export type TwimlElement = string & { readonly [escaped]: true };

type Method = 'GET' | 'POST';
type NoAttributes = Record<string, never>;

/**
 * Attributes by element, for the TwiML we send. As with VoiceResponse, they are written in the order of the
 * object's keys, and undefined ones are left out.
 */
export interface TwimlAttributes {
  Say: { voice?: string; language?: string };
  prosody: { rate?: 'x-slow' | 'slow' | 'medium' | 'fast' | 'x-fast' };
  Pause: { length?: number };
  Dial: {
    action?: string;
    method?: Method;
    answerOnBridge?: boolean;
    timeout?: number;
    timeLimit?: number;
    record?: 'do-not-record' | 'record-from-answer' | 'record-from-ringing' | 'record-from-answer-dual' | 'record-from-ringing-dual';
    recordingStatusCallback?: string;
    recordingStatusCallbackMethod?: Method;
  };
  Number: NoAttributes;
  Client: NoAttributes;
  Enqueue: NoAttributes;
  Start: NoAttributes;
  Recording: { channels?: 'mono' | 'dual'; recordingStatusCallback?: string };
  Gather: { action?: string; method?: Method; numDigits?: number; timeout?: number; input?: readonly ('dtmf' | 'speech')[] };
  Record: {
    action?: string;
    method?: Method;
    maxLength?: number;
    playBeep?: boolean;
    finishOnKey?: string;
    recordingStatusCallback?: string;
    recordingStatusCallbackMethod?: Method;
  };
  Hangup: NoAttributes;
  Redirect: { method?: Method };
}

type AttributeValue = string | number | boolean | readonly string[] | undefined;

/** Exactly what twilio's VoiceResponse.toString() puts first. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * An element with text content or child elements. Without either it is self-closed (`<Hangup/>`), as
 * xmlbuilder writes an element whose only content is empty text.
 */
export function element<Name extends keyof TwimlAttributes>(
  name: Name,
  attributes: TwimlAttributes[Name],
  content: string | readonly TwimlElement[] = '',
): TwimlElement {
  return write(name, attributes, content);
}

/** The whole answer: the declaration and a <Response> holding the verbs. */
export function twimlDocument(verbs: readonly TwimlElement[]): string {
  return XML_DECLARATION + write('Response', {}, verbs);
}

function write(name: string, attributes: Readonly<Record<string, AttributeValue>>, content: string | readonly TwimlElement[]): TwimlElement {
  let xml = '<' + name;
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined && Object.hasOwn(attributes, key)) xml += ` ${key}="${escapeAttribute(value)}"`;
  }
  const inner = typeof content === 'string' ? escapeText(content) : content.join('');
  xml += inner === '' ? '/>' : `>${inner}</${name}>`;
  // The brand is the point of this module: everything above is escaped.
  return xml as TwimlElement;
}

// Most text has nothing to escape, and a replace with a callback costs more than the test that skips it.
const HAS_TEXT_SPECIAL = /[&<>\r]/;
const TEXT_SPECIAL = /[&<>\r]/g;
const TEXT_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const HAS_ATTRIBUTE_SPECIAL = /[&<"\t\n\r]/;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r]/g;
const ATTRIBUTE_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

/** xmlbuilder's XML 1.0 check: C0 controls but tab/LF/CR, U+FFFE/U+FFFF, unpaired surrogates. */
const ILLEGAL_CHARACTER =
  /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/**
 * `>` and CR are escaped in text as xmlbuilder does. Text that XML cannot hold throws with xmlbuilder's own
 * message, as VoiceResponse did: the answer fails rather than sending Twilio a document it cannot parse.
 */
function escapeText(text: string): string {
  const escapedText = HAS_TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIAL, (character) => TEXT_ENTITIES[character] ?? character) : text;
  const illegal = ILLEGAL_CHARACTER.exec(escapedText);
  if (illegal) throw new Error(`Invalid character in string: ${escapedText} at index ${illegal.index}`);
  return escapedText;
}

/**
 * twilio's attribute stringifier: lists joined with spaces, `>` left as is, and (unlike text) no check for
 * characters XML cannot hold. Our attributes are constants and URLs built from PUBLIC_URL.
 */
function escapeAttribute(value: Exclude<AttributeValue, undefined>): string {
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return HAS_ATTRIBUTE_SPECIAL.test(text) ? text.replace(ATTRIBUTE_SPECIAL, (character) => ATTRIBUTE_ENTITIES[character] ?? character) : text;
}
