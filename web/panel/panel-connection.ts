import type { ClientMessage, ServerMessage } from '../../src/panel/panel.protocol.js';
import { reconnectDelay } from './backoff.js';

// The panel's websocket: connects with the session cookie, reconnects by itself with backoff, notices a dead
// connection with a keep-alive ping, and matches the server's answers to requests by `ref`.

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'signed-out';
export type Answer = Extract<ServerMessage, { type: 'ack' }> | Extract<ServerMessage, { type: 'error' }>;
export type Request = ClientMessage extends infer M ? (M extends unknown ? Omit<M, 'ref'> : never) : never;

export interface ConnectionStatus {
  state: ConnectionState;
  /** While reconnecting: when the next attempt is due (Date.now() based). */
  retryAt: number | null;
  /** Failed attempts since the socket was last live. */
  failures: number;
}

export interface PanelConnectionOptions {
  url: string;
  onMessage(message: ServerMessage): void;
  onStatus(status: ConnectionStatus): void;
  /** Asked after a socket closes: false when the session has ended (no more retries); null when unknown. */
  stillSignedIn(): Promise<boolean | null>;
  requestTimeoutMs?: number;
  keepAliveMs?: number;
}

interface Pending {
  resolve(answer: Answer): void;
  timer: ReturnType<typeof setTimeout>;
}

const failure = (code: string, message: string): Answer => ({ type: 'error', code, message });

export class PanelConnection {
  private ws: WebSocket | null = null;
  private stopped = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  private readonly pending = new Map<string, Pending>();
  private refs = 0;
  private status: ConnectionStatus = { state: 'connecting', retryAt: null, failures: 0 };

  constructor(private readonly options: PanelConnectionOptions) {}

  get state(): ConnectionState {
    return this.status.state;
  }

  start(): void {
    this.stopped = false;
    this.failures = 0;
    this.setStatus({ state: 'connecting', retryAt: null, failures: 0 });
    this.open();
  }

  /** Closes for good (signing out); unanswered requests are answered with an error. */
  stop(state: ConnectionState = 'signed-out'): void {
    this.stopped = true;
    this.clearTimers();
    this.abandonSocket();
    this.failPending(failure('signed_out', 'Signed out before the server answered.'));
    this.setStatus({ state, retryAt: null, failures: this.failures });
  }

  /** Tries again at once (the browser came back online, or the agent pressed "Reconnect now"). */
  reconnectNow(): void {
    if (this.stopped || this.status.state === 'live' || this.status.state === 'connecting') return;
    if (this.ws?.readyState === WebSocket.CONNECTING) return; // an attempt is already under way
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  /** Sends one message with a fresh `ref` and resolves with the server's ack or error (never rejects). */
  request(message: Request): Promise<Answer> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.status.state !== 'live') {
      return Promise.resolve(failure('not_connected', 'Not connected to the server. Wait until the panel shows "Live" and try again.'));
    }
    const ref = `p${Date.now().toString(36)}-${++this.refs}`;
    return new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        resolve(failure('timeout', 'The server did not answer in time. Check the call before trying again.'));
      }, this.options.requestTimeoutMs ?? 15_000);
      this.pending.set(ref, { resolve, timer });
      ws.send(JSON.stringify({ ...message, ref }));
    });
  }

  private open(): void {
    this.abandonSocket();
    const ws = new WebSocket(this.options.url);
    this.ws = ws;
    if (this.status.state !== 'reconnecting') this.setStatus({ state: 'connecting', retryAt: null, failures: this.failures });
    else this.setStatus({ ...this.status, retryAt: null });
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = () => void this.closed(ws);
    // A failed connection also fires close, which does the work; the error itself says nothing more.
    ws.onerror = () => undefined;
  }

  private receive(data: unknown): void {
    let message: unknown;
    try {
      message = typeof data === 'string' ? JSON.parse(data) : null;
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string') return;
    const typed = message as ServerMessage;
    if ((typed.type === 'ack' || typed.type === 'error') && typed.ref !== undefined) {
      const waiting = this.pending.get(typed.ref);
      if (waiting) {
        this.pending.delete(typed.ref);
        clearTimeout(waiting.timer);
        waiting.resolve(typed);
      }
      return;
    }
    if (typed.type === 'snapshot') {
      this.failures = 0;
      this.setStatus({ state: 'live', retryAt: null, failures: 0 });
      this.startKeepAlive();
    }
    this.options.onMessage(typed);
  }

  private async closed(ws: WebSocket): Promise<void> {
    if (ws !== this.ws) return;
    this.ws = null;
    this.stopKeepAlive();
    this.failPending(failure('connection_lost', 'The connection was lost before the server answered. Check the call before trying again.'));
    if (this.stopped) return;
    this.failures += 1;
    this.setStatus({ state: 'reconnecting', retryAt: null, failures: this.failures });
    // A refused upgrade looks like any other failure to a browser: ask whether the session is still good.
    const signedIn = await this.options.stillSignedIn().catch(() => null);
    // Stopped meanwhile, or "Reconnect now" already opened a new socket.
    if (this.stopped || this.ws) return;
    if (signedIn === false) return this.stop('signed-out');
    const delay = reconnectDelay(this.failures - 1);
    this.setStatus({ state: 'reconnecting', retryAt: Date.now() + delay, failures: this.failures });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  /** A ping every so often; no answer means the connection is dead even if the browser has not noticed. */
  private startKeepAlive(): void {
    this.stopKeepAlive();
    this.keepAliveTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws) return;
      void this.request({ type: 'ping' }).then((answer) => {
        if (answer.type === 'error' && answer.code === 'timeout' && ws === this.ws) {
          ws.close();
          void this.closed(ws);
        }
      });
    }, this.options.keepAliveMs ?? 25_000);
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
  }

  private clearTimers(): void {
    this.stopKeepAlive();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private abandonSocket(): void {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onmessage = null;
    ws.onclose = null;
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'page closed the connection');
  }

  private failPending(answer: Answer): void {
    for (const [ref, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve(answer);
      this.pending.delete(ref);
    }
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.options.onStatus(status);
  }
}
