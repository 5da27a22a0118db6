import { z } from 'zod';
import type { Principal } from '../http/principal.js';
import { type ListParams, listQuery } from '../kit/list.js';

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

/** Newest first unless sorted; `q` matches the username, action or entity. */
export const AuditQuery = listQuery(['at', 'username', 'entity'], {
  entity: z.string({ error: 'entity must be a string' }).min(1).max(64).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
});
/** What a list asks (the route's parsed query; callers in code may leave sorting out). */
export type AuditQuery = Omit<ListParams<'at' | 'username' | 'entity'>, 'order'> & {
  order?: 'asc' | 'desc';
  entity?: string;
  from?: number;
  to?: number;
};

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
