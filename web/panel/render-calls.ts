import type { PanelStaff, PanelTermination } from '../../src/panel/panel.protocol.js';
import { h } from '../shared/dom.js';
import type { ShownCall } from './panel-state.js';
import { renderCallCard, type CardActions } from './render-call-card.js';

// The list of call cards, newest first. Cards are kept by CallSid and rebuilt only when their call changes, so a
// new call never disturbs the card an agent is working on, and keyboard focus survives an update.

interface Shown {
  call: ShownCall;
  termination: PanelTermination | undefined;
  element: HTMLElement;
}

export interface CallsView {
  element: HTMLElement;
  update(calls: ShownCall[], terminationOf: (callSid: string) => PanelTermination | undefined, you: PanelStaff): void;
  /** Re-renders every card (relative times such as "last call 3 minutes ago"). */
  refresh(): void;
  /** The heading keyboard focus goes to when the focused card disappears. */
  heading: HTMLElement;
}

export function createCallsView(actions: CardActions): CallsView {
  const heading = h('h2', { id: 'calls-heading', attrs: { tabindex: -1 } }, 'Calls');
  const count = h('span', { className: 'count' });
  const empty = h('p', { className: 'empty' }, 'No calls at the moment. New calls appear here as they arrive.');
  const list = h('div', { className: 'call-list', attrs: { 'data-testid': 'call-list' } });
  const element = h('section', { className: 'calls', attrs: { 'aria-labelledby': 'calls-heading' } }, h('div', { className: 'section-head' }, heading, count), empty, list);
  const shown = new Map<string, Shown>();
  let last: { calls: ShownCall[]; terminationOf: (sid: string) => PanelTermination | undefined; you: PanelStaff } | null = null;

  function render(calls: ShownCall[], terminationOf: (sid: string) => PanelTermination | undefined, you: PanelStaff, force: boolean): void {
    const youChanged = last?.you.id !== you.id;
    last = { calls, terminationOf, you };
    const now = Date.now();
    const wanted = new Set(calls.map((c) => c.callSid));
    for (const [sid, entry] of shown) {
      if (wanted.has(sid)) continue;
      const hadFocus = entry.element.contains(document.activeElement);
      entry.element.remove();
      shown.delete(sid);
      if (hadFocus) heading.focus();
    }
    calls.forEach((call, index) => {
      const termination = terminationOf(call.callSid);
      const entry = shown.get(call.callSid);
      let element = entry?.element;
      if (!entry || force || youChanged || entry.call !== call || entry.termination !== termination) {
        const next = renderCallCard(call, { you, termination, now }, actions);
        if (entry) replaceKeepingFocus(entry.element, next);
        element = next;
        shown.set(call.callSid, { call, termination, element: next });
      }
      const at = list.children.item(index);
      if (element && at !== element) list.insertBefore(element, at);
    });
    empty.hidden = calls.length > 0;
    count.textContent = calls.length > 0 ? ` (${calls.length})` : '';
  }

  return {
    element,
    heading,
    update: (calls, terminationOf, you) => render(calls, terminationOf, you, false),
    refresh: () => last && render(last.calls, last.terminationOf, last.you, true),
  };
}

/** Swaps a card for its new version; if focus was inside, it goes to the same action in the new card (or the card). */
function replaceKeepingFocus(old: HTMLElement, next: HTMLElement): void {
  const focused = document.activeElement;
  const hadFocus = focused instanceof HTMLElement && old.contains(focused);
  const action = hadFocus ? focused.dataset.action : undefined;
  old.replaceWith(next);
  if (!hadFocus) return;
  const same = action ? next.querySelector<HTMLElement>(`[data-action="${action}"]`) : null;
  (same && !same.hasAttribute('disabled') && !same.hidden ? same : next).focus();
}
