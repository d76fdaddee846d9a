import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { staff } from '../../db/schema/index.js';
import type { Role } from '../core/roles.js';

/** A member of staff as the API shows them: never the password hash. */
export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  phoneNumber: string | null;
  clientIdentity: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const publicColumns = {
  id: staff.id,
  username: staff.username,
  displayName: staff.displayName,
  role: staff.role,
  phoneNumber: staff.phoneNumber,
  clientIdentity: staff.clientIdentity,
  active: staff.active,
  createdAt: staff.createdAt,
  updatedAt: staff.updatedAt,
};

export type NewStaffRow = typeof staff.$inferInsert;

export async function insertStaff(ex: Executor, row: NewStaffRow): Promise<StaffMember> {
  const [created] = await ex.insert(staff).values(row).returning(publicColumns);
  if (!created) throw new Error('insert returned no row');
  return created;
}

export async function updateStaffRow(
  ex: Executor,
  id: string,
  patch: Partial<Omit<NewStaffRow, 'id' | 'username' | 'createdAt'>>,
): Promise<StaffMember | null> {
  const [updated] = await ex.update(staff).set(patch).where(eq(staff.id, id)).returning(publicColumns);
  return updated ?? null;
}

export async function findStaffById(ex: Executor, id: string): Promise<StaffMember | null> {
  const [row] = await ex.select(publicColumns).from(staff).where(eq(staff.id, id)).limit(1);
  return row ?? null;
}

export async function findStaffByIds(ex: Executor, ids: readonly string[]): Promise<StaffMember[]> {
  if (ids.length === 0) return [];
  return ex.select(publicColumns).from(staff).where(inArray(staff.id, [...ids]));
}

export async function findStaffCredentials(
  ex: Executor,
  username: string,
): Promise<(StaffMember & { passwordHash: string; failedLogins: number; lastFailedLoginAt: Date | null; lockedUntil: Date | null }) | null> {
  const [row] = await ex
    .select({ ...publicColumns, passwordHash: staff.passwordHash, failedLogins: staff.failedLogins, lastFailedLoginAt: staff.lastFailedLoginAt, lockedUntil: staff.lockedUntil })
    .from(staff)
    .where(eq(staff.username, username.trim().toLowerCase()))
    .limit(1);
  return row ?? null;
}

export async function listStaff(ex: Executor): Promise<StaffMember[]> {
  return ex.select(publicColumns).from(staff).orderBy(asc(staff.username));
}

export async function countAdmins(ex: Executor): Promise<number> {
  const rows = await ex.select({ id: staff.id }).from(staff).where(eq(staff.role, 'admin'));
  return rows.length;
}
