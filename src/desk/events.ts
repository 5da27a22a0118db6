import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** An agent stored (or changed) the wrap-up of a call at their desk; `id` is the call's linkedid. */
    'call.wrapup.changed': ResourceChanged;
  }
}
