import WebSocket from 'ws';
import { z } from 'zod';
import { callerMix, round, sendIncomingCall, signedIncomingCall, sleep, summarise } from './bench-support.js';
import { figure, type Figure } from './report.js';
import type { InstancePair } from './two-instances.js';

// Section 3: agents' panel sockets, all on instance A; one incoming call at a time, answered by instance B
// (the event crosses instances through PostgreSQL NOTIFY) and then by A itself. The time is from sending the
// webhook until each socket has the call.incoming message for that CallSid.

const OPEN_AT_ONCE = 50;
/** The one message measured here; the panel's others are not looked at. */
const incomingCall = z.object({ type: z.literal('call.incoming'), callSid: z.string() });
const WAIT_PER_CALL_MS = 5_000;

interface Round {
  callSid: string;
  started: number;
  delays: number[];
  done: () => void;
}

async function openSockets(baseUrl: string, token: string, count: number, onMessage: (data: WebSocket.RawData, at: number) => void): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  const url = `${baseUrl.replace(/^http/, 'ws')}/panel/ws?token=${encodeURIComponent(token)}`;
  for (let opened = 0; opened < count; opened += OPEN_AT_ONCE) {
    const batch = Array.from({ length: Math.min(OPEN_AT_ONCE, count - opened) }, () => {
      const ws = new WebSocket(url);
      ws.on('message', (data) => onMessage(data, performance.now()));
      sockets.push(ws);
      return new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_req, res) => reject(new Error(`panel socket refused: ${res.statusCode}`)));
        ws.once('error', reject);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

export interface FanOutResult {
  figures: Figure[];
  crossInstance: { delays: number[]; expected: number };
  sameInstance: { delays: number[]; expected: number };
}

export async function panelFanOut(pair: InstancePair, settings: { sockets: number; rounds: number; numbers: number }, log: (line: string) => void): Promise<FanOutResult> {
  const section = `3. Panel fan-out: one call to ${settings.sockets} agent sockets on instance A (${settings.rounds} calls each way)`;
  let current: Round | null = null;
  const sockets = await openSockets(pair.a.url, pair.agent.token, settings.sockets, (data, at) => {
    const round = current;
    if (!round) return;
    // Only the message for this call is parsed, so the 500 sockets' other traffic costs this process little.
    if (Buffer.isBuffer(data) && !data.includes(round.callSid)) return;
    const message = incomingCall.safeParse(JSON.parse(data.toString()));
    if (!message.success || message.data.callSid !== round.callSid) return;
    round.delays.push(at - round.started);
    if (round.delays.length === settings.sockets) round.done();
  });
  log(`panel: ${sockets.length} sockets open on instance A`);
  const nextCaller = callerMix(settings.numbers, 0.2, 7);
  const measure = async (webhookUrl: string) => {
    const delays: number[] = [];
    for (let i = 0; i < settings.rounds; i++) {
      const call = signedIncomingCall(nextCaller());
      let done = () => {};
      const delivered = new Promise<void>((resolve) => (done = resolve));
      const round: Round = { callSid: call.callSid, started: performance.now(), delays: [], done };
      current = round;
      const answer = await sendIncomingCall(webhookUrl, call);
      if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}`);
      await Promise.race([delivered, sleep(WAIT_PER_CALL_MS)]);
      current = null;
      delays.push(...round.delays);
      await sleep(100);
    }
    return delays;
  };
  try {
    const cross = await measure(pair.b.url);
    const same = await measure(pair.a.url);
    const expected = settings.sockets * settings.rounds;
    const c = summarise(cross);
    const s = summarise(same);
    log(`panel: via B p50 ${round(c.p50, 1)} p99 ${round(c.p99, 1)} ms (${cross.length}/${expected}); via A p50 ${round(s.p50, 1)} p99 ${round(s.p99, 1)} ms (${same.length}/${expected})`);
    const missing = (n: number) => (n < expected ? `; ${expected - n} of ${expected} deliveries missing after ${WAIT_PER_CALL_MS} ms` : `; all ${expected} delivered`);
    return {
      figures: [
        figure(section, 'call on B, sockets on A: p50', c.p50, 'ms'),
        figure(section, 'call on B, sockets on A: p99', cross.length === expected ? c.p99 : null, 'ms', { below: 100 }, `max ${round(c.max, 1)} ms${missing(cross.length)}`),
        figure(section, 'call on A, sockets on A: p50', s.p50, 'ms'),
        figure(section, 'call on A, sockets on A: p99', same.length === expected ? s.p99 : null, 'ms', { below: 100 }, `max ${round(s.max, 1)} ms${missing(same.length)}`),
      ],
      crossInstance: { delays: cross, expected },
      sameInstance: { delays: same, expected },
    };
  } finally {
    for (const ws of sockets) ws.terminate();
  }
}
