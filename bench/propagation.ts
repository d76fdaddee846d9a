import { z } from 'zod';
import { round, sendIncomingCall, signedIncomingCall, sleep, summarise } from './bench-support.js';
import { figure, type Figure } from './report.js';
import { api, type InstancePair } from './two-instances.js';

// Section 2: a supervisor authorises (urgent, so in force at once) or lifts a bar through instance A; how
// long until instance B decides calls by it. B is polled with signed incoming calls every POLL_GAP_MS,
// and the time is taken when the first answer that follows the change arrives (an upper bound).

const POLL_GAP_MS = 2;
const GIVE_UP_MS = 10_000;
const CALLER = '+447900000001';
/** A created customer or strategy, as far as this needs it. */
const withId = z.object({ id: z.string() });

async function pollUntil(baseUrl: string, wanted: (decision: string) => boolean, since: number): Promise<{ ms: number; polls: number }> {
  let polls = 0;
  for (;;) {
    const answer = await sendIncomingCall(baseUrl, signedIncomingCall(CALLER));
    polls += 1;
    if (answer.status !== 200) throw new Error(`instance B answered ${answer.status}`);
    if (wanted(answer.decision)) return { ms: performance.now() - since, polls };
    if (performance.now() - since > GIVE_UP_MS) return { ms: Number.POSITIVE_INFINITY, polls };
    await sleep(POLL_GAP_MS);
  }
}

const refusedForBar = (decision: string) => decision.startsWith('kind=refuse reason=bar');
const connected = (decision: string) => decision.startsWith('kind=connect');

export interface PropagationResult {
  figures: Figure[];
  authoriseMs: number[];
  liftMs: number[];
  polls: number;
}

export async function propagation(pair: InstancePair, rounds: number, log: (line: string) => void): Promise<PropagationResult> {
  const section = `2. Propagation: authorise or lift on instance A, until instance B decides by it (${rounds} rounds each)`;
  const { a, b, agent, supervisor } = pair;
  const customer = await api(withId, a.url, agent.token, 'POST', '/api/customers', { name: 'Propagation caller', phoneNumbers: [CALLER] });
  const authoriseMs: number[] = [];
  const liftMs: number[] = [];
  let polls = 0;
  for (let round = 1; round <= rounds; round++) {
    const proposed = await api(withId, a.url, agent.token, 'POST', '/api/strategies', {
      customerId: customer.id,
      reason: `Benchmark round ${round}: persistent calls after warnings.`,
      restrictions: [{ type: 'bar' }],
      reviewAt: new Date(Date.now() + 60 * 86_400_000).toISOString(),
    });
    const before = await sendIncomingCall(b.url, signedIncomingCall(CALLER));
    if (!connected(before.decision)) throw new Error(`before authorising, instance B should connect the caller; it said "${before.decision}"`);

    let started = performance.now();
    let change = api(z.unknown(), a.url, supervisor.token, 'POST', `/api/strategies/${proposed.id}/authorise`, { rationale: 'Meets the policy; urgent.', urgent: true });
    let seen = await pollUntil(b.url, refusedForBar, started);
    await change;
    authoriseMs.push(seen.ms);
    polls += seen.polls;

    started = performance.now();
    change = api(z.unknown(), a.url, supervisor.token, 'POST', `/api/strategies/${proposed.id}/lift`, { reason: 'Benchmark: lifted.' });
    seen = await pollUntil(b.url, connected, started);
    await change;
    liftMs.push(seen.ms);
    polls += seen.polls;
  }
  const authorised = summarise(authoriseMs);
  const lifted = summarise(liftMs);
  log(`propagation: authorise p50 ${round(authorised.p50, 1)} ms p99 ${round(authorised.p99, 1)} ms; lift p50 ${round(lifted.p50, 1)} ms p99 ${round(lifted.p99, 1)} ms`);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    figures: [
      figure(section, 'authorise on A, refused on B: p50', finite(authorised.p50), 'ms'),
      figure(section, 'authorise on A, refused on B: p99', finite(authorised.p99), 'ms', { below: 1000 }, `max ${round(authorised.max, 1)} ms`),
      figure(section, 'lift on A, connected on B: p50', finite(lifted.p50), 'ms'),
      figure(section, 'lift on A, connected on B: p99', finite(lifted.p99), 'ms', { below: 1000 }, `max ${round(lifted.max, 1)} ms; ${polls} polling calls in all`),
    ],
    authoriseMs,
    liftMs,
    polls,
  };
}
