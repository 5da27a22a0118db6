import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** An inbound route was created, changed or deleted (committed, dialplan reloaded). */
    'inbound.changed': ResourceChanged;
  }
}

export const INBOUND_EVENTS = ['inbound.changed'] as const;
