import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import type { Customer } from '../core/customer.js';
import { AUTHORISING_ROLES, type Actor } from '../core/roles.js';
import { listStrategies } from '../strategies/strategy.repository.js';
import { AppError } from '../shared/app-error.js';
import { isUniqueViolation } from '../shared/database-errors.js';
import { recordAuditEvent } from '../audit/audit.repository.js';
import { noticeStrategyChange } from '../strategy-index/strategy-change-notice.js';
import type { CreateCustomerInput, UpdateCustomerInput } from './customer.schemas.js';
import { findCustomerById, insertCustomer, replacePhoneNumbers, updateCustomerRow } from './customer.repository.js';

async function uniqueReference<T>(reference: string | null | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw AppError.conflict(`reference "${reference}" belongs to another customer`, 'reference_taken');
    throw err;
  }
}

export async function createCustomer(deps: AppDeps, actor: Actor, input: CreateCustomerInput): Promise<Customer> {
  const now = deps.clock.now();
  const id = randomUUID();
  return uniqueReference(input.reference, () =>
    deps.db.transaction(async (tx) => {
      await insertCustomer(tx, {
        id,
        name: input.name,
        reference: input.reference ?? null,
        communicationNeeds: input.communicationNeeds ?? null,
        language: input.language,
        createdAt: now,
        updatedAt: now,
      });
      await replacePhoneNumbers(tx, id, input.phoneNumbers, now);
      const created = await findCustomerById(tx, id);
      if (!created) throw new Error('customer vanished inside its own transaction');
      await recordAuditEvent(tx, { actor, action: 'customer.created', entityType: 'customer', entityId: id, before: null, after: created, at: now });
      return created;
    }),
  );
}

export async function updateCustomer(deps: AppDeps, actor: Actor, id: string, input: UpdateCustomerInput): Promise<Customer> {
  const now = deps.clock.now();
  const { phoneNumbers, ...changes } = input;
  const updated = await uniqueReference(input.reference, () =>
    deps.db.transaction(async (tx) => {
      const before = await findCustomerById(tx, id);
      if (!before) throw AppError.notFound('customer');
      if (phoneNumbers && !AUTHORISING_ROLES.includes(actor.role)) {
        const authorised = await listStrategies(tx, { status: 'authorised', customerIds: [id], limit: 1, offset: 0 }, now, deps.config.lapseAfterDays);
        // Changing the numbers moves a bar off (or onto) a number: that needs the authority of a strategy (R5).
        if (authorised.length > 0) throw AppError.forbidden('changing the numbers of a customer under a contact strategy needs the supervisor or director role');
      }
      await updateCustomerRow(tx, id, { ...changes, updatedAt: now });
      if (phoneNumbers) await replacePhoneNumbers(tx, id, phoneNumbers, now);
      const after = await findCustomerById(tx, id);
      if (!after) throw AppError.notFound('customer');
      await noticeStrategyChange(tx, { customerId: id }, now);
      await recordAuditEvent(tx, { actor, action: 'customer.updated', entityType: 'customer', entityId: id, before, after, at: now });
      return after;
    }),
  );
  await deps.strategies.refresh({ customerId: id });
  return updated;
}
