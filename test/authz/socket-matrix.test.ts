import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Role } from '../../src/core/roles.js';
import { clientMessageSchema, type ClientMessageType, type ServerMessageType } from '../../src/panel/panel.protocol.js';
import { newCallSid } from '../support/fake-twilio-caller.js';
import { PanelClient } from '../support/panel-client.js';
import { dramaNumber } from '../support/scenario.js';
import type { SignedInStaff } from '../support/test-app.js';
import { AuthzWorld, e164Of, IDENTITIES, type Identity } from './authz-world.js';

// The authorization matrix of the live panel's socket (issue 7): who may connect, what each role may send,
// and which server events each role is sent. Agents get call events and their own terminations; supervisors,
// directors and admins every event; a single point of contact hears of messages left for them.

let world: AuthzWorld;
const ROLES: readonly Role[] = ['agent', 'supervisor', 'director', 'admin'];
const opened: PanelClient[] = [];

beforeAll(async () => {
  // The agent can be a single point of contact: calls for them ring their desk client.
  world = await AuthzWorld.start({ fakeTwilioApi: true, staffFields: { agent: { clientIdentity: 'authz-agent-desk' } } });
});
afterAll(async () => {
  for (const panel of opened) panel.close();
  await world?.close();
});

async function open(who: SignedInStaff): Promise<PanelClient> {
  const panel = await PanelClient.open(world.url, who.token);
  opened.push(panel);
  await panel.next((m) => m.type === 'snapshot');
  return panel;
}

/** The status the upgrade to /panel/ws gets: 101 when the socket opens. */
function upgradeStatus(token: string | null): Promise<number> {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return new Promise((resolve) => {
    const ws = new WebSocket(`${world.url.replace('http', 'ws')}/panel/ws${query}`);
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => {});
  });
}

describe('who may connect', () => {
  const CONNECT: Record<Identity, number> = { anonymous: 401, agent: 101, supervisor: 101, director: 101, admin: 101 };

  it.each(IDENTITIES.map((identity) => ({ identity, status: CONNECT[identity] })))('upgrade as $identity → $status', async ({ identity, status }) => {
    expect(await upgradeStatus(world.who(identity)?.token ?? null)).toBe(status);
  });

  it.each([
    ['a made-up token', async () => 'not-a-session-token'],
    ['a signed-out session', async () => {
      const token = (await world.freshToken('agent'))!;
      expect((await world.request('DELETE', '/api/session', { token })).status).toBe(204);
      return token;
    }],
  ])('upgrade with %s → 401', async (_label, token) => {
    expect(await upgradeStatus(await token())).toBe(401);
  });

  it.each(ROLES)('a %s is told who they are in the snapshot', async (role) => {
    const panel = await open(world.staff[role]);
    expect(panel.messages.find((m) => m.type === 'snapshot').you).toMatchObject({ id: world.staff[role].staff.id, role });
  });
});

// ---------- client → server ----------

/** What a message gets: its ack, or an error with this code. */
type Outcome = 'ack' | 'forbidden' | 'not_found';

interface MessageRow {
  type: ClientMessageType;
  variant?: string;
  /** A valid message for `role` to send, with fresh fixtures where it uses one up. */
  build: (role: Role) => Promise<Record<string, unknown>>;
  expect: Record<Role, Outcome>;
  note?: string;
}

const everyRole = (outcome: Outcome): Record<Role, Outcome> => ({ agent: outcome, supervisor: outcome, director: outcome, admin: outcome });
const liveSid = async () => (await world.liveCall()).callSid;
const termination = { reason: 'abusive_language', details: 'Kept swearing after a warning.', warned: true };

const MESSAGE_MATRIX: readonly MessageRow[] = [
  { type: 'ping', build: async () => ({ type: 'ping' }), expect: everyRole('ack') },
  { type: 'call.claim', build: async () => ({ type: 'call.claim', callSid: await liveSid() }), expect: everyRole('ack') },
  { type: 'call.claim', variant: 'a call not in progress', build: async () => ({ type: 'call.claim', callSid: newCallSid() }), expect: everyRole('not_found') },
  { type: 'call.warned', build: async () => ({ type: 'call.warned', callSid: await liveSid(), note: 'Asked to stop swearing.' }), expect: everyRole('ack') },
  { type: 'call.warned', variant: 'a call not in progress', build: async () => ({ type: 'call.warned', callSid: newCallSid() }), expect: everyRole('not_found') },
  { type: 'call.end', build: async () => ({ type: 'call.end', callSid: await liveSid(), ...termination }), expect: everyRole('ack') },
  { type: 'termination.log', build: async () => ({ type: 'termination.log', callSid: await liveSid(), ...termination }), expect: everyRole('ack') },
  {
    type: 'termination.acknowledge',
    variant: "another member of staff's termination",
    note: 'R2: the line manager (supervisor or director) acknowledges',
    build: async () => ({ type: 'termination.acknowledge', id: await world.terminate(await liveSid()), note: 'Spoke to the agent.' }),
    expect: { agent: 'forbidden', supervisor: 'ack', director: 'ack', admin: 'forbidden' },
  },
  {
    type: 'termination.acknowledge',
    variant: 'their own termination',
    note: 'R2: someone other than the person who ended the call acknowledges it',
    build: async (role) => {
      const answer = await world.command(socketOf(role), { type: 'termination.log', callSid: await liveSid(), ...termination });
      expect(answer, JSON.stringify(answer)).toMatchObject({ type: 'ack' });
      return { type: 'termination.acknowledge', id: answer.terminationId, note: 'Dealt with it myself.' };
    },
    expect: { agent: 'forbidden', supervisor: 'forbidden', director: 'forbidden', admin: 'forbidden' },
  },
  {
    type: 'termination.acknowledge',
    variant: 'a termination that does not exist',
    note: 'the role is checked first: an agent learns nothing about which ids exist',
    build: async () => ({ type: 'termination.acknowledge', id: crypto.randomUUID(), note: 'Spoke to the agent.' }),
    expect: { agent: 'forbidden', supervisor: 'not_found', director: 'not_found', admin: 'forbidden' },
  },
];

