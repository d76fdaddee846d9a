import type { EventBus } from '../events/event-bus.js';
import { isTerminalStatus } from '../calls/call-record.js';
import type { PanelCall } from './panel.protocol.js';

const MAX_CALLS = 5_000;
// A call whose status callback never comes (number not configured for it) leaves the board after this.
const STALE_AFTER_MS = 6 * 3_600_000;

/**
 * Calls in progress as the panel shows them, kept from the events themselves so every instance
 * that hears the same events can give a reconnecting page the same snapshot.
 */
export class CallBoard {
  private readonly calls = new Map<string, PanelCall>();
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus, private readonly now: () => Date) {
    this.unsubscribe = bus.subscribe(({ message }) => {
      switch (message.type) {
        case 'call.incoming': {
          const { type: _type, ...call } = message;
          this.calls.set(call.callSid, call);
          if (this.calls.size > MAX_CALLS) this.calls.delete(this.calls.keys().next().value ?? '');
          return;
        }
        case 'call.updated':
          return this.update(message.callSid, (call) => {
            if (isTerminalStatus(message.status)) this.calls.delete(call.callSid);
            else call.status = message.status;
          });
        case 'call.claimed':
          return this.update(message.callSid, (call) => void (call.claimedBy = message.by));
        case 'call.warning':
          return this.update(message.callSid, (call) => void call.warnings.push({ by: message.by, at: message.at, note: message.note }));
        case 'termination.logged':
          return this.update(message.callSid, (call) => {
            if (message.endState === 'ended' || message.endState === 'already_ended') this.calls.delete(call.callSid);
          });
        default:
          return;
      }
    });
  }

  private update(callSid: string, change: (call: PanelCall) => void): void {
    const call = this.calls.get(callSid);
    if (call) change(call);
  }

  get(callSid: string): PanelCall | undefined {
    return this.calls.get(callSid);
  }

  inProgress(): PanelCall[] {
    const cutoff = this.now().getTime() - STALE_AFTER_MS;
    for (const [sid, call] of this.calls) if (Date.parse(call.startedAt) < cutoff) this.calls.delete(sid);
    return [...this.calls.values()];
  }

  stop(): void {
    this.unsubscribe();
  }
}
