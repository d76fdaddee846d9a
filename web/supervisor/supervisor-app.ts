import { AUTHORISING_ROLES, type Role } from '../../src/core/roles.js';
import { createAnnouncer } from '../shared/announcer.js';
import { h, hidden } from '../shared/dom.js';
import type { SignedInStaff } from '../shared/session-api.js';
import { ROLE_LABELS } from '../shared/wording.js';
import { createApi } from './api.js';
import type { EscalationProposal } from './api-types.js';
import { appealDecisionPage } from './appeal-decision-page.js';
import { customerFormPage } from './customer-form-page.js';
import { customerPage } from './customer-page.js';
import { customersPage } from './customers-page.js';
import { dashboardPage } from './dashboard-page.js';
import { PageError, type PageContext } from './page-context.js';
import { reportsPage } from './reports-page.js';
import { reviewPage } from './review-page.js';
import { parseRoute, routeHref, sectionOf, type Route } from './router.js';
import { createStaffNames } from './staff-names.js';
import { strategyFormPage } from './strategy-form-page.js';
import { strategyPage } from './strategy-page.js';
import { pageHeading } from './ui.js';

// The signed-in pages: a header with the navigation, and the page for the route in the hash, drawn afresh from
// the API on each visit. Focus goes to the new page's heading so keyboard and screen-reader users start there.

export interface SupervisorApp {
  element: HTMLElement;
  start(): void;
  stop(): void;
}

export interface SupervisorAppOptions {
  staff: SignedInStaff;
  signOut(): void;
  sessionEnded(): void;
}

function render(route: Route, ctx: PageContext): Promise<HTMLElement> {
  switch (route.page) {
    case 'dashboard':
      return dashboardPage(ctx);
    case 'customers':
      return customersPage(ctx, route.q);
    case 'customer-new':
      return customerFormPage(ctx, { phone: route.phone, then: route.then });
    case 'customer':
      return customerPage(ctx, route.id);
    case 'customer-edit':
      return customerFormPage(ctx, { id: route.id });
    case 'strategy-new':
      return strategyFormPage(ctx, route.customerId, route.draft);
    case 'strategy':
      return strategyPage(ctx, route.id);
    case 'strategy-review':
      return reviewPage(ctx, route.id, route.outcome);
    case 'appeal-decision':
      return appealDecisionPage(ctx, route.id, route.appealId);
    case 'reports':
      return reportsPage(ctx, route);
    case 'not-found':
      return Promise.reject(new PageError('Page not found', `There is no page at ${route.path}.`));
  }
}