const sockets = new Map<Role, PanelClient>();
const socketOf = (role: Role) => {
  const socket = sockets.get(role);
  if (!socket) throw new Error(`no socket for ${role}`);
  return socket;
};

describe('what each role may send', () => {
  beforeAll(async () => {
    for (const role of ROLES) sockets.set(role, await open(world.staff[role]));
  });

  it('has a row for every client message type', () => {
    const types = clientMessageSchema.options.map((option) => option.shape.type.value);
    expect(types.filter((type) => !MESSAGE_MATRIX.some((row) => row.type === type))).toEqual([]);
  });

  const cells = MESSAGE_MATRIX.flatMap((row) =>
    ROLES.map((role) => ({ cell: `${row.type}${row.variant ? ` [${row.variant}]` : ''} as ${role}`, row, role, outcome: row.expect[role] })),
  );

  it.each(cells)('$cell → $outcome', async ({ row, role, outcome }) => {
    const answer = await world.command(socketOf(role), await row.build(role));
    if (outcome === 'ack') expect(answer, JSON.stringify(answer)).toMatchObject({ type: 'ack' });
    else expect(answer, JSON.stringify(answer)).toMatchObject({ type: 'error', code: outcome });
    expect(socketOf(role).closed).toBeNull();
  });
});

// ---------- server → client ----------

type Broadcast = Exclude<ServerMessageType, 'ack' | 'error' | 'snapshot'>;
/** The agent who acts in the scenario (takes the calls, ends them, is the SPOC), another agent, and the seniors. */
const VIEWERS = ['acting agent', 'other agent', 'supervisor', 'director', 'admin'] as const;
type Viewer = (typeof VIEWERS)[number];
const EVERYONE: readonly Viewer[] = VIEWERS;
const SENIORS: readonly Viewer[] = ['supervisor', 'director', 'admin'];

/** Who is sent each event; a Record, so a new server event type does not compile until it has a row. */
const EVENT_AUDIENCE: Record<Broadcast, readonly Viewer[]> = {
  'call.incoming': EVERYONE,
  'call.updated': EVERYONE,
  'call.claimed': EVERYONE,
  'call.warning': EVERYONE,
  'breach.recorded': SENIORS,
  'voicemail.left': ['acting agent', ...SENIORS],
  'termination.logged': ['acting agent', ...SENIORS],
  'termination.acknowledged': ['acting agent', ...SENIORS],
  'incident.serious': SENIORS,
  'escalation.suggested': SENIORS,
};

