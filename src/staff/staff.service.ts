import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import type { Actor } from '../core/roles.js';
import { AppError } from '../shared/app-error.js';
import { isUniqueViolation } from '../shared/database-errors.js';
import { hashPassword } from '../security/password.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { noticeStrategyChange } from '../strategy-index/strategy-change-notice.js';
import { revokeSessionsOfStaff } from '../session/session.repository.js';
import type { CreateStaffInput, UpdateStaffInput } from './staff.schemas.js';
import { countAdmins, findStaffById, insertStaff, updateStaffRow, type StaffMember } from './staff.repository.js';

export async function createStaff(deps: AppDeps, actor: Actor | null, input: CreateStaffInput): Promise<StaffMember> {
  const now = deps.clock.now();
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.db.transaction(async (tx) => {
      const created = await insertStaff(tx, {
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        phoneNumber: input.phoneNumber ?? null,
        clientIdentity: input.clientIdentity ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await recordAuditEvent(tx, {
        actor,
        action: 'staff.created',
        entityType: 'staff',
        entityId: created.id,
        before: null,
        after: created,
        at: now,
      });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw AppError.conflict(`username "${input.username}" is already taken`, 'username_taken');
    throw err;
  }
}

export async function updateStaff(deps: AppDeps, actor: Actor, id: string, input: UpdateStaffInput): Promise<StaffMember> {
  const now = deps.clock.now();
  const { password, ...changes } = input;
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  const updated = await deps.db.transaction(async (tx) => {
    const before = await findStaffById(tx, id);
    if (!before) throw AppError.notFound('member of staff');
    if (id === actor.id && changes.role !== undefined && changes.role !== before.role) {
      throw AppError.forbidden('nobody changes their own role: ask another admin');
    }
    const losesAdmin = before.role === 'admin' && before.active && (changes.role ?? 'admin') !== 'admin';
    if ((losesAdmin || (before.role === 'admin' && changes.active === false)) && (await countAdmins(tx)) <= 1) {
      throw AppError.conflict('this is the only admin; make another admin first', 'last_admin');
    }
    const after = await updateStaffRow(tx, id, { ...changes, ...(passwordHash ? { passwordHash } : {}), updatedAt: now });
    if (!after) throw AppError.notFound('member of staff');
    // A changed password or a deactivated account ends every session it had.
    if (passwordHash || changes.active === false) await revokeSessionsOfStaff(tx, id, now);
    // A single point of contact's number or identity is in the strategy index.
    await noticeStrategyChange(tx, { staffId: id }, now);
    await recordAuditEvent(tx, {
      actor,
      action: passwordHash ? 'staff.updated_with_password' : 'staff.updated',
      entityType: 'staff',
      entityId: id,
      before,
      after,
      at: now,
    });
    return after;
  });
  await deps.strategies.refresh({ staffId: id });
  return updated;
}
