import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A rule, integration or customer preference changed (committed). */
    'notify.changed': ResourceChanged;
    /** A notification's action moved on (a call answered, a key pressed, a message sent). */
    'notify.action': { id: number; ruleId: number; channel: string; status: string };
  }
}

export const NOTIFY_EVENTS = ['notify.changed', 'notify.action'] as const;
