import type { Role } from '../core/roles.js';
import type { Language } from '../core/customer.js';
import type { Restriction } from '../core/restriction.js';

// Ofcom's drama ranges only (07700 900xxx, 020 7946 0xxx): never a real person's number.

export const DEMO_PASSWORD = 'callguard-demo';

export const DEMO_STAFF: ReadonlyArray<{
  username: string;
  displayName: string;
  role: Role;
  phoneNumber?: string;
  clientIdentity?: string;
}> = [
  { username: 'admin', displayName: 'Administrator', role: 'admin' },
  { username: 'director', displayName: 'Dee Director', role: 'director', phoneNumber: '020 7946 0001' },
  { username: 'supervisor', displayName: 'Sam Supervisor', role: 'supervisor', phoneNumber: '020 7946 0002', clientIdentity: 'sam' },
  { username: 'supervisor2', displayName: 'Sol Supervisor', role: 'supervisor', phoneNumber: '020 7946 0003' },
  { username: 'agent', displayName: 'Ali Agent', role: 'agent', clientIdentity: 'ali' },
];

type StaffRef = (typeof DEMO_STAFF)[number]['username'];
type DemoRestriction = Restriction extends infer R
  ? R extends { type: 'spoc' }
    ? { type: 'spoc'; staff: StaffRef; deputy?: StaffRef }
    : R
  : never;

export interface DemoCustomer {
  name: string;
  reference: string;
  phoneNumbers: string[];
  language: Language;
  communicationNeeds?: string;
  strategy?: {
    reason: string;
    restrictions: DemoRestriction[];
    /** proposed: left awaiting authorisation, so it changes nothing yet. */
    state: 'in-force' | 'proposed';
  };
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    name: 'Alex Example',
    reference: 'DEMO-001',
    phoneNumbers: ['07700 900101'],
    language: 'en-GB',
    strategy: {
      reason: 'Repeated abusive calls to the casework team after three warnings.',
      restrictions: [{ type: 'bar', emergencyBypass: true }],
      state: 'in-force',
    },
  },
  {
    name: 'Bryn Enghraifft',
    reference: 'DEMO-002',
    phoneNumbers: ['07700 900102'],
    language: 'cy-GB',
    strategy: {
      reason: 'Raised voice and offensive language on two calls.',
      restrictions: [{ type: 'warning' }],
      state: 'in-force',
    },
  },
  {
    name: 'Casey Sample',
    reference: 'DEMO-003',
    phoneNumbers: ['07700 900103', '020 7946 0103'],
    language: 'en-GB',
    communicationNeeds: 'Has asked for one consistent contact person.',
    strategy: {
      reason: 'Many calls a day to different staff about the same closed complaint.',
      restrictions: [
        { type: 'spoc', staff: 'supervisor', deputy: 'supervisor2' },
        { type: 'record' },
        { type: 'maxDuration', seconds: 900 },
      ],
      state: 'in-force',
    },
  },
  {
    name: 'Dana Placeholder',
    reference: 'DEMO-004',
    phoneNumbers: ['07700 900104'],
    language: 'en-GB',
    strategy: {
      reason: 'Calls several times a day with no new information.',
      restrictions: [{ type: 'frequency', maxCalls: 1, per: 'week' }],
      state: 'in-force',
    },
  },
  {
    name: 'Eli Specimen',
    reference: 'DEMO-005',
    phoneNumbers: ['07700 900105'],
    language: 'en-GB',
    communicationNeeds: 'Hard of hearing: please speak slowly and clearly.',
    strategy: {
      reason: 'Calls at all hours; agreed a calling window with the customer.',
      restrictions: [{ type: 'callWindows', windows: [{ days: ['tue', 'thu'], from: '10:00', to: '12:00' }] }],
      state: 'in-force',
    },
  },
  {
    name: 'Frankie Instance',
    reference: 'DEMO-006',
    phoneNumbers: ['07700 900106'],
    language: 'en-GB',
    strategy: {
      reason: 'Proposed bar awaiting a director.',
      restrictions: [{ type: 'bar', emergencyBypass: false }],
      state: 'proposed',
    },
  },
];

/** A number with no customer behind it: connects normally. */
export const DEMO_UNKNOWN_NUMBER = '07700 900199';
