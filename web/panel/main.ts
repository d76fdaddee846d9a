import { h } from '../shared/dom.js';
import { createLoginView } from '../shared/login.js';
import { createPanelApp, type PanelApp } from './panel-app.js';
import { currentStaff, signOut, type SignedInStaff } from '../shared/session-api.js';

// The page's entry point: asks who is signed in, then shows the sign-in form or the live panel.

const root = document.getElementById('app') ?? document.body;
let panel: PanelApp | null = null;

const login = createLoginView('Callguard', 'Sign in to the live panel', (staff) => showPanel(staff));

function showLogin(reason?: string): void {
  panel?.stop();
  panel?.dialogs.forEach((d) => d.remove());
  panel = null;
  document.title = 'Sign in · Callguard';
  root.replaceChildren(login.element);
  login.show(reason);
}

function showPanel(staff: SignedInStaff): void {
  panel?.stop();
  const app = createPanelApp({
    staff,
    signOut: () => {
      void signOut().then(() => showLogin('You have signed out.'));
    },
    sessionEnded: () => showLogin('Your session has ended. Sign in again to see calls.'),
  });
  panel = app;
  root.replaceChildren(app.element);
  document.body.append(...app.dialogs);
  app.start();
}

async function boot(attempt = 0): Promise<void> {
  try {
    const staff = await currentStaff();
    if (staff) showPanel(staff);
    else showLogin();
  } catch {
    // The server is down or restarting: say so and keep trying.
    const wait = Math.min(30, 2 ** attempt);
    root.replaceChildren(
      h('main', { id: 'main', className: 'login' }, h('h1', {}, 'Live calls'), h('p', { className: 'form-alert shown', attrs: { role: 'alert' } }, `The server cannot be reached. Trying again in ${wait} s…`)),
    );
    setTimeout(() => void boot(attempt + 1), wait * 1000);
  }
}

void boot();
