import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** An IVR was created, changed or deleted (committed). */
    'ivr.changed': ResourceChanged;
    /**
     * A caller's path through an IVR grew (a node entered, a key pressed):
     * every segment so far, as CDR(ivrpath) renders them. channelId is the
     * caller channel's uniqueid.
     */
    'ivr.path': { channelId: string; ivrId: number; path: string[] };
  }
}
