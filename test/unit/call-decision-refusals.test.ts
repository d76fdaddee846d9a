import { describe, it, expect } from 'vitest';
import {
  decideCall,
  type CallDecision,
  type DecisionCustomer,
  type DecisionInput,
  type RefuseDecision,
} from '../../src/core/call-decision/call-decision.js';
import type { Restriction } from '../../src/core/restriction.js';
import { e164, strategy } from '../support/decision-fixtures.js';

const NOW = new Date('2025-12-01T10:30:00Z'); // Monday, GMT
const ALTERNATIVE = 'You can still write to us at 1 High Street, Cardiff, or email help@example.org.';
const NEW_MATTER =
  'If you want to raise a new matter or make a complaint, you can still do so in writing. Your right to complain is not affected.';



function customer(overrides: Partial<DecisionCustomer> = {}): DecisionCustomer {
  return { id: 'customer-1', name: 'Sam Jones', language: 'en-GB', communicationNeeds: null, ...overrides };
}

function input(overrides: Partial<DecisionInput> = {}, settings: Partial<DecisionInput['settings']> = {}): DecisionInput {
  return {
    caller: { kind: 'number', number: e164('+447700900123') },
    customer: customer(),
    strategies: [],
    recentCalls: [],
    staff: new Map(),
    now: NOW,
    settings: {
      defaultRoute: { kind: 'number', number: '+447700900100' },
      emergencyRoute: 'queue:emergencies',
      organisationName: 'Example Housing',
      alternativeContact: ALTERNATIVE,
      timeZone: 'Europe/London',
      blockWithheld: false,
      ...settings,
    },
    ...overrides,
  };
}

function refused(decision: CallDecision): RefuseDecision {
  if (decision.kind !== 'refuse') throw new Error('expected refuse, got connect');
  return decision;
}

const bar = (emergencyBypass: boolean): Restriction => ({ type: 'bar', emergencyBypass });

describe('decideCall with a bar', () => {
  it('refuses, says how to make contact instead and how to raise a new matter, and records a breach', () => {
    const s = strategy([bar(false)]);
    expect(decideCall(input({ strategies: [s] }))).toEqual({
      kind: 'refuse',
      reason: 'bar',
      message: ['Example Housing is not accepting phone calls from this number.', ALTERNATIVE, NEW_MATTER],
      callsAcceptedFrom: null,
      emergency: null,
      goodbye: 'Thank you for calling Example Housing. Goodbye.',
      appliedStrategyIds: [s.id],
      breaches: [{ strategyId: s.id, restrictionType: 'bar', detail: 'Called while barred' }],
      speech: { language: 'en-GB', slow: false },
      callerWithheld: false,
    });
  });

  it('offers the emergency key when the bar allows it and an emergency route is configured', () => {
    const decision = refused(decideCall(input({ strategies: [strategy([bar(true)])] })));
    expect(decision.emergency).toEqual({
      key: '1',
      route: { kind: 'queue', name: 'emergencies' },
      prompt: 'If this is an emergency, press 1 now.',
      connecting: 'Connecting you to our emergency line.',
      goodbye: 'If anyone is in immediate danger, please call 999. Goodbye.',
    });
    expect(decision.breaches[0]?.detail).toBe('Called while barred; the emergency key was offered');
  });

  it.each([
    ['no emergency route is configured', null],
    ['the emergency route cannot be read', 'the duty manager'],
  ])('offers no emergency key when %s', (_label, emergencyRoute) => {
    const decision = refused(decideCall(input({ strategies: [strategy([bar(true)])] }, { emergencyRoute })));
    expect(decision.emergency).toBeNull();
  });

  it('offers no emergency key when any of several bars forbids it, and records a breach for each', () => {
    const strategies = [strategy([bar(true)]), strategy([bar(false)])];
    const decision = refused(decideCall(input({ strategies })));
    expect(decision.emergency).toBeNull();
    expect(decision.breaches.map((b) => b.strategyId)).toEqual(strategies.map((s) => s.id));
  });

  it('wins over every other restriction of other strategies', () => {
    const barring = strategy([bar(false)]);
    const others = strategy([
      { type: 'spoc', staffId: '11111111-1111-4111-8111-111111111111' },
      { type: 'warning' },
      { type: 'frequency', maxCalls: 1, per: 'day' },
      { type: 'callWindows', windows: [{ days: ['sat'], from: '09:00', to: '10:00' }] },
    ]);
    const recentCalls = [{ startedAt: new Date('2025-12-01T09:00:00Z'), connected: true }];
    const decision = refused(decideCall(input({ strategies: [others, barring], recentCalls })));
    expect(decision.reason).toBe('bar');
    expect(decision.appliedStrategyIds).toEqual([barring.id]);
    expect(decision.breaches.map((b) => b.restrictionType)).toEqual(['bar']);
  });
});

