import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** An announcement was created, changed or deleted (committed). */
    'announcement.changed': ResourceChanged;
  }
}
