import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A user was created, changed or deleted. */
    'user.changed': ResourceChanged;
    /** An API or wallboard token was created or revoked. */
    'token.changed': ResourceChanged;
  }
}

export const USER_EVENTS = ['user.changed', 'token.changed'] as const;
