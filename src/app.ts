import type { RequestListener, Server } from 'node:http';
import express, { Router, type Express } from 'express';
import { voiceWebhookRoutes } from '../webhooks/voice.routes.js';
import type { AppDeps } from './app-deps.js';
import { apiNotFound, errorMiddleware } from './http/error-middleware.js';
import { refuseCrossSiteWrites } from './http/same-origin.js';
import { securityHeaders } from './http/security-headers.js';
import { auditRoutes } from './audit/audit.routes.js';
import { callRoutes } from './calls/calls.routes.js';
import { createCallRuntime, type CallRuntime } from './calls/call-runtime.js';
import { customerRoutes } from './customers/customer.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { letterRoutes } from './letters/letter.routes.js';
import { reportRoutes } from './reports/report.routes.js';
import { requireSession } from './session/auth.middleware.js';
import { sessionRoutes } from './session/session.routes.js';
import { staffRoutes } from './staff/staff.routes.js';
import { strategyRoutes } from './strategies/strategy.routes.js';
import { strategyHistoryRoutes } from './strategies/strategy-history.routes.js';
import { startStrategyClosureJob } from './strategies/strategy-closure.job.js';
import { startRetentionJob } from './retention/retention.job.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { escalationRoutes } from './escalations/escalation.routes.js';
import { incidentRoutes } from './incidents/incident.routes.js';
import { terminationRoutes } from './terminations/termination.routes.js';
import { CallBoard } from './panel/call-board.js';
import { attachPanelSockets } from './panel/panel-socket.server.js';
import { webPageRoutes } from './web/web-pages.routes.js';
import type { PanelRuntime } from './panel/panel-runtime.js';
import { twilioCallControl } from './twilio/call-control.js';

export interface CallguardApp {
  /** The request handler, for `http.createServer`: the voice webhooks, else the express app. */
  handler: RequestListener;
  /** The express app behind `handler` (everything but the voice webhooks). */
  express: Express;
  /** "POST /webhooks/voice/incoming", ...: the routes `handler` serves without express. */
  webhookRoutes: readonly string[];
  calls: CallRuntime;
  panel: PanelRuntime;
  /** Attaches the live panel's websocket to the HTTP server that serves `handler`. */
  attachSockets(server: Server): void;
  /** First step of a shutdown: not ready any more, keep-alive connections close after their request, panel sockets close with a reconnect hint. */
  beginShutdown(): Promise<void>;
  /** Flushes what is still pending (batched and deferred call records) and stops timers; after requests end. */
  stop(): Promise<void>;
}

/** Builds the application from its dependencies; no globals, so tests can run several side by side. */
export function createApp(deps: AppDeps): CallguardApp {
  const bus = deps.events;
  let sockets: { close(): Promise<void>; count(): number } | null = null;
  const calls = createCallRuntime(deps, bus, () => sockets?.count() ?? 0);
  const panel: PanelRuntime = {
    deps,
    calls,
    bus,
    board: new CallBoard(bus, () => deps.clock.now()),
    callControl: twilioCallControl(deps.twilio, deps.logger),
  };
  const closures = startStrategyClosureJob(deps);
  const retention = startRetentionJob(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  const lifecycle = { stopping: false };
  const webhooks = voiceWebhookRoutes(deps, calls);
  app.use(securityHeaders(deps.config.publicUrl));
  app.use(healthRoutes(deps, calls, lifecycle));
  app.get('/', (_req, res) => res.redirect(302, '/panel'));
  app.use(webPageRoutes(deps));

  const api = Router();
  api.use(refuseCrossSiteWrites(deps.config.publicUrl));
  api.use(express.json({ limit: '100kb', strict: true }));
  api.use('/session', sessionRoutes(deps));
  api.use(requireSession(deps));
  api.use('/staff', staffRoutes(deps));
  api.use('/customers', customerRoutes(deps));
  api.use('/strategies', strategyRoutes(deps));
  api.use('/strategies', letterRoutes(deps));
  api.use('/strategies', strategyHistoryRoutes(deps));
  api.use('/audit', auditRoutes(deps));
  api.use('/escalations', escalationRoutes(deps));
  api.use('/incidents', incidentRoutes(deps));
  api.use('/terminations', terminationRoutes(deps));
  api.use('/dashboard', dashboardRoutes(deps));
  api.use('/reports', reportRoutes(deps));
  api.use(callRoutes(deps));
  api.use(apiNotFound);
  app.use('/api', api);

  app.use(errorMiddleware(deps.logger));
  const handler: RequestListener = (req, res) => {
    if (lifecycle.stopping) res.setHeader('Connection', 'close');
    if (webhooks.matches(req.url ?? '')) webhooks.handle(req, res);
    else app(req, res);
  };
  return {
    handler,
    express: app,
    webhookRoutes: webhooks.routes,
    calls,
    panel,
    attachSockets: (server) => {
      sockets = attachPanelSockets(server, panel);
    },
    beginShutdown: async () => {
      lifecycle.stopping = true;
      await sockets?.close();
    },
    stop: async () => {
      closures.stop();
      retention.stop();
      panel.board.stop();
      await calls.records.drain();
      await calls.statuses.drain();
      await calls.writes.stop();
      await calls.announcer.drain();
    },
  };
}
