import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PanelEvent } from '../../src/events/event-bus.js';
import { createLocalEventBus } from '../../src/events/local-event-bus.js';
import { createLogger } from '../../src/shared/logger.js';

function logged() {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  return { logger, lines };
}

const claimed = (callSid: string): PanelEvent => ({ message: { type: 'call.claimed', callSid, by: { id: 'staff-1', displayName: 'Agent' } }, audience: { everyone: true } });
const sidOf = (event: PanelEvent) => ('callSid' in event.message ? event.message.callSid : null);

describe('local event bus (PGlite)', () => {
  it('delivers every event to every listener in the order published, across turns', async () => {
    const bus = createLocalEventBus(logged().logger);
    const first: string[] = [];
    const second: string[] = [];
    bus.subscribe((e) => first.push(sidOf(e) ?? '?'));
    bus.subscribe((e) => second.push(sidOf(e) ?? '?'));
    const sent = ['CA1', 'CA2', 'CA3'].map((sid) => bus.publish(claimed(sid)));
    await Promise.resolve();
    const later = bus.publish(claimed('CA4'));
    await Promise.all([...sent, later]);
    expect(first).toEqual(['CA1', 'CA2', 'CA3', 'CA4']);
    expect(second).toEqual(first);
    await bus.close();
  });

  it('never runs listeners while the publisher is still running, and settles publish once delivered', async () => {
    const bus = createLocalEventBus(logged().logger);
    const heard: string[] = [];
    bus.subscribe((e) => heard.push(sidOf(e) ?? '?'));
    const published = bus.publish(claimed('CA1'));
    expect(heard).toEqual([]);
    await published;
    expect(heard).toEqual(['CA1']);
    await bus.close();
  });

  it('keeps listeners apart: one that throws is logged and the others still hear the event', async () => {
    const { logger, lines } = logged();
    const bus = createLocalEventBus(logger);
    const heard: string[] = [];
    bus.subscribe(() => {
      throw new Error('listener broke');
    });
    bus.subscribe((e) => heard.push(sidOf(e) ?? '?'));
    await expect(bus.publish(claimed('CA1'))).resolves.toBeUndefined();
    await bus.publish(claimed('CA2'));
    expect(heard).toEqual(['CA1', 'CA2']);
    expect(lines.join('')).toContain('panel event listener failed');
    await bus.close();
  });

  it('delivers events published by a listener after the one being delivered', async () => {
    const bus = createLocalEventBus(logged().logger);
    const heard: string[] = [];
    bus.subscribe((e) => {
      heard.push(sidOf(e) ?? '?');
      if (sidOf(e) === 'CA1') void bus.publish(claimed('CA1-echo'));
    });
    await Promise.all([bus.publish(claimed('CA1')), bus.publish(claimed('CA2'))]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['CA1', 'CA2', 'CA1-echo']);
    await bus.close();
  });

  it('stops delivering to a listener that unsubscribed, and after close', async () => {
    const bus = createLocalEventBus(logged().logger);
    const heard: string[] = [];
    const stop = bus.subscribe((e) => heard.push(sidOf(e) ?? '?'));
    await bus.publish(claimed('CA1'));
    stop();
    await bus.publish(claimed('CA2'));
    const other: string[] = [];
    bus.subscribe((e) => other.push(sidOf(e) ?? '?'));
    const pending = bus.publish(claimed('CA3'));
    await bus.close();
    await pending;
    await bus.publish(claimed('CA4'));
    expect(heard).toEqual(['CA1']);
    expect(other).toEqual(['CA3']);
  });
});
