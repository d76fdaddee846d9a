import type { AppDeps } from '../app-deps.js';
import { purgeExpiredRecords, type PurgeResult } from './retention.purge.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface RetentionJobTiming {
  /** Wait before the first run: out of the way of start-up (migrations, strategy index, first calls). */
  firstRunMs?: number;
  /** Between runs. */
  intervalMs?: number;
  /** After a run that stopped at its batch limit, or found another instance purging, or failed. */
  retryMs?: number;
}

/** Runs one purge with the application's clock and configuration. */
export function purgeNow(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>): Promise<PurgeResult> {
  return purgeExpiredRecords(deps.db, { now: deps.clock.now(), retentionDays: deps.config.retentionDays, timeZone: deps.config.timeZone });
}

/**
 * R15: purges expired call records shortly after start and then daily. One run at a time in this process;
 * across instances the purge's advisory lock lets one through. Timers are unref'd so they never hold the
 * process open.
 */
export function startRetentionJob(deps: AppDeps, timing: RetentionJobTiming = {}): { stop(): void } {
  const { firstRunMs = MINUTE_MS, intervalMs = DAY_MS, retryMs = 5 * MINUTE_MS } = timing;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const run = () => {
    timer = null;
    purgeNow(deps).then(
      (result) => {
        if (result.outcome === 'purged') {
          deps.logger.info({ cutoff: result.cutoff, ...result.counts, heldBack: result.heldBack, complete: result.complete }, 'purged expired call records');
        }
        schedule(result.complete ? intervalMs : retryMs);
      },
      (err: unknown) => {
        // A run cut short by shutdown rolled back whole; nothing to report.
        if (stopped) return;
        deps.logger.warn({ err }, 'retention purge failed; will retry');
        schedule(retryMs);
      },
    );
  };

  schedule(firstRunMs);
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
