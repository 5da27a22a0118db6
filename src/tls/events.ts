import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** The box's TLS certificate was generated or replaced (the HTTPS listener already serves it). */
    'tls.changed': ResourceChanged;
  }
}

export const TLS_EVENTS = ['tls.changed'] as const;
