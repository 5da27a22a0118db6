import type { Page } from '../kit/list.js';
import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { AuditQuery, type AuditRecord } from './schema.js';

/** Audit reads for admins and supervisors (never a wallboard token). */
export function auditRoutes(
  audit: { list(q: AuditQuery): Page<AuditRecord> },
  requireRole: RequireRole,
): ApiRouter {
  return apiRouter(requireRole).route(
    'get',
    '/',
    {
      summary: 'The audit log, newest first (who changed what, from where; secrets redacted)',
      access: READERS,
      query: AuditQuery,
    },
    ({ query }) => audit.list(query),
  );
}
