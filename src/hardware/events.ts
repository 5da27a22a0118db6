import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A card, port or DAHDI setting changed and was applied (id: location, `location#port`, or null). */
    'hardware.changed': ResourceChanged;
  }
}
