import { h } from './dom.js';

// Live regions: new calls and confirmations are announced politely; problems and serious incidents at once.
// Both are visually hidden; what they say is also shown on the page itself.

export interface Announcer {
  element: HTMLElement;
  polite(text: string): void;
  urgent(text: string): void;
}

export function createAnnouncer(): Announcer {
  const polite = h('div', { className: 'visually-hidden', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'announce-polite' } });
  const urgent = h('div', { className: 'visually-hidden', attrs: { 'aria-live': 'assertive', 'aria-atomic': 'true', 'data-testid': 'announce-urgent' } });
  // Clearing first and setting a moment later makes screen readers announce a repeated message again.
  const say = (region: HTMLElement, text: string) => {
    region.textContent = '';
    setTimeout(() => (region.textContent = text), 50);
  };
  return {
    element: h('div', {}, polite, urgent),
    polite: (text) => say(polite, text),
    urgent: (text) => say(urgent, text),
  };
}
