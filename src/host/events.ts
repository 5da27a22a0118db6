import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** The host name, network, time settings or the wizard's state changed (a network change was confirmed or undone). */
    'host.changed': ResourceChanged;
  }
}

export const HOST_EVENTS = ['host.changed'] as const;
