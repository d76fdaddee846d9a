import { childElements, type TwimlElement, type TwimlNode } from './twiml-reader.js';

/** Elements whose children are SSML, part of what is said: kept on one line like plain text. */
const SPEECH: ReadonlySet<string> = new Set(['Say']);

/** An element whose one-line form fits in this many columns (indent included) stays on one line. */
export const LINE_WIDTH = 100;

/**
 * The verbs of a <Response>, one per line and indented, with attributes in document order and
 * entities decoded so that text and URLs read as Twilio sees them. Text-only elements and <Say>
 * (SSML included) stay on one line however long; another element with element children is split
 * only when its one-line form does not fit in LINE_WIDTH.
 */
export function formatTwiml(response: TwimlElement, indent = '  '): string[] {
  if (response.children.length === 0) return [`${indent}<Response/> (empty: Twilio hangs up)`];
  return response.children.flatMap((node) => formatNode(node, indent));
}

function formatNode(node: TwimlNode, indent: string): string[] {
  if (node.type === 'text') return [`${indent}${node.text}`];
  const inline = `${indent}${formatInline(node)}`;
  if (childElements(node).length === 0 || SPEECH.has(node.name) || inline.length <= LINE_WIDTH) return [inline];
  return [
    `${indent}${openTag(node)}`,
    ...node.children.flatMap((child) => formatNode(child, `${indent}  `)),
    `${indent}</${node.name}>`,
  ];
}

/** One-line form of any node, e.g. `<Dial timeout="20"><Number>+442079460999</Number></Dial>`. */
export function formatInline(node: TwimlNode): string {
  if (node.type === 'text') return node.text;
  if (node.children.length === 0) return `${openTag(node).slice(0, -1)}/>`;
  let inner = '';
  node.children.forEach((child, i) => {
    const previous = node.children[i - 1];
    // Surrounding whitespace was trimmed when parsing; put a space back between text and an element.
    if (previous && (previous.type === 'text' || child.type === 'text')) inner += ' ';
    inner += formatInline(child);
  });
  return `${openTag(node)}${inner}</${node.name}>`;
}

function openTag(element: TwimlElement): string {
  const attributes = element.attributes.map(([name, value]) => ` ${name}="${value.replaceAll('"', '&quot;')}"`).join('');
  return `<${element.name}${attributes}>`;
}
