import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics, one registry per app instance (no global registry). */
export function createMetrics(sources: { indexSize: () => number; sockets: () => number; pendingWrites: () => number }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'callguard_process_' });
  const webhookSeconds = new Histogram({
    name: 'callguard_webhook_duration_seconds',
    help: 'Time to answer a Twilio webhook',
    labelNames: ['webhook'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [registry],
  });
  const decisions = new Counter({ name: 'callguard_call_decisions_total', help: 'Calls decided, by kind and reason', labelNames: ['kind', 'reason'] as const, registers: [registry] });
  const breaches = new Counter({ name: 'callguard_breaches_total', help: 'Breaches recorded, by restriction', labelNames: ['restriction'] as const, registers: [registry] });
  const batchSize = new Histogram({
    name: 'callguard_group_commit_batch_size',
    help: 'Rows per group-commit batch',
    labelNames: ['kind'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  new Gauge({ name: 'callguard_strategy_index_numbers', help: 'Numbers under strategy in the in-memory index', registers: [registry], collect() { this.set(sources.indexSize()); } });
  new Gauge({ name: 'callguard_panel_sockets', help: 'Panel websockets connected to this instance', registers: [registry], collect() { this.set(sources.sockets()); } });
  new Gauge({ name: 'callguard_deferred_writes', help: 'Call records waiting for the database', registers: [registry], collect() { this.set(sources.pendingWrites()); } });
  return { registry, webhookSeconds, decisions, breaches, batchSize };
}

export type Metrics = ReturnType<typeof createMetrics>;
