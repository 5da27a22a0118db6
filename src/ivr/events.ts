import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** An IVR was created, changed or deleted (committed). */
    'ivr.changed': ResourceChanged;
  }
}
