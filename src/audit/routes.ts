import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import type { Audit } from './index.js';
import { AuditQuery } from './schema.js';

/** Audit reads for admins and supervisors (never a wallboard token). */
export function auditRoutes(audit: Audit, requireRole: (...roles: Role[]) => RequestHandler): ApiRouter {
  return apiRouter(requireRole).route(
    'get',
    '/',
    {
      summary: 'The audit log, newest first (who changed what, from where; secrets redacted)',
      access: ['admin', 'supervisor'],
      query: AuditQuery,
    },
    ({ query }) => audit.list(query),
  );
}
