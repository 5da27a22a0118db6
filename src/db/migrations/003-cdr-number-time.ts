import type { Migration } from './index.js';

/**
 * CDR searches are "this number in this period". With src and dst indexed
 * alone, a number that is on most calls (the hotline's DID, a busy
 * extension) makes SQLite read and sort all of that number's calls ever; with
 * the time in the index it reads only the period. The composite indexes also
 * serve every lookup the single-column ones did, so those go.
 */
export const m003CdrNumberTime: Migration = {
  version: 3,
  name: 'cdr: (src|dst, start_at) indexes',
  sql: `
CREATE INDEX cdr_src_start ON cdr(src, start_at);
CREATE INDEX cdr_dst_start ON cdr(dst, start_at);
DROP INDEX cdr_src;
DROP INDEX cdr_dst;
`,
};
