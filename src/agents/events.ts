import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** An agent was created, renamed, given other skills, or deleted (committed); not state changes. */
    'agent.changed': ResourceChanged;
  }
}
