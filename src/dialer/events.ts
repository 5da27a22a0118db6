import type { ResourceChanged } from '../kit/change.js';
import type { CallResult } from './schema.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A campaign was created, changed, started, paused, stopped, finished or deleted (committed). */
    'dialer.campaign.changed': ResourceChanged;
    /** A campaign call ended with its result. */
    'dialer.attempt.ended': { campaignId: number; attemptId: number; result: CallResult };
    /** A preview agent took a contact or gave its result: the desks' offers changed. */
    'dialer.preview.changed': { campaignId: number };
  }
}

export const DIALER_EVENTS = [
  'dialer.campaign.changed',
  'dialer.attempt.ended',
  'dialer.preview.changed',
] as const;
