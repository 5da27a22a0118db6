import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** An outbound route, the routes' order or the deny list changed (`id` 'order' / 'deny-list'). */
    'outbound.changed': ResourceChanged;
  }
}

export const OUTBOUND_EVENTS = ['outbound.changed'] as const;
