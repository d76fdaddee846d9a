import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface TwimlElement {
  type: 'element';
  name: string;
  /** In document order, entities decoded. */
  attributes: [name: string, value: string][];
  children: TwimlNode[];
}

export interface TwimlText {
  type: 'text';
  text: string;
}

export type TwimlNode = TwimlElement | TwimlText;

export class TwimlError extends Error {
  override name = 'TwimlError';
}

const ATTRIBUTES = ':@';
const TEXT = '#text';

/** Reads a TwiML document; throws TwimlError unless it is well-formed XML with a single <Response> root. */
export function parseTwiml(xml: string): TwimlElement {
  if (xml.trim() === '') throw new TwimlError('empty body');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new TwimlError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    // Decoded below, so numeric character references (&#x2019;) come out as characters too.
    processEntities: false,
  });
  const nodes = toNodes(parser.parse(xml), 'document');
  const elements = nodes.filter((n): n is TwimlElement => n.type === 'element');
  const root = elements[0];
  if (elements.length !== 1 || root === undefined || root.name !== 'Response') {
    const names = elements.map((e) => `<${e.name}>`).join(', ') || 'nothing';
    throw new TwimlError(`expected one <Response> root element, found ${names}`);
  }
  return root;
}

/** Converts fast-xml-parser's ordered output (`[{ Tag: [...children], ':@': {attrs} } | { '#text': '...' }]`), checking every shape. */
function toNodes(raw: unknown, where: string): TwimlNode[] {
  if (!Array.isArray(raw)) throw new TwimlError(`unexpected parser output at ${where}`);
  return raw.map((item: unknown) => toNode(item, where));
}

function toNode(item: unknown, where: string): TwimlNode {
  if (!isRecord(item)) throw new TwimlError(`unexpected parser output at ${where}`);
  const keys = Object.keys(item).filter((k) => k !== ATTRIBUTES);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) throw new TwimlError(`unexpected parser output at ${where}`);
  const value = item[key];
  if (key === TEXT) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TwimlError(`unexpected text at ${where}`);
    }
    return { type: 'text', text: decodeEntities(String(value)) };
  }
  return { type: 'element', name: key, attributes: toAttributes(item[ATTRIBUTES], key), children: toNodes(value, key) };
}

function toAttributes(raw: unknown, where: string): [string, string][] {
  if (raw === undefined) return [];
  if (!isRecord(raw)) throw new TwimlError(`unexpected attributes on <${where}>`);
  return Object.entries(raw).map(([name, value]): [string, string] => {
    if (typeof value !== 'string') throw new TwimlError(`unexpected value of ${name} on <${where}>`);
    return [name, decodeEntities(value)];
  });
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five predefined entities and numeric character references; anything else is left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function attribute(element: TwimlElement, name: string): string | null {
  return element.attributes.find(([n]) => n === name)?.[1] ?? null;
}

export function childElements(element: TwimlElement): TwimlElement[] {
  return element.children.filter((n): n is TwimlElement => n.type === 'element');
}

export type VerbSearch =
  | { kind: 'found'; verb: TwimlElement }
  | { kind: 'missing' }
  /** Present, but after a verb that ends the document, so Twilio never reaches it. */
  | { kind: 'unreachable'; verb: TwimlElement; after: TwimlElement };

/**
 * Finds the first top-level `<name>` Twilio would reach on a call where the caller presses nothing:
 * verbs after <Hangup>, <Reject>, <Redirect>, or a <Dial>/<Enqueue> with an action are never run.
 * (A <Gather> that gets no input falls through to the next verb.)
 */
export function findVerb(response: TwimlElement, name: string): VerbSearch {
  let endedBy: TwimlElement | null = null;
  for (const verb of childElements(response)) {
    if (verb.name === name) return endedBy ? { kind: 'unreachable', verb, after: endedBy } : { kind: 'found', verb };
    if (endedBy === null && endsDocument(verb)) endedBy = verb;
  }
  return { kind: 'missing' };
}

function endsDocument(verb: TwimlElement): boolean {
  switch (verb.name) {
    case 'Hangup':
    case 'Reject':
    case 'Redirect':
      return true;
    case 'Dial':
    case 'Enqueue':
      return attribute(verb, 'action') !== null;
    default:
      return false;
  }
}
