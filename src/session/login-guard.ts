import type { Executor } from '../../db/database.js';
import { eq } from 'drizzle-orm';
import { staff } from '../../db/schema/index.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { BoundedMap } from '../calls/bounded-map.js';

/** Five wrong passwords within 15 minutes lock an account for 15 minutes. */
export const LOGIN_POLICY = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

export interface FailureState {
  failedLogins: number;
  lastFailedLoginAt: Date | null;
  lockedUntil: Date | null;
}

export function isLocked(state: Pick<FailureState, 'lockedUntil'>, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

/** The next state after a wrong password: a failure within the window counts on, the fifth locks. */
export function afterFailure(state: FailureState, now: Date): FailureState & { justLocked: boolean } {
  const recent = state.lastFailedLoginAt !== null && now.getTime() - state.lastFailedLoginAt.getTime() < LOGIN_POLICY.windowMs;
  const failedLogins = (recent ? state.failedLogins : 0) + 1;
  const locks = failedLogins >= LOGIN_POLICY.maxFailures;
  return {
    failedLogins: locks ? 0 : failedLogins,
    lastFailedLoginAt: now,
    lockedUntil: locks ? new Date(now.getTime() + LOGIN_POLICY.lockMs) : state.lockedUntil,
    justLocked: locks,
  };
}

/** Records a wrong password for a real account; a lockout is audited in the same transaction. */
export async function recordFailedLogin(ex: Executor, account: { id: string; username: string } & FailureState, now: Date): Promise<FailureState & { justLocked: boolean }> {
  const next = afterFailure(account, now);
  await ex.transaction(async (tx) => {
    await tx.update(staff).set({ failedLogins: next.failedLogins, lastFailedLoginAt: next.lastFailedLoginAt, lockedUntil: next.lockedUntil }).where(eq(staff.id, account.id));
    if (next.justLocked) {
      await recordAuditEvent(tx, {
        actor: null,
        action: 'staff.locked_out',
        entityType: 'staff',
        entityId: account.id,
        before: { lockedUntil: account.lockedUntil },
        after: { lockedUntil: next.lockedUntil, reason: `${LOGIN_POLICY.maxFailures} wrong passwords within ${LOGIN_POLICY.windowMs / 60_000} minutes` },
        at: now,
      });
    }
  });
  return next;
}

export async function clearFailedLogins(ex: Executor, staffId: string): Promise<void> {
  await ex.update(staff).set({ failedLogins: 0, lastFailedLoginAt: null, lockedUntil: null }).where(eq(staff.id, staffId));
}

/**
 * Usernames that do not exist get the same treatment in memory, so a lockout does not reveal which
 * usernames are real.
 */
export class UnknownUserFailures {
  private readonly states = new BoundedMap<string, FailureState>(10_000);

  isLocked(username: string, now: Date): boolean {
    const state = this.states.get(username);
    return state !== undefined && isLocked(state, now);
  }

  fail(username: string, now: Date): void {
    const state = this.states.get(username) ?? { failedLogins: 0, lastFailedLoginAt: null, lockedUntil: null };
    const { justLocked: _justLocked, ...next } = afterFailure(state, now);
    this.states.set(username, next);
  }
}
