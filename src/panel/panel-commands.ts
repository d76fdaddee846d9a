import { recordAuditEvent } from '../audit/audit.repository.js';
import { AUTHORISING_ROLES, type Actor } from '../core/roles.js';
import { AppError } from '../shared/app-error.js';
import { acknowledgeTermination, terminateCall } from '../terminations/termination.service.js';
import { EVERYONE } from './call-events.js';
import type { PanelRuntime } from './panel-runtime.js';
import type { ClientMessage, ServerMessage } from './panel.protocol.js';

type Answer = Extract<ServerMessage, { type: 'ack' }>;

/** Carries out one validated message from a panel socket; throws AppError for a refusal. */
export async function runPanelCommand(panel: PanelRuntime, actor: Actor, message: ClientMessage): Promise<Answer> {
  const ref = message.ref === undefined ? {} : { ref: message.ref };
  const by = { id: actor.id, displayName: actor.displayName };
  switch (message.type) {
    case 'ping':
      return { type: 'ack', ...ref };
    case 'call.claim': {
      if (!panel.board.get(message.callSid)) throw AppError.notFound('call in progress');
      await audit(panel, actor, 'call.claimed', message.callSid, {});
      await panel.bus.publish({ message: { type: 'call.claimed', callSid: message.callSid, by }, audience: EVERYONE });
      return { type: 'ack', ...ref };
    }
    case 'call.warned': {
      if (!panel.board.get(message.callSid)) throw AppError.notFound('call in progress');
      const at = panel.deps.clock.now().toISOString();
      // R1: the warning itself is part of the record of the call.
      await audit(panel, actor, 'call.warned', message.callSid, { at, note: message.note ?? null });
      await panel.bus.publish({ message: { type: 'call.warning', callSid: message.callSid, by, at, note: message.note ?? null }, audience: EVERYONE });
      return { type: 'ack', ...ref };
    }
    case 'call.end':
    case 'termination.log': {
      const { type, ref: _ref, ...input } = message;
      const termination = await terminateCall(panel, actor, input, type === 'call.end');
      if (termination.endState === 'end_requested_unconfirmed') {
        throw new AppError(502, 'end_not_confirmed', 'Twilio did not confirm that the call ended; the termination is logged. Try again, or hang up on your phone.');
      }
      return { type: 'ack', ...ref, terminationId: termination.id, endState: termination.endState };
    }
    case 'termination.acknowledge': {
      if (!AUTHORISING_ROLES.includes(actor.role)) throw AppError.forbidden('acknowledging a termination needs the supervisor or director role');
      const termination = await acknowledgeTermination(panel, actor, message.id, message.note);
      return { type: 'ack', ...ref, terminationId: termination.id };
    }
  }
}

async function audit(panel: PanelRuntime, actor: Actor, action: string, callSid: string, after: Record<string, unknown>): Promise<void> {
  await recordAuditEvent(panel.deps.db, { actor, action, entityType: 'call', entityId: callSid, before: null, after, at: panel.deps.clock.now() });
}
