import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A TwiML element as tests read it: verb or noun name, attributes, its own text, children in order. */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: true });

function toNode(raw: unknown): TwimlNode | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const entries = Object.entries(raw);
  const element = entries.find(([key]) => key !== ':@' && key !== '#text');
  if (!element) return null;
  const [name, content] = element;
  const attrsRaw = entries.find(([key]) => key === ':@')?.[1];
  const attrs: Record<string, string> = {};
  if (typeof attrsRaw === 'object' && attrsRaw !== null) for (const [k, v] of Object.entries(attrsRaw)) attrs[k] = String(v);
  const items: unknown[] = Array.isArray(content) ? content : [];
  const text = items
    .map((item) => (typeof item === 'object' && item !== null && '#text' in item ? String(item['#text']) : ''))
    .join('');
  const children = items.map(toNode).filter((n): n is TwimlNode => n !== null);
  return { name, attrs, text, children };
}

/** Parses a TwiML document, failing the test if it is not well-formed XML with a <Response> root. */
export function parseTwiml(xml: string): TwimlNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`TwiML is not well-formed: ${JSON.stringify(valid)}\n${xml}`);
  const parsed: unknown = parser.parse(xml);
  const root = (Array.isArray(parsed) ? parsed : []).map(toNode).find((n) => n?.name === 'Response');
  if (!root) throw new Error(`no <Response> in TwiML:\n${xml}`);
  return root;
}

/** Verb names in order, e.g. ['Say', 'Dial']. */
export const verbs = (twiml: TwimlNode) => twiml.children.map((c) => c.name);

/** All text a caller hears, including SSML children, in order. */
export function spokenText(node: TwimlNode): string {
  const own = node.name === 'Say' || node.name === 'prosody' ? node.text : '';
  return [own, ...node.children.map(spokenText)].filter(Boolean).join(' ');
}

export function find(twiml: TwimlNode, name: string): TwimlNode | undefined {
  for (const child of twiml.children) {
    if (child.name === name) return child;
    const deeper = find(child, name);
    if (deeper) return deeper;
  }
  return undefined;
}
