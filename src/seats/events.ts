import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A seat was created, changed or deleted (committed, Asterisk reloaded). */
    'seat.changed': ResourceChanged;
  }
}

export const SEAT_EVENTS = ['seat.changed'] as const;
