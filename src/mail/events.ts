import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** The SMTP settings or a template changed (committed). */
    'mail.changed': ResourceChanged;
    /** An outbox message was queued, sent, bounced or failed (`action` is its new status). */
    'mail.outbox.changed': ResourceChanged;
  }
}

export const MAIL_EVENTS = ['mail.changed', 'mail.outbox.changed'] as const;
