import { h } from './dom.js';
import { field, showProblems, textInput } from './form-fields.js';
import { signIn, type SignedInStaff } from './session-api.js';

// The sign-in form, shown when there is no session (GET /api/session answered 401) or it has ended. Both pages
// use it; `heading` says which page the user is signing in to.

export interface LoginView {
  element: HTMLElement;
  /** Shows the form; `reason` says why (e.g. the session ended). Focuses the username. */
  show(reason?: string): void;
}

export function createLoginView(organisation: string, heading: string, signedIn: (staff: SignedInStaff) => void): LoginView {
  const username = field('Username', textInput('username', { autocomplete: 'username', autocapitalize: 'none', spellcheck: false, maxlength: 100 }));
  const password = field('Password', h('input', { attrs: { type: 'password', name: 'password', autocomplete: 'current-password', maxlength: 1000 } }));
  const reasonText = h('p', { className: 'login-reason', attrs: { hidden: true } });
  const alert = h('div', { className: 'form-alert', attrs: { role: 'alert', tabindex: -1 } });
  const submit = h('button', { className: 'button', attrs: { type: 'submit' } }, 'Sign in');
  const form = h('form', { className: 'login-form', attrs: { novalidate: true, 'aria-labelledby': 'login-heading' } }, username.element, password.element, h('div', { className: 'form-buttons' }, submit));
  const element = h(
    'main',
    { className: 'login', id: 'main' },
    h('h1', { id: 'login-heading' }, heading),
    h('p', { className: 'login-org' }, organisation),
    reasonText,
    alert,
    form,
  );
  const fields = { username, password };

  const showAlert = (messages: string[]) => {
    alert.textContent = messages.join(' ');
    alert.classList.toggle('shown', messages.length > 0);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showAlert([]);
    const problems: Record<string, string> = {};
    if (!username.control.value.trim()) problems.username = 'Enter your username';
    if (!password.control.value) problems.password = 'Enter your password';
    if (showProblems(fields, problems, showAlert)) return;
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    const result = await signIn(username.control.value.trim(), password.control.value);
    submit.disabled = false;
    submit.textContent = 'Sign in';
    if (result.ok) {
      password.control.value = '';
      signedIn(result.staff);
      return;
    }
    showProblems(fields, result.fields, () => undefined);
    showAlert([result.message]);
    password.control.value = '';
    if (Object.keys(result.fields).length === 0) password.control.focus();
  });

  return {
    element,
    show(reason) {
      reasonText.hidden = !reason;
      reasonText.textContent = reason ?? '';
      showAlert([]);
      submit.disabled = false;
      (username.control.value ? password.control : username.control).focus();
    },
  };
}
