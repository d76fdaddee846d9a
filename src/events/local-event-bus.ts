import type { Logger } from '../shared/logger.js';
import { deliverToListeners, type EventBus, type PanelEvent, type PanelEventListener } from './event-bus.js';

interface Pending {
  event: PanelEvent;
  delivered: () => void;
}

/**
 * Panel events within this process, for PGlite: its database can be opened by one process only, so there is
 * never another instance to tell, and sending events through NOTIFY and back cost a statement, a notification
 * and a JSON parse per batch on the database's (and the server's) one thread.
 *
 * Delivers as the database bus does: in the order published, each listener on its own (one that throws is
 * logged and the others still hear the event), and never while the publisher is still running: events
 * published in the same turn go out together in a microtask. Listeners get the event object as published
 * (the database bus gave them a parsed copy); publishers build each event for publishing and leave it alone.
 * Each publisher's promise settles once its event has reached every listener.
 */
export function createLocalEventBus(logger: Logger): EventBus {
  const listeners = new Set<PanelEventListener>();
  let pending: Pending[] = [];

  const deliverAll = () => {
    const batch = pending;
    pending = [];
    for (const { event, delivered } of batch) {
      deliverToListeners(listeners, event, logger);
      delivered();
    }
  };

  return {
    publish(event) {
      return new Promise<void>((delivered) => {
        if (pending.length === 0) queueMicrotask(deliverAll);
        pending.push({ event, delivered });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      // Events already published still reach the listeners, as the database bus drains its outbox first.
      deliverAll();
      listeners.clear();
    },
  };
}
