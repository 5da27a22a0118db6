import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** An IVR was created, changed or deleted (committed). */
    'ivr.changed': ResourceChanged;
    /**
     * A caller's path through an IVR grew (a node entered, a key pressed):
     * every segment so far, as CDR(ivrpath) renders them. channelId is the
     * caller channel's uniqueid. From the Stasis runner, or from a compiled
     * IVR's UserEvent HotlineIvrPath (src/asterisk/events.ts).
     */
    'ivr.path': {
      channelId: string;
      ivrId: number;
      path: string[];
      /**
       * A compiled IVR's step the caller started with a key: Asterisk got
       * the key → the next node began, in ms by Asterisk's clock (the Stasis
       * runner measures its own steps).
       */
      stepMs?: number;
    };
  }
}
