import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** Customers were created, changed, deleted or imported (`id` null for an import). */
    'customer.changed': ResourceChanged;
  }
}

export const CUSTOMER_EVENTS = ['customer.changed'] as const;
