import type { ResourceChanged } from '../kit/change.js';

declare module '../bus.js' {
  interface LiveEvents {
    /** A knowledge-base article was created, changed, voted on or deleted (committed). */
    'kb.article.changed': ResourceChanged;
    /** A knowledge-base category was created, renamed, moved or deleted (committed). */
    'kb.category.changed': ResourceChanged;
  }
}

export const KB_EVENTS = ['kb.article.changed', 'kb.category.changed'] as const;
