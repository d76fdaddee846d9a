import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { commandResultSchemas, replySchema, startupSchema, type CommandResults, type ServerCommand, type ServerReady, type ServerSpec } from './server-protocol.js';

// Starts bench-server.ts in a child process and talks to it by IPC. Every child is tracked, so a broken
// run still ends them (and each child also exits by itself when this process goes away).

const serverScript = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
const running = new Set<ChildProcess>();

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void; timer: NodeJS.Timeout };
type CommandArgs<K extends keyof CommandResults> = Omit<Extract<ServerCommand, { cmd: K }>, 'id' | 'cmd'>;

export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    readonly label: string,
    readonly child: ChildProcess,
    readonly ready: ServerReady,
  ) {
    child.on('message', (raw) => {
      const parsed = replySchema.safeParse(raw);
      if (!parsed.success) {
        // Not a reply: the server is broken, so every command waiting on it fails now rather than at its time limit.
        this.failAll(new Error(`${label} sent something that is not a reply: ${z.prettifyError(parsed.error)}`));
        return;
      }
      const reply = parsed.data;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(`${label}: ${reply.error}`));
    });
    child.on('exit', (code, signal) => this.failAll(new Error(`${label} exited (${signal ?? code}) with a command pending`)));
  }

  private failAll(err: Error): void {
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(err);
    }
    this.pending.clear();
  }

  get url(): string {
    return this.ready.url;
  }

  /** Forks a server and waits until it listens (seeding, migrations and the index load come first). */
  static start(label: string, spec: ServerSpec, options: { heapMiB?: number; timeoutMs?: number } = {}): Promise<ServerProcess> {
    const timeoutMs = options.timeoutMs ?? 15 * 60_000;
    const child = fork(serverScript, [], {
      execArgv: [
        '--expose-gc',
        `--max-old-space-size=${options.heapMiB ?? 4096}`,
        // BENCH_CPU_PROF=DIR writes a V8 CPU profile of each server process there (open it in Chrome's DevTools).
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
        '--import',
        'tsx',
      ],
      env: { ...process.env, BENCH_SERVER: JSON.stringify(spec) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    running.add(child);
    child.on('exit', () => running.delete(child));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${label} did not start within ${timeoutMs} ms`));
      }, timeoutMs);
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`${label} exited (${signal ?? code}) before it was ready`));
      };
      child.once('exit', onExit);
      const fail = (why: string) => {
        child.kill('SIGKILL');
        reject(new Error(`${label} failed to start: ${why}`));
      };
      // The first message says whether the server started; nothing else comes before it.
      child.once('message', (raw) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        const message = startupSchema.safeParse(raw);
        if (!message.success) return fail(`it sent ${z.prettifyError(message.error)}`);
        if (message.data.type === 'failed') return fail(message.data.error);
        resolve(new ServerProcess(label, child, message.data.ready));
      });
    });
  }

  request<K extends keyof CommandResults>(cmd: K, args: CommandArgs<K>, timeoutMs = 10 * 60_000): Promise<CommandResults[K]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label}: ${cmd} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      const answer = (value: unknown) => {
        const result = commandResultSchemas[cmd].safeParse(value);
        if (result.success) resolve(result.data);
        else reject(new Error(`${this.label}: ${cmd} answered ${z.prettifyError(result.error)}`));
      };
      this.pending.set(id, { resolve: answer, reject, timer });
      this.child.send({ id, cmd, ...args });
    });
  }

  /** Closes the server cleanly if it answers, and makes sure the process is gone either way. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.request('close', {}, 20_000);
    } catch {
      // Killed below.
    }
    if (this.child.connected) this.child.disconnect();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  }
}

/** Last resort on the way out: no server outlives the benchmark. */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
}
