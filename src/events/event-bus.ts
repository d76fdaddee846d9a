import type { Role } from '../core/roles.js';
import type { ServerMessage } from '../panel/panel.protocol.js';

/** Who should see an event: every signed-in member of staff, or some roles and named staff. */
export type Audience = { everyone: true } | { roles: readonly Role[]; staffIds: readonly string[] };

export interface PanelEvent {
  message: ServerMessage;
  audience: Audience;
}

export type PanelEventListener = (event: PanelEvent) => void;

/**
 * How events reach every instance's sockets. Webhooks and services publish; sockets subscribe.
 * In-process now; a PostgreSQL LISTEN/NOTIFY implementation can stand behind the same interface.
 */
export interface EventBus {
  publish(event: PanelEvent): Promise<void>;
  subscribe(listener: PanelEventListener): () => void;
  close(): Promise<void>;
}

export function createInProcessEventBus(onListenerError: (err: unknown) => void): EventBus {
  const listeners = new Set<PanelEventListener>();
  return {
    async publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}

export function canSee(audience: Audience, viewer: { id: string; role: Role }): boolean {
  return 'everyone' in audience || audience.roles.includes(viewer.role) || audience.staffIds.includes(viewer.id);
}
