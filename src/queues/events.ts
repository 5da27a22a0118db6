import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A queue was created, renamed or reconfigured, or deleted (committed). */
    'queue.changed': ResourceChanged;
  }
}
