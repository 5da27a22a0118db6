import type { Migration } from './index.js';

/**
 * CDRs hotlined writes for calls Asterisk lost (disposition LOST: Asterisk
 * died with them up, so it never wrote their CDR). One per caller channel:
 * a second pass after a reconnect cannot double one. Their spool_id is
 * negative, below every id the spool can give.
 */
export const m031CdrLost: Migration = {
  version: 31,
  name: 'cdr lost',
  sql: `
CREATE UNIQUE INDEX cdr_lost_uniqueid ON cdr(uniqueid) WHERE disposition = 'LOST';
`,
};
