import { boot } from '../shared/boot.js';
import { createLoginView } from '../shared/login.js';
import { createPanelApp, type PanelApp } from './panel-app.js';
import { signOut, type SignedInStaff } from '../shared/session-api.js';

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

void boot(root, 'Live calls', { signedIn: showPanel, signedOut: () => showLogin() });
