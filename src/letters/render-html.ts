import { html, type SafeHtml } from './html.js';
import type { Letter, LetterBlock, LetterListItem, LetterSection } from './letter.js';

const STYLE = `
:root { color: #1a1a1a; background: #fff; }
body { font: 1rem/1.5 Arial, Helvetica, sans-serif; margin: 0; }
main { max-width: 42rem; margin: 2rem auto; padding: 0 1.5rem; }
.letterhead { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.sender { font-weight: bold; font-size: 1.2rem; margin: 0; }
.recipient { margin: 2rem 0 1.5rem; }
.recipient p { margin: 0; }
h1 { font-size: 1.3rem; margin: 1.5rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
p { margin: 0 0 0.75rem; }
ul { margin: 0 0 0.75rem; padding-left: 1.5rem; }
li { margin-bottom: 0.4rem; }
li ul { margin: 0.3rem 0 0; }
.staff-note { border: 3px solid #b00020; color: #b00020; padding: 0.75rem 1rem; font-weight: bold; margin-bottom: 1.5rem; }
.sign-off { margin-top: 2rem; }
@media print {
  @page { size: A4; margin: 20mm 18mm; }
  :root { color: #000; }
  body { font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; }
  section, li { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
`;

function listItem(item: LetterListItem): SafeHtml {
  return html`<li>${item.text}${item.items?.length ? html`<ul>${item.items.map((sub) => html`<li>${sub}</li>`)}</ul>` : ''}</li>`;
}

function block(b: LetterBlock): SafeHtml {
  switch (b.kind) {
    case 'paragraph':
      return html`<p>${b.text}</p>`;
    case 'subheading':
      return html`<h3>${b.text}</h3>`;
    case 'list':
      return html`<ul>${b.items.map(listItem)}</ul>`;
  }
}

function section(s: LetterSection): SafeHtml {
  return html`<section id="${s.id}" aria-labelledby="${s.id}-heading">
<h2 id="${s.id}-heading">${s.heading}</h2>
${s.blocks.map(block)}
</section>
`;
}

/** The letter as one self-contained, printable HTML document (inline CSS, no scripts). */
export function renderLetterHtml(letter: Letter): string {
  return html`<!doctype html>
<html lang="${letter.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${letter.title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${letter.staffNote ? html`<aside class="staff-note" role="note">${letter.staffNote}</aside>` : ''}
<article>
<header>
<div class="letterhead"><p class="sender">${letter.sender}</p><p class="date">${letter.date}</p></div>
<div class="recipient"><p>${letter.recipient.name}</p>${letter.recipient.referenceLine ? html`<p>${letter.recipient.referenceLine}</p>` : ''}</div>
</header>
<h1>${letter.subject}</h1>
<p>${letter.salutation}</p>
${letter.opening.map((p) => html`<p>${p}</p>`)}
${letter.sections.map(section)}
${letter.closing.map((p) => html`<p>${p}</p>`)}
<p class="sign-off">${letter.signOff}</p>
<p class="signature">${letter.signature}</p>
</article>
</main>
</body>
</html>
`.value;
}
