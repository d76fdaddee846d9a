import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SUPERVISING_ROLES } from '../core/roles.js';
import { canSee } from '../events/event-bus.js';
import { zodFieldProblems } from '../http/validate.js';
import { isSameOrigin } from '../http/same-origin.js';
import { authenticate } from '../session/session.service.js';
import { tokenFrom, type SessionActor } from '../session/auth.middleware.js';
import { AppError } from '../shared/app-error.js';
import { unacknowledgedTerminations } from '../terminations/termination.repository.js';
import { runPanelCommand } from './panel-commands.js';
import type { PanelRuntime } from './panel-runtime.js';
import { clientMessageSchema, type ServerMessage } from './panel.protocol.js';

export const PANEL_SOCKET_PATH = '/panel/ws';
const MAX_MESSAGES_PER_SECOND = 20;
const HEARTBEAT_MS = 30_000;

function refuse(socket: Duplex, status: 401 | 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Attaches the live panel's websocket to the HTTP server (upgrade at /panel/ws, session cookie or ?token=). */
export function attachPanelSockets(server: Server, panel: PanelRuntime): { close(): Promise<void>; count(): number } {
  // One event goes to every socket that may see it: serialise it once, not once per socket.
  const serialised = new WeakMap<ServerMessage, string>();
  const serialise = (message: ServerMessage): string => {
    let text = serialised.get(message);
    if (text === undefined) serialised.set(message, (text = JSON.stringify(message)));
    return text;
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://panel');
    if (url.pathname !== PANEL_SOCKET_PATH) return refuse(socket, 404, 'Not Found');
    // A page on another site must not open a socket with the agent's cookie (cross-site websocket hijacking).
    if (!isSameOrigin(req.headers, panel.deps.config.publicUrl)) return refuse(socket, 403, 'Forbidden');
    const token = url.searchParams.get('token') ?? tokenFrom(req.headers.authorization, req.headers.cookie);
    const actor = token ? await authenticate(panel.deps, token).catch(() => null) : null;
    if (!actor) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => void openSession(panel, ws, actor, serialise));
  };
  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head);
  server.on('upgrade', listener);

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) ws.ping();
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    count: () => wss.clients.size,
    close: async () => {
      clearInterval(heartbeat);
      server.off('upgrade', listener);
      // 1012: service restart; the page reconnects by itself.
      for (const ws of wss.clients) ws.close(1012, 'server restarting, reconnect');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

async function openSession(panel: PanelRuntime, ws: WebSocket, actor: SessionActor, serialise: (message: ServerMessage) => string): Promise<void> {
  const log = panel.deps.logger.child({ socket: 'panel', staffId: actor.id });
  const send = (message: ServerMessage) => ws.readyState === ws.OPEN && ws.send(serialise(message));
  const unsubscribe = panel.bus.subscribe((event) => canSee(event.audience, actor) && send(event.message));
  let windowStart = Date.now();
  let inWindow = 0;

  ws.on('message', (data, isBinary) => {
    const now = Date.now();
    if (now - windowStart >= 1_000) {
      windowStart = now;
      inWindow = 0;
    }
    if (++inWindow > MAX_MESSAGES_PER_SECOND) {
      log.warn('panel socket flooding; closed');
      ws.close(1008, 'too many messages');
      return;
    }
    void handle(isBinary ? null : data.toString());
  });
  ws.on('close', unsubscribe);
  ws.on('error', (err) => log.warn({ err }, 'panel socket error'));

  async function handle(raw: string | null): Promise<void> {
    let json: unknown;
    try {
      json = raw === null ? undefined : JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const ref = typeof json === 'object' && json !== null && 'ref' in json && typeof json.ref === 'string' ? { ref: json.ref } : {};
    if (json === undefined) return void send({ type: 'error', ...ref, code: 'invalid_json', message: 'messages must be JSON text' });
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const fields = zodFieldProblems(parsed.error, 'message');
      const message = Object.entries(fields).map(([f, p]) => `${f}: ${p}`).join('; ');
      return void send({ type: 'error', ...ref, code: 'invalid_message', message });
    }
    try {
      send(await runPanelCommand(panel, actor, parsed.data));
    } catch (err) {
      if (err instanceof AppError) return void send({ type: 'error', ...ref, code: err.code, message: err.message });
      log.error({ err, type: parsed.data.type }, 'panel command failed');
      send({ type: 'error', ...ref, code: 'internal_error', message: 'something went wrong; it has been logged' });
    }
  }

  const supervisor = SUPERVISING_ROLES.includes(actor.role);
  const terminations = await unacknowledgedTerminations(panel.deps.db, supervisor ? null : actor.id).catch(() => []);
  send({
    type: 'snapshot',
    calls: panel.board.inProgress(),
    terminations,
    you: { id: actor.id, displayName: actor.displayName, role: actor.role },
  });
}
