import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { voicemails } from '../../db/schema/index.js';

export interface VoicemailInput {
  callSid: string;
  customerId: string | null;
  staffId: string;
  recordingSid: string | null;
  recordingUrl: string | null;
  durationSeconds: number | null;
  at: Date;
}

/** One voicemail per call; the recording details fill in whichever of Twilio's two requests comes last. */
export async function upsertVoicemail(ex: Executor, input: VoicemailInput): Promise<void> {
  const recording = {
    ...(input.recordingSid ? { recordingSid: input.recordingSid } : {}),
    ...(input.recordingUrl ? { recordingUrl: input.recordingUrl } : {}),
    ...(input.durationSeconds !== null ? { durationSeconds: input.durationSeconds } : {}),
  };
  await ex
    .insert(voicemails)
    .values({ id: randomUUID(), callSid: input.callSid, customerId: input.customerId, staffId: input.staffId, createdAt: input.at, ...recording })
    .onConflictDoUpdate({ target: voicemails.callSid, set: recording });
}
