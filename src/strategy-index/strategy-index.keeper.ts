import type { DatabaseHandle } from '../../db/database.js';
import type { Logger } from '../shared/logger.js';
import { StrategyIndex } from './strategy-index.js';
import { loadIndexContents } from './index-load.js';
import { indexedCustomers, staffContacts } from './strategy-index.repository.js';
import { STRATEGY_CHANNEL, strategyNoticeSchema } from './strategy-change-notice.js';

export interface StrategyIndexKeeper {
  index: StrategyIndex;
  /** Full reload: the safety net behind the notifications. */
  reconcile(): Promise<void>;
  /** Re-reads one customer or member of staff now (the instance that made a change reads its own write). */
  refresh(subject: { customerId: string } | { staffId: string }): Promise<void>;
  /** How late the last change notice arrived (ms), for readiness. */
  lastNoticeLagMs(): number | null;
  lastLoadMs(): number | null;
  stop(): Promise<void>;
}

const RECONCILE_EVERY_MS = 5 * 60_000;

type Subject = { customerId: string } | { staffId: string };

/** Loads the index and keeps it current from LISTEN notifications, with a periodic full reconcile. */
export async function startStrategyIndex(database: DatabaseHandle, logger: Logger, options: { reconcileEveryMs?: number } = {}): Promise<StrategyIndexKeeper> {
  const index = new StrategyIndex();
  let lagMs: number | null = null;
  let loadMs: number | null = null;

  // Subjects refreshed while a full load runs: the load read an older snapshot and replaces the whole index,
  // so each is read again once it is in place (otherwise a bar authorised mid-load waits for the next reload).
  let changedDuringLoad: Map<string, Subject> | null = null;
  let loading: Promise<void> | null = null;

  const load = async () => {
    const started = Date.now();
    changedDuringLoad = new Map();
    try {
      const contents = await loadIndexContents(database);
      index.replaceWith(contents, await staffContacts(database.db), new Date());
    } finally {
      const again = [...(changedDuringLoad?.values() ?? [])];
      changedDuringLoad = null;
      for (const subject of again) await refresh(subject);
    }
    loadMs = Date.now() - started;
    logger.info({ ...index.size, ms: loadMs }, 'strategy index loaded');
  };
  const reconcile = () => (loading ??= load().finally(() => (loading = null)));

  const onNotice = async (payload: string) => {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      json = null;
    }
    const notice = strategyNoticeSchema.safeParse(json);
    if (!notice.success) return logger.warn('malformed strategy notice ignored');
    lagMs = Date.now() - Date.parse(notice.data.sentAt);
    await refresh(notice.data);
  };

  const refresh = async (subject: Subject) => {
    changedDuringLoad?.set('customerId' in subject ? `c:${subject.customerId}` : `s:${subject.staffId}`, subject);
    if ('customerId' in subject) {
      const [customer] = await indexedCustomers(database.db, [subject.customerId]);
      if (!customer) return index.removeCustomer(subject.customerId);
      // Its single points of contact may be staff added since the last full load.
      const spocs = customer.strategies.flatMap((s) => s.restrictions.flatMap((r) => (r.type === 'spoc' ? [r.staffId, ...(r.deputyStaffId ? [r.deputyStaffId] : [])] : [])));
      for (const member of spocs.length > 0 ? await staffContacts(database.db, spocs) : []) index.putStaff(member);
      index.putCustomer(customer);
    } else {
      const [member] = await staffContacts(database.db, [subject.staffId]);
      index.putStaff(member ?? null, subject.staffId);
    }
  };

  // Listen before loading, so a change made during the load is not missed.
  const stopListening = await database.listen(STRATEGY_CHANNEL, (payload) =>
    void onNotice(payload).catch((err: unknown) => logger.error({ err }, 'strategy notice failed; the next reconcile will catch up')),
  );
  await reconcile();
  const timer = setInterval(() => void reconcile().catch((err: unknown) => logger.warn({ err }, 'strategy index reconcile failed')), options.reconcileEveryMs ?? RECONCILE_EVERY_MS);
  timer.unref();

  return {
    index,
    reconcile,
    refresh,
    lastNoticeLagMs: () => lagMs,
    lastLoadMs: () => loadMs,
    stop: async () => {
      clearInterval(timer);
      await stopListening();
    },
  };
}
