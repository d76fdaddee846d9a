import type { Letter, LetterBlock } from './letter.js';

const WIDTH = 76;

/** Word-wraps `text` to WIDTH, the first line after `first`, the rest after `rest` (a hanging indent). */
function wrap(text: string, first = '', rest = first): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

function block(b: LetterBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return wrap(b.text);
    case 'subheading':
      return b.text;
    case 'list':
      return b.items
        .map((item) => [wrap(item.text, '  - ', '    '), ...(item.items ?? []).map((sub) => wrap(sub, '      - ', '        '))].join('\n'))
        .join('\n');
  }
}

const heading = (text: string) => `${text}\n${'-'.repeat(Math.min(text.length, WIDTH))}`;

/** The letter as plain text: for email bodies and for systems that cannot take HTML. */
export function renderLetterText(letter: Letter): string {
  const parts = [
    ...(letter.staffNote ? [wrap(`*** ${letter.staffNote} ***`)] : []),
    letter.sender,
    letter.date,
    [letter.recipient.name, letter.recipient.referenceLine].filter(Boolean).join('\n'),
    heading(letter.subject),
    letter.salutation,
    ...letter.opening.map((p) => wrap(p)),
    ...letter.sections.map((s) => [heading(s.heading), ...s.blocks.map(block)].join('\n\n')),
    ...letter.closing.map((p) => wrap(p)),
    `${letter.signOff}\n\n${letter.signature}`,
  ];
  return `${parts.join('\n\n')}\n`;
}
