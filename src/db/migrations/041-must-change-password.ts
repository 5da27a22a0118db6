import type { Migration } from './index.js';

/**
 * A password someone else chose (the generated first admin's, an admin's
 * for a new colleague) is a temporary one: until its owner sets their own,
 * a session may only say who it is and change the password.
 */
export const m041MustChangePassword: Migration = {
  version: 41,
  name: 'must-change-password',
  sql: `
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
`,
};
