import { clientMessageSchema, REASON_LABELS, type PanelTermination, type ServerMessage } from '../../src/panel/panel.protocol.js';
import { createAnnouncer } from '../shared/announcer.js';
import { h, hidden } from '../shared/dom.js';
import { PanelConnection, type Answer, type ConnectionStatus, type Request } from './panel-connection.js';
import { initialPanelState, isSupervising, reducePanel, terminationOf, type PanelState, type ShownCall } from './panel-state.js';
import { createCallsView } from './render-calls.js';
import { createConnectionView } from './render-connection.js';
import { currentStaff, type SignedInStaff } from '../shared/session-api.js';
import { createQueueView } from './supervisor-queue.js';
import { createTerminationForm } from './termination-form.js';
import { createWarningForm } from './warning-form.js';
import { callLabel, ROLE_LABELS, terminationCaller } from './wording.js';

// The signed-in panel: one socket, one state (from panel-state's reducer), and the views that show it.

export interface PanelApp {
  element: HTMLElement;
  dialogs: HTMLElement[];
  start(): void;
  stop(): void;
}

export interface PanelAppOptions {
  staff: SignedInStaff;
  signOut(): void;
  sessionEnded(): void;
}

const socketUrl = () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/panel/ws`;

export function createPanelApp(options: PanelAppOptions): PanelApp {
  let state: PanelState = initialPanelState;
  let hadSnapshot = false;
  let stopped = false;
  const announcer = createAnnouncer();

  const connection = new PanelConnection({
    url: socketUrl(),
    onMessage: (message) => dispatch(message),
    onStatus: (status) => showStatus(status),
    stillSignedIn: async () => {
      try {
        return (await currentStaff()) !== null;
      } catch {
        return null;
      }
    },
  });
  const send = (message: Request): Promise<Answer> => connection.request(message);

  // Confirmations and problems, visible at the top of the calls; both are live regions.
  const done = h('div', { className: 'notice notice-done', attrs: { role: 'status', 'data-testid': 'notice' } });
  const problem = h('div', { className: 'notice notice-problem', attrs: { role: 'alert', 'data-testid': 'problem' } });
  const notify = (text: string, kind: 'done' | 'problem') => {
    const [target, other] = kind === 'done' ? [done, problem] : [problem, done];
    other.replaceChildren();
    target.replaceChildren(h('span', {}, text), h('button', { className: 'link-button', attrs: { type: 'button' }, on: { click: () => target.replaceChildren() } }, 'Dismiss', hidden(' this message')));
  };

  const callsView = createCallsView({
    claim: (call, button) => void claim(call, button),
    warn: (call, opener) => warningForm.open(call, opener),
    end: (call, opener) => terminationForm.openEnd(call, opener),
    retryEnd: (termination, button) => void retryEnd(termination, button),
  });
  const focusCalls = () => callsView.heading;
  const warningForm = createWarningForm(send, notify, focusCalls);
  const terminationForm = createTerminationForm({ send, notify, fallbackFocus: focusCalls });
  const queueView = createQueueView(send, notify);
  const connectionView = createConnectionView(() => connection.reconnectNow());

  const logButton = h('button', { className: 'button button-secondary', attrs: { type: 'button' } }, 'Log a terminated call');
  logButton.addEventListener('click', () => terminationForm.openLog({ ended: state.endedCalls, live: state.calls }, logButton));
  const signOutButton = h('button', { className: 'button button-secondary', attrs: { type: 'button' }, on: { click: () => options.signOut() } }, 'Sign out');
  const whoAmI = h('p', { className: 'who' });
  const stale = h('p', { className: 'stale-banner', attrs: { hidden: true } }, 'Not connected: the calls shown may be out of date. The panel reconnects by itself.');

  const header = h(
    'header',
    { className: 'top' },
    h('a', { className: 'skip-link', attrs: { href: '#calls-heading' }, on: { click: skipToCalls } }, 'Skip to calls'),
    h('h1', {}, 'Live calls'),
    connectionView.element,
    h('div', { className: 'top-actions' }, whoAmI, logButton, signOutButton),
  );
  const main = h('main', { id: 'main', className: 'layout' }, h('div', { className: 'calls-column' }, stale, done, problem, callsView.element), queueView.element);
  const element = h('div', { className: 'panel-app' }, header, main, announcer.element);

  function skipToCalls(event: MouseEvent): void {
    event.preventDefault();
    callsView.heading.focus();
  }

  function showWho(): void {
    const you = state.you ?? { displayName: options.staff.displayName, role: options.staff.role };
    whoAmI.replaceChildren(hidden('Signed in as '), h('strong', {}, you.displayName), ` · ${ROLE_LABELS[you.role] ?? you.role}`);
  }

  function render(): void {
    const supervising = isSupervising(state);
    const you = state.you ?? { id: options.staff.id, displayName: options.staff.displayName };
    callsView.update(state.calls, (sid) => terminationOf(state, sid), you);
    queueView.update(state, supervising);
    main.classList.toggle('supervising', supervising);
    document.title = state.calls.length > 0 ? `(${state.calls.length}) Live calls · Callguard` : 'Live calls · Callguard';
    showWho();
  }

  function dispatch(message: ServerMessage): void {
    const before = state;
    state = reducePanel(state, message);
    if (message.type === 'snapshot') hadSnapshot = true;
    if (state !== before) render();
    announce(message, before);
  }

  function announce(message: ServerMessage, before: PanelState): void {
    const supervising = isSupervising(state);
    switch (message.type) {
      case 'call.incoming':
        if (!before.calls.some((c) => c.callSid === message.callSid)) {
          announcer.polite(`New call from ${callLabel(message)}.${message.communicationNeeds ? ` Communication needs: ${message.communicationNeeds}` : ''}`);
        }
        return;
      case 'incident.serious':
        announcer.urgent(`Serious incident: threat of violence on the call from ${terminationCaller(message.termination)}.`);
        return;
      case 'termination.logged':
        if (supervising && message.staff.id !== state.you?.id && !before.terminations.some((t) => t.id === message.id) && !message.serious) {
          announcer.polite(`Terminated call to review: ${terminationCaller(message)}, ${REASON_LABELS[message.reason]}.`);
        }
        return;
      case 'escalation.suggested':
        announcer.polite(`Escalation suggested: ${message.terminations} terminated calls in ${message.withinDays} days from one caller.`);
        return;
      case 'voicemail.left':
        if (message.staffId === state.you?.id) announcer.polite('A voicemail was left for you.');
        return;
      case 'error':
        notify(`The server said: ${message.message}`, 'problem');
        return;
      default:
        return;
    }
  }

  function showStatus(status: ConnectionStatus): void {
    connectionView.update(status);
    stale.hidden = status.state === 'live' || !hadSnapshot;
    logButton.disabled = status.state !== 'live';
    if (status.state === 'signed-out' && !stopped) options.sessionEnded();
  }

  async function claim(call: ShownCall, button: HTMLButtonElement): Promise<void> {
    const parsed = clientMessageSchema.safeParse({ type: 'call.claim', callSid: call.callSid });
    if (!parsed.success) return notify('This call cannot be claimed: its CallSid is not valid.', 'problem');
    button.disabled = true;
    const answer = await send(parsed.data);
    button.disabled = false;
    if (answer.type === 'error') notify(`Could not claim the call from ${callLabel(call)}: ${answer.message}`, 'problem');
    else notify(`You are handling the call from ${callLabel(call)}.`, 'done');
  }

  async function retryEnd(t: PanelTermination, button: HTMLButtonElement): Promise<void> {
    const parsed = clientMessageSchema.safeParse({
      type: 'call.end',
      callSid: t.callSid,
      reason: t.reason,
      details: t.details,
      warned: t.warned,
      ...(t.warnedAt ? { warnedAt: t.warnedAt } : {}),
      ...(t.justification ? { justification: t.justification } : {}),
    });
    if (!parsed.success || parsed.data.type !== 'call.end') return notify('This termination cannot be retried from here; use "End call" again.', 'problem');
    await terminationForm.retry(parsed.data, button);
  }

  const onOnline = () => connection.reconnectNow();
  let ticker: ReturnType<typeof setInterval> | null = null;

  return {
    element,
    dialogs: [warningForm.element, terminationForm.element],
    start() {
      showWho();
      render();
      window.addEventListener('online', onOnline);
      // "last call 3 minutes ago" and the like stay true on a page open all day.
      ticker = setInterval(() => callsView.refresh(), 60_000);
      connection.start();
    },
    stop() {
      stopped = true;
      window.removeEventListener('online', onOnline);
      if (ticker) clearInterval(ticker);
      connection.stop();
    },
  };
}
