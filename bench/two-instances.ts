import { z } from 'zod';
import { STAFF_PASSWORD } from './bench-support.js';
import { createBenchDatabase, type BenchDatabase } from './postgres-databases.js';
import { ServerProcess } from './server-process.js';

// Two callguard instances, each its own process, on one new PostgreSQL database (sections 2 and 3),
// with an agent and a supervisor signed in through instance A's API.

export interface SignedIn {
  id: string;
  token: string;
}

export interface InstancePair {
  database: BenchDatabase;
  a: ServerProcess;
  b: ServerProcess;
  agent: SignedIn;
  supervisor: SignedIn;
  close(): Promise<void>;
}

/** A JSON call to an instance's API as a member of staff; throws on an unexpected status or an answer `answer` refuses. */
export async function api<T>(answer: z.ZodType<T>, baseUrl: string, token: string | null, method: string, path: string, body?: unknown, expected = [200, 201]): Promise<T> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  const parsed = answer.safeParse(text ? JSON.parse(text) : null);
  if (!parsed.success) throw new Error(`${method} ${path} answered ${res.status} with ${text.slice(0, 300)}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function signIn(server: ServerProcess, role: 'agent' | 'supervisor'): Promise<SignedIn> {
  const username = `bench-${role}`;
  const { id } = await server.request('createStaff', { role, username });
  const { token } = await api(z.object({ token: z.string() }), server.url, null, 'POST', '/api/session', { username, password: STAFF_PASSWORD }, [200]);
  return { id, token };
}

export async function startInstancePair(numbers: number, log: (line: string) => void): Promise<InstancePair> {
  const database = await createBenchDatabase('pair');
  const started: ServerProcess[] = [];
  try {
    log(`instances A and B: seeding ${numbers.toLocaleString('en-GB')} numbers under strategy on PostgreSQL`);
    // A seeds before it starts; B starts after, so both load the same index.
    const a = await ServerProcess.start('instance A', { mode: 'callguard', database: { kind: 'postgres', url: database.url }, seed: numbers });
    started.push(a);
    const b = await ServerProcess.start('instance B', { mode: 'callguard', database: { kind: 'postgres', url: database.url }, seed: 0 });
    started.push(b);
    log(`instances A and B: up (index ${a.ready.indexSize?.numbers} and ${b.ready.indexSize?.numbers} numbers)`);
    const agent = await signIn(a, 'agent');
    const supervisor = await signIn(a, 'supervisor');
    return {
      database,
      a,
      b,
      agent,
      supervisor,
      close: async () => {
        await Promise.all([a.stop(), b.stop()]);
        await database.drop();
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    await database.drop();
    throw err;
  }
}
