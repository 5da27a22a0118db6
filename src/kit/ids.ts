import { z } from 'zod';

/** A record's id in a JSON body: a positive whole number (SQLite's INTEGER PRIMARY KEY range kept small). */
export const recordId = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be positive`)
    .max(2_147_483_647, `${field} is too large`);

/** A record's id in a query string (text, coerced), optional. */
export const queryId = (field: string) =>
  z.coerce
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be positive`)
    .max(2_147_483_647, `${field} is too large`)
    .optional();