describe('decideCall with a withheld number', () => {
  const withheld = { kind: 'withheld', raw: 'anonymous' } as const;

  it('connects to the default route and says the number was withheld', () => {
    const decision = decideCall(input({ caller: withheld, customer: null }));
    expect(decision).toMatchObject({ kind: 'connect', routes: [{ kind: 'number', number: '+447700900100' }], callerWithheld: true });
  });

  it('refuses without a breach when withheld numbers are blocked, whoever the caller may be', () => {
    const decision = refused(decideCall(input({ caller: withheld, strategies: [strategy([bar(true)])] }, { blockWithheld: true })));
    expect(decision).toMatchObject({ reason: 'withheld', breaches: [], appliedStrategyIds: [], emergency: null, callerWithheld: true });
    expect(decision.message).toEqual([
      'Example Housing does not accept calls from withheld numbers.',
      'Please call again from a number that is not withheld.',
    ]);
  });

  it('still connects callers who show their number when withheld numbers are blocked', () => {
    expect(decideCall(input({}, { blockWithheld: true })).kind).toBe('connect');
  });
});

describe('decideCall in Welsh and for slower speech', () => {
  const welsh = customer({ language: 'cy-GB' });

  it('speaks every text of a refusal in Welsh, with the Welsh alternative contact', () => {
    const settings = { alternativeContactWelsh: 'Gallwch ysgrifennu atom o hyd.' };
    const decision = refused(decideCall(input({ customer: welsh, strategies: [strategy([bar(true)])] }, settings)));
    expect(decision.speech).toEqual({ language: 'cy-GB', slow: false });
    expect(decision.message).toEqual([
      "Nid yw Example Housing yn derbyn galwadau ffôn o'r rhif hwn.",
      'Gallwch ysgrifennu atom o hyd.',
      'Os ydych am godi mater newydd neu wneud cwyn, gallwch wneud hynny yn ysgrifenedig o hyd. Nid yw hyn yn effeithio ar eich hawl i gwyno.',
    ]);
    expect(decision.emergency?.prompt).toBe('Os yw hyn yn argyfwng, pwyswch 1 nawr.');
    expect(decision.goodbye).toBe('Diolch am ffonio Example Housing. Hwyl fawr.');
  });

  it('falls back to the configured alternative contact when there is no Welsh version', () => {
    const decision = refused(decideCall(input({ customer: welsh, strategies: [strategy([bar(false)])] })));
    expect(decision.message[1]).toBe(ALTERNATIVE);
  });

  it('announces in Welsh before connecting', () => {
    const strategies = [strategy([{ type: 'warning' }, { type: 'record' }, { type: 'maxDuration', seconds: 90 }])];
    const decision = decideCall(input({ customer: welsh, strategies }));
    if (decision.kind !== 'connect') throw new Error('expected connect');
    expect(decision.announcements).toEqual([
      'Sylwch fod eich galwadau i Example Housing yn cael eu trin o dan ein polisi ar gyswllt afresymol o barhaus ac ymddygiad annerbyniol. ' +
        "Gall ein staff ddod â'r alwad i ben os yw eich ymddygiad yn annerbyniol.",
      'Bydd yr alwad hon yn cael ei recordio.',
      'Mae terfyn amser o 1 munud a 30 eiliad ar yr alwad hon.',
    ]);
    expect(decision.unavailable).toMatch(/^Mae'n ddrwg gennym/);
  });

  it.each([
    'Please speak slowly',
    'Hard of hearing in the left ear',
    'Has a learning disability',
    'Slower processing of speech',
    'Dyslexia; send large print',
    'Siaradwch yn araf os gwelwch yn dda',
    'Nam ar y clyw',
    'anabledd dysgu',
  ])('speaks slowly for "%s"', (communicationNeeds) => {
    expect(decideCall(input({ customer: customer({ communicationNeeds }) })).speech.slow).toBe(true);
  });

  it.each([null, '', 'Prefers email', 'Lives in a carafán', 'Uses a wheelchair'])(
    'speaks at the usual pace for %j',
    (communicationNeeds) => {
      expect(decideCall(input({ customer: customer({ communicationNeeds }) })).speech.slow).toBe(false);
    },
  );
});
