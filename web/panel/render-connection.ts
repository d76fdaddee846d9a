import { h, hidden } from '../shared/dom.js';
import type { ConnectionStatus } from './panel-connection.js';

// The connection state, always visible in the header: Connecting, Live, Reconnecting (with a countdown), Signed out.

const WORDS: Record<ConnectionStatus['state'], string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting',
  'signed-out': 'Signed out',
};

export interface ConnectionView {
  element: HTMLElement;
  update(status: ConnectionStatus): void;
}

export function createConnectionView(reconnectNow: () => void): ConnectionView {
  const label = h('span', { className: 'connection-label', attrs: { role: 'status' } });
  const countdown = h('span', { className: 'connection-countdown' });
  const button = h('button', { className: 'button button-small', attrs: { type: 'button', hidden: true }, on: { click: reconnectNow } }, 'Reconnect now');
  const element = h('div', { className: 'connection', attrs: { 'data-state': 'connecting', 'data-testid': 'connection' } }, h('span', { className: 'connection-dot', attrs: { 'aria-hidden': 'true' } }), label, countdown, button);
  let status: ConnectionStatus = { state: 'connecting', retryAt: null, failures: 0 };
  let ticker: ReturnType<typeof setInterval> | null = null;

  const tick = () => {
    const seconds = status.retryAt === null ? null : Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000));
    countdown.textContent = status.state !== 'reconnecting' ? '' : seconds === null || seconds === 0 ? ' now…' : ` in ${seconds} s`;
  };

  return {
    element,
    update(next) {
      const changed = next.state !== status.state;
      status = next;
      element.dataset.state = next.state;
      if (changed || !label.textContent) label.replaceChildren(hidden('Connection: '), WORDS[next.state]);
      button.hidden = next.state !== 'reconnecting';
      tick();
      if (next.state === 'reconnecting' && !ticker) ticker = setInterval(tick, 1000);
      if (next.state !== 'reconnecting' && ticker) {
        clearInterval(ticker);
        ticker = null;
      }
    },
  };
}
