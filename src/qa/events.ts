import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A QA form was created, copied, changed (renamed, archived, restructured) or deleted (committed). */
    'qa.form.changed': ResourceChanged;
    /** A QA grade was created, changed, submitted, revised or deleted (committed). */
    'qa.grade.changed': ResourceChanged;
  }
}

export const QA_EVENTS = ['qa.form.changed', 'qa.grade.changed'] as const;
