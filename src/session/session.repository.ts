import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { sessions, staff } from '../../db/schema/index.js';
import type { Actor } from '../core/roles.js';

export async function insertSession(
  ex: Executor,
  row: { id: string; tokenHash: string; staffId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await ex.insert(sessions).values(row);
}

/** The active member of staff behind a live, unrevoked session token. */
export async function findActorByTokenHash(
  ex: Executor,
  tokenHash: string,
  now: Date,
): Promise<(Actor & { sessionId: string }) | null> {
  const [row] = await ex
    .select({
      sessionId: sessions.id,
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
    })
    .from(sessions)
    .innerJoin(staff, eq(staff.id, sessions.staffId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(staff.active, true),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function revokeSession(ex: Executor, sessionId: string, at: Date): Promise<void> {
  await ex.update(sessions).set({ revokedAt: at }).where(eq(sessions.id, sessionId));
}

export async function revokeSessionsOfStaff(ex: Executor, staffId: string, at: Date): Promise<void> {
  await ex
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt)));
}
