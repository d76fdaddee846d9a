import { WEBHOOK_PATHS } from '../twilio.protocol.js';

/** Absolute action URLs on PUBLIC_URL: Twilio posts to them and signs over exactly these strings. */
export interface WebhookUrls {
  dialResult(step: number): string;
  emergency: string;
  emergencyResult: string;
  voicemail: string;
  recordingStatus(kind: 'call' | 'voicemail'): string;
}

export function webhookUrls(publicUrl: string): WebhookUrls {
  return {
    dialResult: (step) => `${publicUrl}${WEBHOOK_PATHS.dialResult}?step=${step}`,
    emergency: `${publicUrl}${WEBHOOK_PATHS.emergency}`,
    emergencyResult: `${publicUrl}${WEBHOOK_PATHS.emergencyResult}`,
    voicemail: `${publicUrl}${WEBHOOK_PATHS.voicemail}`,
    recordingStatus: (kind) => `${publicUrl}${WEBHOOK_PATHS.recordingStatus}?kind=${kind}`,
  };
}
