import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A contact list was created, changed, imported into, emptied of a contact or deleted (committed). */
    'contacts.list.changed': ResourceChanged;
    /** A number was added to or removed from the do-not-call list (an opt-out included). */
    'contacts.dnc.changed': ResourceChanged;
    /** A consent was recorded or revoked. */
    'contacts.consent.changed': ResourceChanged;
  }
}

export const CONTACT_EVENTS = [
  'contacts.list.changed',
  'contacts.dnc.changed',
  'contacts.consent.changed',
] as const;
