import { z } from 'zod';
import type { Principal } from '../http/principal.js';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'login'
  | 'login_failed'
  | 'logout'
  | (string & {});

export interface AuditEntry {
  /** Who did it; null for the system itself or an anonymous caller (failed login). */
  principal: Principal | null;
  action: AuditAction;
  entity: string;
  entityId?: string | number;
  before?: unknown;
  after?: unknown;
  ip?: string;
}

/** A point in time in a query: epoch milliseconds or an ISO 8601 date/time. */
const Instant = z.string({ error: 'must be a date' }).transform((s, ctx) => {
  const ms = /^\d{1,15}$/.test(s) ? Number(s) : Date.parse(s);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 date' });
    return z.NEVER;
  }
  return ms;
});

export const AuditQuery = z.object({
  limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1).max(500).default(50),
  offset: z.coerce.number({ error: 'offset must be a number' }).int().min(0).default(0),
  entity: z.string({ error: 'entity must be a string' }).min(1).max(64).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export interface AuditRecord {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}
