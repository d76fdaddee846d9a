import { describe, it, expect } from 'vitest';
import {
  decideCall,
  type CallDecision,
  type ConnectDecision,
  type DecisionInput,
  type StaffContact,
} from '../../src/core/call-decision/call-decision.js';
import type { ContactStrategy } from '../../src/core/contact-strategy.js';
import type { Restriction } from '../../src/core/restriction.js';
import { e164, strategy } from '../support/decision-fixtures.js';

const NOW = new Date('2025-12-01T10:30:00Z'); // Monday, GMT
const SPOC_ID = '11111111-1111-4111-8111-111111111111';
const DEPUTY_ID = '22222222-2222-4222-8222-222222222222';



function staffMember(id: string, overrides: Partial<StaffContact> = {}): StaffContact {
  return { id, displayName: 'Alex Morgan', phoneNumber: '+447700900201', clientIdentity: 'alex', ...overrides };
}

function input(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    caller: { kind: 'number', number: e164('+447700900123') },
    customer: { id: 'customer-1', name: 'Sam Jones', language: 'en-GB', communicationNeeds: null },
    strategies: [],
    recentCalls: [],
    staff: new Map([
      [SPOC_ID, staffMember(SPOC_ID)],
      [DEPUTY_ID, staffMember(DEPUTY_ID, { displayName: 'Jo Evans', phoneNumber: '+447700900202', clientIdentity: null })],
    ]),
    now: NOW,
    settings: {
      defaultRoute: { kind: 'queue', name: 'main' },
      emergencyRoute: '+447700900999',
      organisationName: 'Example Housing',
      alternativeContact: 'You can still write to us at 1 High Street, Cardiff, or email help@example.org.',
      timeZone: 'Europe/London',
      blockWithheld: false,
    },
    ...overrides,
  };
}

function connected(decision: CallDecision): ConnectDecision {
  if (decision.kind !== 'connect') throw new Error(`expected connect, got refuse (${decision.reason})`);
  return decision;
}

const DEFAULT_CONNECT = {
  kind: 'connect', routes: [{ kind: 'queue', name: 'main' }], announcements: [], record: false,
  timeLimitSeconds: null, spoc: null, voicemailFor: null, appliedStrategyIds: [], breaches: [],
  speech: { language: 'en-GB', slow: false }, callerWithheld: false,
};

describe('decideCall without restrictions', () => {
  it('connects an unknown caller to the default route, ignoring strategies without a customer', () => {
    expect(decideCall(input({ customer: null }))).toMatchObject(DEFAULT_CONNECT);
    const strategies = [strategy([{ type: 'bar', emergencyBypass: false }])];
    expect(decideCall(input({ customer: null, strategies }))).toMatchObject(DEFAULT_CONNECT);
  });

  it('connects a customer with no strategy to the default route', () => {
    const decision = connected(decideCall(input()));
    expect(decision).toMatchObject(DEFAULT_CONNECT);
    expect(decision.unavailable).toMatch(/nobody is available/);
  });

  const notInForce: Array<[string, Partial<ContactStrategy>]> = [
    ['proposed', { status: 'proposed', authorisedBy: null, authorisedAt: null }],
    ['rejected', { status: 'rejected' }],
    ['lifted', { status: 'lifted' }],
    ['expired (stored)', { status: 'expired' }],
    ['ended by endsAt', { endsAt: new Date('2025-12-01T10:00:00Z') }],
    ['ending exactly now', { endsAt: NOW }],
    ['authorised but not notified and not urgent', { notification: null }],
    ['starting in the future', { startsAt: new Date('2025-12-01T10:31:00Z') }],
  ];
  it.each(notInForce)('ignores a strategy that is %s', (_label, overrides) => {
    const strategies = [strategy([{ type: 'bar', emergencyBypass: false }], overrides)];
    expect(decideCall(input({ strategies }))).toMatchObject(DEFAULT_CONNECT);
  });

  it('enforces an urgent strategy before the customer is notified, and one starting exactly now', () => {
    const urgent = strategy([{ type: 'bar', emergencyBypass: false }], { urgent: true, notification: null });
    expect(decideCall(input({ strategies: [urgent] })).kind).toBe('refuse');
    const startingNow = strategy([{ type: 'bar', emergencyBypass: false }], { startsAt: NOW });
    expect(decideCall(input({ strategies: [startingNow] })).kind).toBe('refuse');
  });
});

