import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A callback was requested, dialled, answered, connected, given up or cancelled. */
    'callback.changed': ResourceChanged & { queueId: number };
  }
}

export const CALLBACK_EVENTS = ['callback.changed'] as const;
