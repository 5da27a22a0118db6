import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A schedule was created, changed or deleted (committed, dialplan reloaded). */
    'schedule.changed': ResourceChanged;
  }
}

export const SCHEDULE_EVENTS = ['schedule.changed'] as const;
