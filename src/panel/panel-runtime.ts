import type { AppDeps } from '../app-deps.js';
import type { CallRuntime } from '../calls/call-runtime.js';
import type { EventBus } from '../events/event-bus.js';
import type { CallControl } from '../twilio/call-control.js';
import type { CallBoard } from './call-board.js';

/** What the panel's commands work with: the app's dependencies, the call side, events, and Twilio's call control. */
export interface PanelRuntime {
  deps: AppDeps;
  calls: CallRuntime;
  bus: EventBus;
  board: CallBoard;
  callControl: CallControl;
}
