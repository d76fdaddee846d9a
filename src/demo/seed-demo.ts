import type { AppDeps } from '../app-deps.js';
import type { Actor } from '../core/roles.js';
import type { Restriction } from '../core/restriction.js';
import { normalisePhoneNumber, type E164 } from '../core/phone-number.js';
import { createCustomer } from '../customers/customer.service.js';
import { listStaff, type StaffMember } from '../staff/staff.repository.js';
import { createStaff } from '../staff/staff.service.js';
import { proposeStrategy } from '../strategies/strategy.service.js';
import { authoriseStrategy, recordNotification } from '../strategies/strategy-lifecycle.service.js';
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_STAFF, type DemoCustomer } from './demo-data.js';

export interface DemoLogin {
  username: string;
  role: string;
  password: string;
}

/** Fills an empty database with demo staff, customers and strategies, through the same services the API uses. */
export async function seedDemo(deps: AppDeps): Promise<DemoLogin[] | null> {
  const existing = await listStaff(deps.db);
  if (existing.some((s) => s.username !== 'admin')) return null;

  const region = deps.config.defaultRegion;
  const phone = (value: string): E164 => {
    const number = normalisePhoneNumber(value, region);
    if (!number) throw new Error(`demo number ${value} does not parse`);
    return number;
  };
  const staff = new Map<string, StaffMember>(existing.map((s) => [s.username, s]));
  for (const member of DEMO_STAFF) {
    if (staff.has(member.username)) continue;
    const created = await createStaff(deps, null, {
      username: member.username,
      displayName: member.displayName,
      role: member.role,
      password: DEMO_PASSWORD,
      phoneNumber: member.phoneNumber ? phone(member.phoneNumber) : null,
      clientIdentity: member.clientIdentity ?? null,
    });
    staff.set(created.username, created);
  }
  const actor = (username: string): Actor => {
    const member = staff.get(username);
    if (!member) throw new Error(`demo staff ${username} missing`);
    return member;
  };
  const staffId = (username: string) => actor(username).id;

  for (const demo of DEMO_CUSTOMERS) {
    const customer = await createCustomer(deps, actor('agent'), {
      name: demo.name,
      reference: demo.reference,
      phoneNumbers: demo.phoneNumbers.map(phone),
      communicationNeeds: demo.communicationNeeds ?? null,
      language: demo.language,
    });
    if (demo.strategy) await seedStrategy(deps, customer.id, demo.strategy, actor, staffId);
  }

  return DEMO_STAFF.map((s) => ({
    username: s.username,
    role: s.role,
    password: s.username === 'admin' && deps.config.adminPassword ? '(CALLGUARD_ADMIN_PASSWORD)' : DEMO_PASSWORD,
  }));
}

async function seedStrategy(
  deps: AppDeps,
  customerId: string,
  demo: NonNullable<DemoCustomer['strategy']>,
  actor: (username: string) => Actor,
  staffId: (username: string) => string,
): Promise<void> {
  const restrictions: Restriction[] = demo.restrictions.map((r) =>
    r.type === 'spoc'
      ? { type: 'spoc', staffId: staffId(r.staff), ...(r.deputy ? { deputyStaffId: staffId(r.deputy) } : {}) }
      : r,
  );
  const now = deps.clock.now();
  const proposed = await proposeStrategy(deps, actor('supervisor'), {
    customerId,
    reason: demo.reason,
    priorWarnings: [{ date: new Date(now.getTime() - 14 * 86_400_000).toISOString().slice(0, 10), summary: 'Warned on the phone that this conduct is unacceptable.' }],
    restrictions,
    allContact: false,
    urgent: false,
  });
  if (demo.state === 'proposed') return;
  await authoriseStrategy(deps, actor('director'), proposed.id, { rationale: 'Demo: meets the policy threshold.' });
  await recordNotification(deps, actor('director'), proposed.id, {
    sentAt: deps.clock.now(),
    channel: 'letter',
    reference: `DEMO-LETTER-${proposed.id.slice(0, 8)}`,
  });
}