describe('decideCall with warnings, recording and time limits', () => {
  it('speaks the strategy’s own warning before connecting', () => {
    const s = strategy([{ type: 'warning', message: 'Please keep this call polite.' }]);
    const decision = connected(decideCall(input({ strategies: [s] })));
    expect(decision.announcements).toEqual(['Please keep this call polite.']);
    expect(decision.routes).toEqual([{ kind: 'queue', name: 'main' }]);
    expect(decision.appliedStrategyIds).toEqual([s.id]);
  });

  it('names the policy and the organisation in the default warning', () => {
    const decision = connected(decideCall(input({ strategies: [strategy([{ type: 'warning' }])] })));
    expect(decision.announcements).toHaveLength(1);
    expect(decision.announcements[0]).toContain('Example Housing');
    expect(decision.announcements[0]).toContain('our policy on unreasonably persistent contact and unacceptable behaviour');
  });

  it('speaks identical warnings from two strategies once', () => {
    const strategies = [strategy([{ type: 'warning' }]), strategy([{ type: 'warning' }])];
    const decision = connected(decideCall(input({ strategies })));
    expect(decision.announcements).toHaveLength(1);
    expect(decision.appliedStrategyIds).toEqual(strategies.map((s) => s.id));
  });

  it('records and says so', () => {
    const decision = connected(decideCall(input({ strategies: [strategy([{ type: 'record' }])] })));
    expect(decision.record).toBe(true);
    expect(decision.announcements).toEqual(['This call will be recorded.']);
  });

  it('limits the call and keeps the smallest limit across strategies', () => {
    const long = strategy([{ type: 'maxDuration', seconds: 900 }]);
    const short = strategy([{ type: 'maxDuration', seconds: 330 }]);
    const decision = connected(decideCall(input({ strategies: [long, short] })));
    expect(decision.timeLimitSeconds).toBe(330);
    expect(decision.announcements).toEqual(['This call is limited to 5 minutes and 30 seconds.']);
    expect(decision.appliedStrategyIds).toEqual([short.id]);
  });

  it('combines spoc, record, time limit and warning in order: warning, recording, limit', () => {
    const s = strategy([
      { type: 'spoc', staffId: SPOC_ID },
      { type: 'record' },
      { type: 'maxDuration', seconds: 600 },
      { type: 'warning', message: 'Calls are monitored.' },
    ]);
    const decision = connected(decideCall(input({ strategies: [s] })));
    expect(decision).toMatchObject({
      routes: [{ kind: 'number', number: '+447700900201' }],
      record: true,
      timeLimitSeconds: 600,
      spoc: { staffId: SPOC_ID, deputyStaffId: null },
      voicemailFor: { staffId: SPOC_ID },
      appliedStrategyIds: [s.id],
      breaches: [],
    });
    expect(decision.announcements).toEqual([
      'Calls are monitored.',
      'This call will be recorded.',
      'This call is limited to 10 minutes.',
    ]);
  });
});

describe('decideCall with a single point of contact', () => {
  const spoc = (deputy = false): Restriction =>
    deputy ? { type: 'spoc', staffId: SPOC_ID, deputyStaffId: DEPUTY_ID } : { type: 'spoc', staffId: SPOC_ID };
  const staffWith = (...people: StaffContact[]) => new Map(people.map((p) => [p.id, p]));

  it('rings the SPOC, then the deputy, then takes a message for the SPOC, never the default route', () => {
    const decision = connected(decideCall(input({ strategies: [strategy([spoc(true)])] })));
    expect(decision.routes).toEqual([
      { kind: 'number', number: '+447700900201' },
      { kind: 'number', number: '+447700900202' },
    ]);
    expect(decision.spoc).toEqual({ staffId: SPOC_ID, deputyStaffId: DEPUTY_ID });
    expect(decision.voicemailFor).toEqual({
      staffId: SPOC_ID,
      prompt: 'Alex Morgan is not available to answer your call. Please leave a message after the tone.',
      goodbye: 'Thank you. Your message has been recorded. Goodbye.',
    });
  });

  it('prefers the phone number, uses the client identity when there is no usable number', () => {
    const onlyClient = staffMember(SPOC_ID, { phoneNumber: null, clientIdentity: 'alex.morgan' });
    const d1 = connected(decideCall(input({ strategies: [strategy([spoc()])], staff: staffWith(onlyClient) })));
    expect(d1.routes).toEqual([{ kind: 'client', identity: 'alex.morgan' }]);
    const junkNumber = staffMember(SPOC_ID, { phoneNumber: 'ext 204', clientIdentity: 'alex.morgan' });
    const d2 = connected(decideCall(input({ strategies: [strategy([spoc()])], staff: staffWith(junkNumber) })));
    expect(d2.routes).toEqual([{ kind: 'client', identity: 'alex.morgan' }]);
  });

  it('goes straight to voicemail when the SPOC cannot be reached and there is no deputy', () => {
    const unreachable = staffMember(SPOC_ID, { phoneNumber: null, clientIdentity: null });
    const decision = connected(decideCall(input({ strategies: [strategy([spoc()])], staff: staffWith(unreachable) })));
    expect(decision.routes).toEqual([]);
    expect(decision.voicemailFor?.staffId).toBe(SPOC_ID);
  });

  it('skips an unreachable SPOC to the deputy', () => {
    const unreachable = staffMember(SPOC_ID, { phoneNumber: null, clientIdentity: null });
    const deputy = staffMember(DEPUTY_ID, { phoneNumber: '07700 900202' });
    const decision = connected(decideCall(input({ strategies: [strategy([spoc(true)])], staff: staffWith(unreachable, deputy) })));
    expect(decision.routes).toEqual([{ kind: 'number', number: '+447700900202' }]);
    expect(decision.voicemailFor?.staffId).toBe(SPOC_ID);
  });

  it('takes a message without a name when the SPOC is missing from the staff list', () => {
    const decision = connected(decideCall(input({ strategies: [strategy([spoc()])], staff: new Map() })));
    expect(decision.routes).toEqual([]);
    expect(decision.voicemailFor?.prompt).toMatch(/^Your named contact is not available/);
  });

  it('uses the SPOC of the most recently started strategy when two name one', () => {
    const older = strategy([{ type: 'spoc', staffId: DEPUTY_ID }], { startsAt: new Date('2025-02-01T00:00:00Z') });
    const newer = strategy([spoc()], { startsAt: new Date('2025-03-01T00:00:00Z') });
    const decision = connected(decideCall(input({ strategies: [newer, older] })));
    expect(decision.spoc?.staffId).toBe(SPOC_ID);
    expect(decision.appliedStrategyIds).toEqual([newer.id]);
  });
});
