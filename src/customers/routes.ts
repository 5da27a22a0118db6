import express, { type Request, type RequestHandler } from 'express';
import { notFound, validation } from '../errors.js';
import type { Role } from '../http/principal.js';
import { actorOf } from '../http/request.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
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

const READ: Role[] = ['admin', 'supervisor', 'agent'];
const WRITE: Role[] = ['admin', 'supervisor'];

/** Agents read; admins and supervisors write. */
export function customerRoutes(
  service: CustomerService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  const importCsv: RequestHandler = (req, res, next) => {
    csvBody(req, res, (err?: unknown) => {
      if (err) return next(err);
      Promise.resolve()
        .then(() => service.importCsv(csvText(req), actorOf(req)))
        .then((r) => res.json(r), next);
    });
  };
  return (
    apiRouter(requireRole)
      .route(
        'get',
        '/',
        { summary: 'List customers (search by name or number)', access: READ, query: CustomerListQuery },
        ({ query }) => service.list(query),
      )
      .route(
        'get',
        '/lookup',
        { summary: 'The customer who has this number', access: READ, query: LookupQuery },
        ({ query }) => {
          const c = service.findByNumber(query.number);
          if (!c) throw notFound(`customer with number ${query.number}`);
          return c;
        },
      )
      // the URL may carry the CRM's API key: admins only
      .route('get', '/webhook', { summary: 'The CRM caller-lookup webhook', access: ['admin'] }, () =>
        service.webhook(),
      )
      .route(
        'put',
        '/webhook',
        { summary: 'Set the CRM caller-lookup webhook', access: ['admin'], body: WebhookSettings },
        ({ body, actor }) => service.setWebhook(body, actor()),
      )
      .raw(
        'post',
        '/import',
        {
          summary: 'Import customers from a CSV (all or nothing)',
          access: WRITE,
          body: {
            mediaTypes: ['text/csv'],
            description: `UTF-8, header name,numbers,vip,boundAgent,notes; at most ${MAX_CSV_BYTES} bytes`,
          },
        },
        importCsv,
      )
      .route(
        'post',
        '/',
        { summary: 'Create a customer', access: WRITE, body: CustomerCreate, status: 201 },
        ({ body, actor }) => service.create(body, actor()),
      )
      .route('get', '/:id', { summary: 'One customer', access: READ }, ({ id }) => service.get(id()))
      .route(
        'patch',
        '/:id',
        { summary: 'Change a customer', access: WRITE, body: CustomerUpdate },
        ({ id, body, actor }) => service.update(id(), body, actor()),
      )
      .route(
        'delete',
        '/:id',
        { summary: 'Delete a customer', access: WRITE, status: 204 },
        ({ id, actor }) => service.remove(id(), actor()),
      )
  );
}
