import type { Migration } from './index.js';

/** A customer's company (公司), shown on the desk's screen-pop; '' for none. */
export const m019CustomerCompany: Migration = {
  version: 19,
  name: 'customer-company',
  sql: `
ALTER TABLE customers ADD COLUMN company TEXT NOT NULL DEFAULT '';
`,
};
