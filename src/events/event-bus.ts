import type { Role } from '../core/roles.js';
import type { ServerMessage } from '../panel/panel.protocol.js';
import type { Logger } from '../shared/logger.js';

/** Who should see an event: every signed-in member of staff, or some roles and named staff. */
export type Audience = { everyone: true } | { roles: readonly Role[]; staffIds: readonly string[] };

export interface PanelEvent {
  message: ServerMessage;
  audience: Audience;
}

export type PanelEventListener = (event: PanelEvent) => void;

/** Hands an event to each listener on its own: one that throws is logged, and the others still hear it. */
export function deliverToListeners(listeners: Iterable<PanelEventListener>, event: PanelEvent, logger: Logger): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (err) {
      logger.error({ err }, 'panel event listener failed');
    }
  }
}

/**
 * How events reach every instance's sockets. Webhooks and services publish; sockets subscribe.
 * On PostgreSQL, through LISTEN/NOTIFY (database-event-bus.ts), so instances sharing the database hear each
 * other's events; on PGlite, within the process (local-event-bus.ts), since only one process can open it.
 */
export interface EventBus {
  publish(event: PanelEvent): Promise<void>;
  subscribe(listener: PanelEventListener): () => void;
  close(): Promise<void>;
}

export function canSee(audience: Audience, viewer: { id: string; role: Role }): boolean {
  return 'everyone' in audience || audience.roles.includes(viewer.role) || audience.staffIds.includes(viewer.id);
}
