import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ROLES } from '../../src/core/roles.js';
import { at, createdAt, id, updatedAt } from './columns.js';


export const staff = pgTable(
  'staff',
  {
    id: id(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    passwordHash: text('password_hash').notNull(),
    phoneNumber: text('phone_number'),
    clientIdentity: text('client_identity'),
    active: boolean('active').notNull().default(true),
    // Repeated wrong passwords lock the account for a while (kept in the database, so every instance agrees).
    failedLogins: integer('failed_logins').notNull().default(0),
    lastFailedLoginAt: at('last_failed_login_at'),
    lockedUntil: at('locked_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('staff_role_check', sql`${t.role} in ('agent', 'supervisor', 'director', 'admin')`)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    // Only a hash of the bearer token is stored, so a database leak yields no usable sessions.
    tokenHash: text('token_hash').notNull().unique(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('sessions_staff_idx').on(t.staffId)],
);
