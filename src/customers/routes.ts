import express, { type Request, type RequestHandler, Router } from 'express';
import { notFound, validation } from '../errors.js';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { CustomerCreate, CustomerListQuery, CustomerUpdate, LookupQuery, WebhookSettings } from './schema.js';
import type { CustomerService } from './service.js';

/** Largest CSV accepted by POST /import. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

const csvBody = express.raw({
  type: (req) => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'text/csv',
  limit: MAX_CSV_BYTES,
});

/**
 * The CSV as text: UTF-8 only (a GBK export from a spreadsheet is refused
 * rather than stored as mojibake); a charset parameter other than utf-8 too.
 */
function csvText(req: Request): string {
  const ct = req.headers['content-type'] ?? '';
  if (!Buffer.isBuffer(req.body) || ct.split(';')[0]!.trim().toLowerCase() !== 'text/csv') {
    throw validation('content-type', 'send the CSV as text/csv');
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(ct)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw validation('content-type', 'the CSV must be UTF-8');
  }
  try {
    // ignoreBOM keeps a BOM in the text; the parser skips it
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(req.body);
  } catch {
    throw validation('body', 'the CSV is not valid UTF-8 (save it as UTF-8)');
  }
}

/** Agents read; admins and supervisors write. */
export function customerRoutes(
  service: CustomerService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();
  const read = requireRole('admin', 'supervisor', 'agent');
  const write = requireRole('admin', 'supervisor');

  r.get('/', read, (req, res) => {
    const q = CustomerListQuery.parse(req.query);
    res.json(service.list(q.q?.trim() || undefined, q.limit, q.offset));
  });

  r.get('/lookup', read, (req, res) => {
    const { number } = LookupQuery.parse(req.query);
    const c = service.findByNumber(number);
    if (!c) throw notFound(`customer with number ${number}`);
    res.json(c);
  });

  // the URL may carry the CRM's API key: admins only
  r.get('/webhook', requireRole('admin'), (_req, res) => {
    res.json(service.webhook());
  });

  r.put('/webhook', requireRole('admin'), (req, res) => {
    res.json(service.setWebhook(WebhookSettings.parse(req.body ?? {}), actorOf(req)));
  });

  r.post('/import', write, csvBody, (req, res) => {
    res.json(service.importCsv(csvText(req), actorOf(req)));
  });

  r.post('/', write, (req, res) => {
    res.status(201).json(service.create(CustomerCreate.parse(req.body ?? {}), actorOf(req)));
  });

  r.get('/:id', read, (req, res) => {
    res.json(service.get(idParam(req.params.id)));
  });

  r.patch('/:id', write, (req, res) => {
    const id = idParam(req.params.id);
    res.json(service.update(id, CustomerUpdate.parse(req.body ?? {}), actorOf(req)));
  });

  r.delete('/:id', write, (req, res) => {
    service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  return r;
}
