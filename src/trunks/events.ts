import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A trunk was created, changed or deleted (committed). */
    'trunk.changed': ResourceChanged;
  }
}
