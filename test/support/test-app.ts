import type { DatabaseHandle } from '../../db/database.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import type { Role } from '../../src/core/roles.js';
import { normalisePhoneNumber } from '../../src/core/phone-number.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createStaff } from '../../src/staff/staff.service.js';
import type { StaffMember } from '../../src/staff/staff.repository.js';
import { ApiClient } from './http-client.js';
import { TestClock } from './test-clock.js';
import { openTestDatabase } from './test-database.js';

export const TEST_AUTH_TOKEN = 'test-auth-token-0123456789';
export const TEST_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
/** What Twilio is configured to call; requests arrive on loopback as if through a proxy. */
export const TEST_PUBLIC_URL = 'https://callguard.example.test';
export const TEST_PASSWORD = 'correct horse battery staple';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: TEST_PUBLIC_URL,
    TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    ORGANISATION_NAME: 'Example Ombudsman',
    DEFAULT_ROUTE: '+442079460000',
    EMERGENCY_ROUTE: '+442079460999',
    ALTERNATIVE_CONTACT: 'You can still write to us at 1 Example Street, or email casework@example.org.',
    ALTERNATIVE_CONTACT_CY: 'Gallwch ysgrifennu atom o hyd yn 1 Example Street, neu e-bostio casework@example.org.',
    ...env,
  });
}

export interface SignedInStaff {
  staff: StaffMember;
  token: string;
  api: ApiClient;
}

export interface TestApp {
  url: string;
  clock: TestClock;
  server: RunningServer;
  /** An anonymous client. */
  api: ApiClient;
  /** Creates a member of staff (not audited through the API) and signs them in over HTTP. */
  staff(role: Role, fields?: StaffFields): Promise<SignedInStaff>;
  close(): Promise<void>;
}

let counter = 0;

export type StaffFields = Partial<{ username: string; phoneNumber: string; clientIdentity: string }>;

/** Creates a member of staff straight through the service (not audited through the API) and signs them in over HTTP. */
export async function signInNewStaff(server: RunningServer, api: ApiClient, role: Role, fields: StaffFields = {}, prefix = ''): Promise<SignedInStaff> {
  const username = fields.username ?? `${prefix}${role}${++counter}-${Math.random().toString(36).slice(2, 7)}`;
  const staff = await createStaff(server.deps, null, {
    username,
    displayName: `Test ${role} ${counter}`,
    role,
    password: TEST_PASSWORD,
    phoneNumber: fields.phoneNumber ? normalisePhoneNumber(fields.phoneNumber, 'GB') : null,
    clientIdentity: fields.clientIdentity ?? null,
  });
  const res = await api.post('/api/session', { username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { staff, token: res.body.token as string, api: api.as(res.body.token as string) };
}

/** The real service on a random loopback port, on a database of this test file's own. */
export async function startTestApp(options: { env?: Record<string, string>; clock?: TestClock } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const app = await startAppOn(database, options.clock ?? new TestClock(), options.env);
  return {
    ...app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Like startTestApp, on a database the caller opened and keeps (so a script or a dump can read it after). */
export async function startAppOn(database: DatabaseHandle, clock: TestClock, env: Record<string, string> = {}): Promise<TestApp> {
  const server = await startServer(testConfig(env), { clock, database });
  const api = new ApiClient(server.url);
  return {
    url: server.url,
    clock,
    server,
    api,
    staff: (role, fields = {}) => signInNewStaff(server, api, role, fields),
    close: () => server.close(),
  };
}
