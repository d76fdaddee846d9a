import { SUPERVISING_ROLES, type Role } from '../../src/core/roles.js';
import { boot } from '../shared/boot.js';
import { h } from '../shared/dom.js';
import { createLoginView } from '../shared/login.js';
import { signOut, type SignedInStaff } from '../shared/session-api.js';
import { createSupervisorApp, type SupervisorApp } from './supervisor-app.js';

// The supervisors' page's entry point: asks who is signed in, then shows the sign-in form or the pages.

const root = document.getElementById('app') ?? document.body;
let app: SupervisorApp | null = null;

const login = createLoginView('Callguard', 'Sign in to supervision', (staff) => show(staff));

function showLogin(reason?: string): void {
  app?.stop();
  app = null;
  document.title = 'Sign in · Callguard supervision';
  root.replaceChildren(login.element);
  login.show(reason);
}

const signOutThen = () => void signOut().then(() => showLogin('You have signed out.'));

function show(staff: SignedInStaff): void {
  app?.stop();
  if (!SUPERVISING_ROLES.includes(staff.role as Role)) {
    app = null;
    document.title = 'Not for your role · Callguard';
    root.replaceChildren(
      h(
        'main',
        { id: 'main', className: 'login' },
        h('h1', {}, 'These pages are for supervisors and directors'),
        h('p', {}, `You are signed in as ${staff.displayName}. Calls and your terminated calls are in the live panel.`),
        h('p', {}, h('a', { className: 'button', attrs: { href: '/panel' } }, 'Go to the live panel')),
        h('p', {}, h('button', { className: 'link-button', attrs: { type: 'button' }, on: { click: signOutThen } }, 'Sign out')),
      ),
    );
    return;
  }
  app = createSupervisorApp({ staff, signOut: signOutThen, sessionEnded: () => showLogin('Your session has ended. Sign in again.') });
  root.replaceChildren(app.element);
  app.start();
}

void boot(root, 'Supervision', { signedIn: show, signedOut: () => showLogin() });
