import { h } from '../shared/dom.js';

// The notification letter (R6) as the customer will get it: the API's HTML in a frame on the page, with a
// Print button (the frame's own print, so only the letter prints), and links to the text and a new window.

export function letterPreview(strategyId: string): HTMLElement {
  const url = `/api/strategies/${strategyId}/letter`;
  const frame = h('iframe', { className: 'letter-frame', attrs: { title: 'Letter preview', src: 'about:blank', 'data-testid': 'letter-frame' } });
  const area = h('div', { className: 'letter-area', attrs: { hidden: true } }, frame);
  const show = h('button', { className: 'button button-secondary', attrs: { type: 'button', 'aria-expanded': 'false' } }, 'Preview letter');
  const print = h('button', { className: 'button button-secondary', attrs: { type: 'button', hidden: true } }, 'Print letter');
  show.addEventListener('click', () => {
    const opening = area.hidden;
    if (opening && frame.getAttribute('src') === 'about:blank') frame.setAttribute('src', url);
    area.hidden = !opening;
    print.hidden = !opening;
    show.setAttribute('aria-expanded', String(opening));
    show.textContent = opening ? 'Hide letter' : 'Preview letter';
  });
  print.addEventListener('click', () => frame.contentWindow?.print());
  return h(
    'div',
    { className: 'letter-preview' },
    h(
      'div',
      { className: 'button-row' },
      show,
      print,
      h('a', { attrs: { href: url, target: '_blank', rel: 'noopener' } }, 'Open the letter in a new window'),
      h('a', { attrs: { href: `${url}?format=text`, target: '_blank', rel: 'noopener' } }, 'Text version'),
    ),
    area,
  );
}
