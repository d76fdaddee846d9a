import { h, replaceChildren, uniqueId, type Child } from './dom.js';

// A modal <dialog>: the browser keeps keyboard focus inside it and Escape closes it; focus then goes back to
// the button that opened it (or, if that has gone, to `fallbackFocus`).

export interface Dialog {
  element: HTMLDialogElement;
  setTitle(title: string): void;
  body: HTMLElement;
  /** The form's own problem area (role=alert). */
  alert: HTMLElement;
  showAlert(...content: Child[]): void;
  clearAlert(): void;
  open(opener: HTMLElement | null, focus?: HTMLElement): void;
  close(): void;
  isOpen(): boolean;
}

export function createDialog(className: string, fallbackFocus: () => HTMLElement | null): Dialog {
  const titleId = uniqueId('dialog-title');
  const title = h('h2', { id: titleId });
  const alert = h('div', { className: 'form-alert', attrs: { role: 'alert' } });
  const body = h('div', { className: 'dialog-body' });
  const element = h('dialog', { className: `dialog ${className}`, attrs: { 'aria-labelledby': titleId } }, title, alert, body);
  let opener: HTMLElement | null = null;

  element.addEventListener('close', () => {
    const target = opener?.isConnected ? opener : fallbackFocus();
    opener = null;
    target?.focus();
  });

  return {
    element,
    body,
    alert,
    setTitle: (text) => void (title.textContent = text),
    showAlert: (...content) => {
      replaceChildren(alert, ...content);
      alert.classList.add('shown');
    },
    clearAlert: () => {
      alert.replaceChildren();
      alert.classList.remove('shown');
    },
    open(from, focus) {
      opener = from;
      if (!element.open) element.showModal();
      focus?.focus();
    },
    close: () => element.open && element.close(),
    isOpen: () => element.open,
  };
}
