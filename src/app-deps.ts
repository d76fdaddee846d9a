import type { Twilio } from 'twilio';
import type { Database } from '../db/database.js';
import type { Config } from './config/env.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './shared/logger.js';
import type { EventBus } from './events/event-bus.js';
import type { StrategyIndexKeeper } from './strategy-index/strategy-index.keeper.js';

/** Everything the application reaches outside itself, handed in by `createApp` so nothing reads globals. */
export interface AppDeps {
  config: Config;
  db: Database;
  databaseKind: 'pglite' | 'postgres';
  pingDatabase: () => Promise<void>;
  clock: Clock;
  twilio: Twilio;
  logger: Logger;
  /** Panel events to and from every instance (PostgreSQL LISTEN/NOTIFY). */
  events: EventBus;
  /** The strategies that can be in force, in memory, kept current across instances. */
  strategies: StrategyIndexKeeper;
}
