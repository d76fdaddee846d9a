import type { PanelCall, PanelStaff, PanelTermination, ServerMessage } from '../../src/panel/panel.protocol.js';
import { SUPERVISING_ROLES } from '../../src/core/roles.js';
import { TERMINAL_CALL_STATUSES } from '../../webhooks/twilio.protocol.js';

// What the panel shows, as a pure function of the server's messages (no DOM here, so it is unit-tested in Node).

/** A call as the page keeps it: the server's PanelCall, plus where it was put through once answered. */
export type ShownCall = PanelCall & { answeredBy?: string | null };

export type BreachNotice = Extract<ServerMessage, { type: 'breach.recorded' }>;
export type EscalationNotice = Extract<ServerMessage, { type: 'escalation.suggested' }>;
export type VoicemailNotice = Extract<ServerMessage, { type: 'voicemail.left' }>;

export interface PanelState {
  you: (PanelStaff & { role: string }) | null;
  /** Calls in progress, newest first. */
  calls: ShownCall[];
  /** Calls that left the board while this page was open, newest first: offered by "Log a terminated call". */
  endedCalls: ShownCall[];
  /** Unacknowledged terminations this viewer may see (all for supervisors, their own for agents), newest first. */
  terminations: PanelTermination[];
  /** Not in the snapshot: kept for as long as the page is open, newest first. */
  escalations: EscalationNotice[];
  breaches: BreachNotice[];
  voicemails: VoicemailNotice[];
}

export const initialPanelState: PanelState = { you: null, calls: [], endedCalls: [], terminations: [], escalations: [], breaches: [], voicemails: [] };

/** Twilio's final call statuses: a call with one of these has left the line. */
const ENDED_STATUSES: ReadonlySet<string> = new Set(TERMINAL_CALL_STATUSES);
const KEEP_ENDED = 20;
const KEEP_NOTICES = 20;

export const isSupervising = (state: PanelState) => state.you !== null && SUPERVISING_ROLES.some((role) => role === state.you?.role);
export const isEndedStatus = (status: string) => ENDED_STATUSES.has(status);

const newestFirst = <T extends { startedAt: string }>(calls: T[]) => [...calls].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
const newestTerminationFirst = (list: PanelTermination[]) => [...list].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));

function withEnded(ended: ShownCall[], calls: ShownCall[]): ShownCall[] {
  if (calls.length === 0) return ended;
  const sids = new Set(calls.map((c) => c.callSid));
  return [...calls, ...ended.filter((c) => !sids.has(c.callSid))].slice(0, KEEP_ENDED);
}

/** Takes a call off the board (it has ended), keeping it among the ended calls. */
function endCall(state: PanelState, callSid: string, status?: string): PanelState {
  const call = state.calls.find((c) => c.callSid === callSid);
  if (!call) return state;
  return {
    ...state,
    calls: state.calls.filter((c) => c.callSid !== callSid),
    endedCalls: withEnded(state.endedCalls, [status ? { ...call, status } : call]),
  };
}

function updateCall(state: PanelState, callSid: string, change: (call: ShownCall) => ShownCall): PanelState {
  const index = state.calls.findIndex((c) => c.callSid === callSid);
  const call = state.calls[index];
  if (!call) return state;
  const calls = [...state.calls];
  calls[index] = change(call);
  return { ...state, calls };
}

function upsertTermination(state: PanelState, termination: PanelTermination): PanelState {
  const others = state.terminations.filter((t) => t.id !== termination.id);
  if (termination.acknowledgedAt) return others.length === state.terminations.length ? state : { ...state, terminations: others };
  return { ...state, terminations: newestTerminationFirst([termination, ...others]) };
}

function prepend<T>(list: T[], item: T, same: (a: T, b: T) => boolean): T[] {
  return [item, ...list.filter((x) => !same(x, item))].slice(0, KEEP_NOTICES);
}

/** state + one server message → the next state. Unknown or unusable messages leave the state as it was. */
export function reducePanel(state: PanelState, message: ServerMessage): PanelState {
  switch (message.type) {
    case 'snapshot': {
      const sameViewer = state.you?.id === message.you.id;
      const base = sameViewer ? state : initialPanelState;
      const calls = newestFirst(message.calls);
      // Calls shown before a reconnect but gone from the snapshot ended meanwhile.
      const live = new Set(calls.map((c) => c.callSid));
      const gone = base.calls.filter((c) => !live.has(c.callSid));
      return {
        ...base,
        you: message.you,
        calls,
        endedCalls: withEnded(base.endedCalls.filter((c) => !live.has(c.callSid)), gone),
        terminations: newestTerminationFirst(message.terminations.filter((t) => !t.acknowledgedAt)),
      };
    }
    case 'call.incoming': {
      const { type: _type, ...call } = message;
      const others = state.calls.filter((c) => c.callSid !== call.callSid);
      return { ...state, calls: newestFirst([call, ...others]), endedCalls: state.endedCalls.filter((c) => c.callSid !== call.callSid) };
    }
    case 'call.updated':
      if (isEndedStatus(message.status)) return endCall(state, message.callSid, message.status);
      return updateCall(state, message.callSid, (call) => ({
        ...call,
        status: message.status,
        ...(message.answeredBy !== undefined ? { answeredBy: message.answeredBy } : {}),
      }));
    case 'call.claimed':
      return updateCall(state, message.callSid, (call) => ({ ...call, claimedBy: message.by }));
    case 'call.warning':
      return updateCall(state, message.callSid, (call) =>
        call.warnings.some((w) => w.at === message.at && w.by.id === message.by.id)
          ? call
          : { ...call, warnings: [...call.warnings, { by: message.by, at: message.at, note: message.note }] },
      );
    case 'termination.logged': {
      const { type: _type, ...termination } = message;
      const next = upsertTermination(state, termination);
      // As the server's board does: an ended call leaves the panel; an unconfirmed end stays until Twilio says so.
      return termination.endState === 'ended' || termination.endState === 'already_ended' ? endCall(next, termination.callSid) : next;
    }
    case 'termination.acknowledged': {
      const terminations = state.terminations.filter((t) => t.id !== message.id);
      return terminations.length === state.terminations.length ? state : { ...state, terminations };
    }
    case 'incident.serious':
      return upsertTermination(state, message.termination);
    case 'escalation.suggested':
      return { ...state, escalations: prepend(state.escalations, message, (a, b) => a.id === b.id) };
    case 'breach.recorded':
      return {
        ...state,
        breaches: prepend(state.breaches, message, (a, b) => a.callSid === b.callSid && a.strategyId === b.strategyId && a.restrictionType === b.restrictionType),
      };
    case 'voicemail.left':
      return { ...state, voicemails: prepend(state.voicemails, message, (a, b) => a.callSid === b.callSid) };
    default:
      // ack and error are answers to this page's own requests (see panel-connection.ts); anything else is unknown.
      return state;
  }
}

/** The termination logged for a call, if this viewer can see one. */
export function terminationOf(state: PanelState, callSid: string): PanelTermination | undefined {
  return state.terminations.find((t) => t.callSid === callSid);
}
