import { asc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { auditChainHead, auditEvents } from '../../db/schema/index.js';
import { ChainVerifier, type ChainProblem } from './audit-chain.js';

const BATCH = 5_000;

/** Reads the whole audit trail in id order and checks every link of its hash chain (R12). */
export async function verifyAuditTrail(ex: Executor): Promise<{ ok: true; events: number } | { ok: false; first: ChainProblem }> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const batch = await ex.select().from(auditEvents).where(gt(auditEvents.id, after)).orderBy(asc(auditEvents.id)).limit(BATCH);
    for (const event of batch) verifier.add(event);
    const last = batch.at(-1);
    if (!last || batch.length < BATCH) break;
    after = last.id;
  }
  const [head] = await ex.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).limit(1);
  return verifier.finish(head ?? null);
}