describe('which events each role is sent', () => {
  const panels = new Map<Viewer, PanelClient>();
  const panelOf = (viewer: Viewer) => panels.get(viewer)!;
  let actingAgent: SignedInStaff;
  let otherAgent: SignedInStaff;
  const ids = { spocCall: '', barredCall: '', threatCall: '', escalationTermination: '' };
  const isEvent: Record<Broadcast, (m: any) => boolean> = {
    'call.incoming': (m) => m.callSid === ids.spocCall,
    'call.updated': (m) => m.callSid === ids.spocCall,
    'call.claimed': (m) => m.callSid === ids.spocCall,
    'call.warning': (m) => m.callSid === ids.spocCall,
    'voicemail.left': (m) => m.callSid === ids.spocCall,
    'breach.recorded': (m) => m.callSid === ids.barredCall,
    'termination.logged': (m) => m.callSid === ids.threatCall,
    'termination.acknowledged': (m) => m.callSid === ids.threatCall,
    'incident.serious': (m) => m.termination?.callSid === ids.threatCall,
    'escalation.suggested': (m) => Array.isArray(m.terminationIds) && m.terminationIds.includes(ids.escalationTermination),
  };

  beforeAll(async () => {
    actingAgent = world.staff.agent;
    otherAgent = await world.app.staff('agent');
    const who: Record<Viewer, SignedInStaff> = { 'acting agent': actingAgent, 'other agent': otherAgent, supervisor: world.staff.supervisor, director: world.staff.director, admin: world.staff.admin };
    for (const viewer of VIEWERS) panels.set(viewer, await open(who[viewer]));
    const acting = panelOf('acting agent');

    // A call for the acting agent as single point of contact: claimed, warned, unanswered, a message left, ended.
    const spoc = await world.strategy({ state: 'in-force', restrictions: [{ type: 'spoc', staffId: actingAgent.staff.id }] });
    const spocCall = await world.incomingCall(e164Of(spoc.number));
    ids.spocCall = spocCall.callSid;
    await acting.next((m) => m.type === 'call.incoming' && m.callSid === ids.spocCall);
    expect(await world.command(acting, { type: 'call.claim', callSid: ids.spocCall })).toMatchObject({ type: 'ack' });
    expect(await world.command(acting, { type: 'call.warned', callSid: ids.spocCall, note: 'Asked to stay calm.' })).toMatchObject({ type: 'ack' });
    const step = (path: string, extra: Record<string, string>) => world.webhook(path, world.callForm(ids.spocCall, spocCall.from, extra), { signed: true });
    expect((await step('/webhooks/voice/dial-result?step=1', { CallStatus: 'in-progress', DialCallStatus: 'no-answer' })).body).toMatch(/<Record/);
    const recording = { RecordingSid: 'RE0123456789abcdef0123456789abcdef', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE0123456789abcdef0123456789abcdef' };
    expect((await step('/webhooks/voice/voicemail', { CallStatus: 'in-progress', ...recording, RecordingDuration: '9' })).status).toBe(200);
    expect((await step('/webhooks/voice/status', { CallStatus: 'completed', CallDuration: '60', SequenceNumber: '4' })).status).toBe(200);

    // A barred caller rings: a breach.
    const barred = await world.strategy({ state: 'in-force', restrictions: [{ type: 'bar' }] });
    ids.barredCall = (await world.incomingCall(e164Of(barred.number))).callSid;

    // The acting agent ends a threatening call; a supervisor acknowledges it.
    ids.threatCall = (await world.liveCall()).callSid;
    const ended = await world.command(acting, { type: 'call.end', callSid: ids.threatCall, reason: 'threat_of_violence', details: 'Threatened to come to the office.', warned: false });
    expect(ended, JSON.stringify(ended)).toMatchObject({ type: 'ack', endState: 'ended' });
    const acknowledged = await world.command(panelOf('supervisor'), { type: 'termination.acknowledge', id: ended.terminationId, note: 'Reported to the police.' });
    expect(acknowledged).toMatchObject({ type: 'ack' });

    // Repeated terminations of one caller's calls by the acting agent: an escalation suggestion.
    const repeat = e164Of(dramaNumber());
    for (let i = 0; i < world.app.server.deps.config.escalation.terminations; i++) {
      const { callSid } = await world.liveCall(repeat);
      const logged = await world.command(acting, { type: 'termination.log', callSid, ...termination });
      expect(logged).toMatchObject({ type: 'ack' });
      ids.escalationTermination = logged.terminationId;
    }

    // Events reach each socket in the order they were published: once every socket has this call, anything
    // meant for it earlier has arrived too, so what has not arrived was not sent.
    const sentinel = (await world.incomingCall()).callSid;
    for (const viewer of VIEWERS) await panelOf(viewer).next((m) => m.type === 'call.incoming' && m.callSid === sentinel);
  });

  const cells = (Object.keys(EVENT_AUDIENCE) as Broadcast[]).flatMap((type) =>
    VIEWERS.map((viewer) => ({ cell: `${type} → ${viewer}`, type, viewer, sent: EVENT_AUDIENCE[type].includes(viewer) ? 'sent' : 'not sent' })),
  );

  it.each(cells)('$cell: $sent', ({ type, viewer, sent }) => {
    const got = panelOf(viewer).messages.some((m) => m.type === type && isEvent[type](m));
    expect(got ? 'sent' : 'not sent').toBe(sent);
  });

  it('tells every agent which calls are for a single point of contact, so the SPOC knows the call is theirs', () => {
    for (const viewer of ['acting agent', 'other agent'] as const) {
      const incoming = panelOf(viewer).messages.find((m) => m.type === 'call.incoming' && m.callSid === ids.spocCall);
      expect(incoming.decision.spocStaffId).toBe(actingAgent.staff.id);
    }
  });

  it('lists unacknowledged terminations on connect to the agent who logged them and to seniors, never to other agents', async () => {
    const snapshotOf = async (who: SignedInStaff) => (await open(who)).messages.find((m) => m.type === 'snapshot');
    const mine = (snapshot: any) => snapshot.terminations.filter((t: { staff: { id: string } }) => t.staff.id === actingAgent.staff.id);
    expect(mine(await snapshotOf(actingAgent)).map((t: { id: string }) => t.id)).toContain(ids.escalationTermination);
    expect(mine(await snapshotOf(world.staff.supervisor)).map((t: { id: string }) => t.id)).toContain(ids.escalationTermination);
    expect(mine(await snapshotOf(world.staff.admin)).map((t: { id: string }) => t.id)).toContain(ids.escalationTermination);
    const other = await snapshotOf(otherAgent);
    expect(other.terminations).toEqual([]);
  });
});
