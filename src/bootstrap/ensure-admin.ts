import type { AppDeps } from '../app-deps.js';
import { countAdmins } from '../staff/staff.repository.js';
import { createStaff } from '../staff/staff.service.js';

/** With CALLGUARD_ADMIN_PASSWORD set, the first start creates user `admin` so someone can sign in. */
export async function ensureAdmin(deps: AppDeps): Promise<void> {
  const password = deps.config.adminPassword;
  if (!password || (await countAdmins(deps.db)) > 0) return;
  await createStaff(deps, null, { username: 'admin', displayName: 'Administrator', role: 'admin', password });
  deps.logger.info('created the admin user from CALLGUARD_ADMIN_PASSWORD');
}
