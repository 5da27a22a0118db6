import { type RequestHandler, Router } from 'express';
import { AppError } from '../errors.js';
import { AuditQuery, type AuditRecord } from './schema.js';

/**
 * Audit reads for admins and supervisors. The router expects `req.principal`
 * to be set by the users domain's `authenticate` mounted in front of it (audit
 * is built before users, so it cannot take that middleware as a dependency);
 * it still refuses on its own when no principal is there.
 */
export function auditRouter(list: (q: AuditQuery) => { items: AuditRecord[]; total: number }): Router {
  const router = Router();
  const guard: RequestHandler = (req, _res, next) => {
    const p = req.principal;
    if (!p) return next(new AppError('unauthorized', 'authentication required'));
    if (p.via === 'wallboard' || (p.role !== 'admin' && p.role !== 'supervisor')) {
      return next(new AppError('forbidden', 'the audit log is for admins and supervisors'));
    }
    next();
  };
  router.get('/', guard, (req, res) => {
    const q = AuditQuery.parse(req.query);
    const { items, total } = list(q);
    res.json({ items, total, limit: q.limit, offset: q.offset });
  });
  return router;
}