export function createSupervisorApp(options: SupervisorAppOptions): SupervisorApp {
  const announcer = createAnnouncer();
  let ended = false;
  const api = createApi(() => {
    if (ended) return;
    ended = true;
    options.sessionEnded();
  });
  const staffNames = createStaffNames(api);
  let draft: EscalationProposal | null = null;
  let leaving: Array<() => void> = [];
  let showing: Array<() => void> = [];
  let drawing = 0;
  let keepNotice = false;

  const notice = h('div', { className: 'notice', attrs: { role: 'status', 'data-testid': 'notice' } });
  const content = h('div', { className: 'content' });
  const main = h('main', { id: 'main', className: 'main' }, notice, content);
  const navLinks = (['dashboard', 'customers', 'reports'] as const).map((section) =>
    h('a', { attrs: { href: routeHref(section === 'customers' ? { page: 'customers', q: '' } : section === 'reports' ? { page: 'reports', from: '', to: '', groupBy: 'month' } : { page: 'dashboard' }), 'data-section': section } }, { dashboard: 'Dashboard', customers: 'Customers', reports: 'Reports' }[section]),
  );
  const you = h('p', { className: 'who' }, hidden('Signed in as '), h('strong', {}, options.staff.displayName), ` · ${ROLE_LABELS[options.staff.role] ?? options.staff.role}`);
  const header = h(
    'header',
    { className: 'top' },
    h('a', { className: 'skip-link', attrs: { href: '#main' }, on: { click: skipToMain } }, 'Skip to main content'),
    h('p', { className: 'site-name' }, 'Callguard supervision'),
    h('nav', { attrs: { 'aria-label': 'Main' } }, h('ul', { className: 'nav' }, ...navLinks.map((a) => h('li', {}, a)), h('li', {}, h('a', { attrs: { href: '/panel' } }, 'Live panel')))),
    h('div', { className: 'top-actions' }, you, h('button', { className: 'button button-secondary', attrs: { type: 'button' }, on: { click: () => options.signOut() } }, 'Sign out')),
  );
  const element = h('div', { className: 'supervisor-app' }, header, main, announcer.element);

  function skipToMain(event: MouseEvent): void {
    event.preventDefault();
    (content.querySelector<HTMLElement>('.page-heading') ?? main).focus();
  }

  const ctx: PageContext = {
    api,
    staff: options.staff,
    canDecide: AUTHORISING_ROLES.includes(options.staff.role as Role),
    staffNames,
    navigate(route) {
      const href = routeHref(route);
      if (location.hash === href) void draw(true);
      else location.hash = href;
    },
    notify(text, kind = 'done') {
      keepNotice = true;
      notice.className = `notice ${kind === 'problem' ? 'notice-problem' : 'notice-done'}`;
      notice.setAttribute('role', kind === 'problem' ? 'alert' : 'status');
      notice.replaceChildren(h('span', {}, text), h('button', { className: 'link-button', attrs: { type: 'button' }, on: { click: () => notice.replaceChildren() } }, 'Dismiss', hidden(' this message')));
    },
    announce: (text) => announcer.polite(text),
    reload: () => void draw(false),
    drafts: {
      put: (proposal) => void (draft = proposal),
      take(customerId) {
        const taken = draft && (draft.customerId === customerId || draft.customerId === null) ? { ...draft, customerId } : null;
        draft = null;
        return taken;
      },
    },
    afterShow: (action) => void showing.push(action),
    onLeave: (cleanup) => void leaving.push(cleanup),
    fallbackFocus: () => content.querySelector<HTMLElement>('.page-heading'),
  };

  /** Draws the page for the current hash; `moveFocus` when the user went to a new page (not after an action). */
  async function draw(moveFocus: boolean): Promise<void> {
    const token = ++drawing;
    const route = parseRoute(location.hash);
    for (const a of navLinks) {
      if (a.dataset.section === sectionOf(route)) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    if (!keepNotice) notice.replaceChildren();
    keepNotice = false;
    const scrollY = window.scrollY;
    content.setAttribute('aria-busy', 'true');
    let page: HTMLElement;
    const shown: Array<() => void> = [];
    showing = shown;
    try {
      page = await render(route, ctx);
    } catch (err) {
      page = errorPage(err);
    }
    if (token !== drawing || ended) return;
    leaving.splice(0).forEach((cleanup) => cleanup());
    content.replaceChildren(page);
    shown.splice(0).forEach((action) => action());
    content.removeAttribute('aria-busy');
    const heading = content.querySelector<HTMLElement>('.page-heading');
    document.title = `${heading?.textContent ?? 'Supervision'} · Callguard`;
    if (moveFocus) {
      heading?.focus();
      window.scrollTo(0, 0);
    } else {
      window.scrollTo(0, scrollY);
      if (!document.activeElement || document.activeElement === document.body) heading?.focus({ preventScroll: true });
    }
    if (notice.childElementCount > 0) announcer.polite(notice.textContent?.replace(/Dismiss this message$/, '') ?? '');
  }

  const onHashChange = () => void draw(true);

  return {
    element,
    start() {
      window.addEventListener('hashchange', onHashChange);
      content.replaceChildren(h('p', { className: 'loading' }, 'Loading…'));
      void draw(true);
    },
    stop() {
      ended = true;
      window.removeEventListener('hashchange', onHashChange);
      leaving.splice(0).forEach((cleanup) => cleanup());
      leaving = [];
      document.querySelectorAll('dialog.action-dialog').forEach((d) => d.remove());
    },
  };
}

function errorPage(err: unknown): HTMLElement {
  const title = err instanceof PageError ? err.title : 'Something went wrong';
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof PageError)) console.warn('page failed', err);
  return h('div', { className: 'page error-page' }, pageHeading(title), h('p', { className: 'form-alert shown', attrs: { role: 'alert' } }, message), h('p', {}, h('a', { attrs: { href: '#/dashboard' } }, 'Go to the dashboard')));
}
