import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A prompt was added (upload or speech), renamed or deleted (committed). */
    'prompt.changed': ResourceChanged;
  }
}
