import { h } from '../shared/dom.js';

// The alert at the top of a supervisor's form: problems no field can show, and why the API refused.

export interface FormAlert {
  element: HTMLElement;
  /** Shows the messages (none hides it); takes the focus unless a field with a problem has it. */
  show(messages: string[]): void;
}

/** `list`: several messages as a list (a long form can have many), one as a paragraph. */
export function formAlert(options: { list?: boolean } = {}): FormAlert {
  const element = h('div', { className: 'form-alert', attrs: { role: 'alert', tabindex: -1 } });
  return {
    element,
    show: (messages) => {
      const asList = options.list === true && messages.length > 1;
      element.replaceChildren(...(asList ? [h('ul', {}, ...messages.map((m) => h('li', {}, m)))] : messages.map((m) => h('p', {}, m))));
      element.classList.toggle('shown', messages.length > 0);
      if (messages.length > 0 && !element.closest('form')?.querySelector('[aria-invalid="true"]')) element.focus();
    },
  };
}
