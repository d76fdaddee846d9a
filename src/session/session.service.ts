import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import type { Actor } from '../core/roles.js';
import { AppError } from '../shared/app-error.js';
import { UNKNOWN_USER_HASH, verifyPassword } from '../security/password.js';
import { hashSessionToken, newSessionToken } from '../security/session-token.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { findStaffCredentials } from '../staff/staff.repository.js';
import { findActorByTokenHash, insertSession, revokeSession } from './session.repository.js';
import { clearFailedLogins, isLocked, recordFailedLogin, type UnknownUserFailures } from './login-guard.js';

export interface SignedIn {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

function lockedOut(until: Date | null): AppError {
  const when = until ? ` after ${until.toISOString().slice(11, 16)} UTC` : ' later';
  return new AppError(429, 'account_locked', `too many wrong passwords: this account is locked; try again${when}`);
}

export async function signIn(deps: AppDeps, username: string, password: string, unknownUsers: UnknownUserFailures): Promise<SignedIn> {
  const { db, clock, config } = deps;
  const now = clock.now();
  const name = username.trim().toLowerCase();
  const found = await findStaffCredentials(db, name);
  // Always run the KDF so a wrong username costs as long as a wrong password.
  const ok = await verifyPassword(password, found?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!found) {
    if (unknownUsers.isLocked(name, now)) throw lockedOut(null);
    unknownUsers.fail(name, now);
    throw AppError.unauthenticated('wrong username or password');
  }
  if (isLocked(found, now)) throw lockedOut(found.lockedUntil);
  if (!ok || !found.active) {
    const next = await recordFailedLogin(db, found, now);
    if (next.justLocked) {
      deps.logger.warn({ staffId: found.id }, 'account locked after repeated wrong passwords');
      throw lockedOut(next.lockedUntil);
    }
    throw AppError.unauthenticated('wrong username or password');
  }
  if (found.failedLogins > 0 || found.lockedUntil) await clearFailedLogins(db, found.id);

  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + config.sessionTtlHours * 3_600_000);
  const sessionId = randomUUID();
  const actor: Actor = { id: found.id, username: found.username, displayName: found.displayName, role: found.role };
  await db.transaction(async (tx) => {
    await insertSession(tx, { id: sessionId, tokenHash: hashSessionToken(token), staffId: found.id, createdAt: now, expiresAt });
    await recordAuditEvent(tx, {
      actor,
      action: 'session.created',
      entityType: 'session',
      entityId: sessionId,
      before: null,
      after: { staffId: found.id, expiresAt },
      at: now,
    });
  });
  return { token, expiresAt, actor };
}

export async function authenticate(deps: AppDeps, token: string): Promise<(Actor & { sessionId: string }) | null> {
  return findActorByTokenHash(deps.db, hashSessionToken(token), deps.clock.now());
}

export async function signOut(deps: AppDeps, actor: Actor & { sessionId: string }): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await revokeSession(tx, actor.sessionId, now);
    await recordAuditEvent(tx, {
      actor,
      action: 'session.revoked',
      entityType: 'session',
      entityId: actor.sessionId,
      before: { revokedAt: null },
      after: { revokedAt: now },
      at: now,
    });
  });
}
