import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import type { AppDeps } from './app-deps.js';
import { createApp, type CallguardApp } from './app.js';
import type { Config } from './config/env.js';
import { systemClock, type Clock } from './core/clock.js';
import { createLogger, type Logger } from './shared/logger.js';
import { createTwilioClient } from './twilio/twilio-client.js';
import { ensureAdmin } from './bootstrap/ensure-admin.js';
import { createDatabaseEventBus } from './events/database-event-bus.js';
import { createLocalEventBus } from './events/local-event-bus.js';
import { startStrategyIndex } from './strategy-index/strategy-index.keeper.js';

/** How long requests in flight may take to finish at shutdown before their connections are dropped. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  server: Server;
  app: CallguardApp;
  deps: AppDeps;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export interface ServerOptions {
  clock?: Clock;
  logger?: Logger;
  /** An already open database (tests open one per file); otherwise the configured one is opened. */
  database?: DatabaseHandle;
}

/** Opens the database, applies migrations, makes sure an admin exists, and listens. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? (await openDatabase(config.database));
  // A PGlite database has this one process as its only user: panel events need not leave it. Instances
  // sharing PostgreSQL hear each other's through LISTEN/NOTIFY.
  const events = database.kind === 'pglite' ? createLocalEventBus(logger) : await createDatabaseEventBus(database, logger);
  const strategies = await startStrategyIndex(database, logger);
  const deps: AppDeps = {
    config,
    db: database.db,
    databaseKind: database.kind,
    pingDatabase: database.ping,
    clock: options.clock ?? systemClock,
    twilio: createTwilioClient(config.twilio),
    logger,
    events,
    strategies,
  };
  await ensureAdmin(deps);
  const app = createApp(deps);
  const server = createServer(app.handler);
  app.attachSockets(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}`,
    server,
    app,
    deps,
    database,
    close: async () => {
      // Stop accepting; webhooks in flight finish and their records commit before the database closes.
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await app.beginShutdown();
      const forced = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await drained;
      clearTimeout(forced);
      await app.stop();
      await events.close();
      await strategies.stop();
      if (!options.database) await database.close();
    },
  };
}
