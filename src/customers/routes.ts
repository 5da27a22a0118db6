import express, { type Request, type RequestHandler } from 'express';
import { notFound, validation } from '../errors.js';
import type { Role } from '../http/principal.js';
import { actorOf } from '../http/request.js';
import { ADMINS, type ApiRouter, apiRouter, type RequireRole, STAFF } from '../kit/router.js';
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

const WRITE: Role[] = ['admin', 'supervisor'];

/** Agents read; admins and supervisors write. */
export function customerRoutes(service: CustomerService, requireRole: RequireRole): ApiRouter {
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
        '/lookup',
        { summary: 'The customer who has this number', access: STAFF, query: LookupQuery },
        ({ query }) => {
          const c = service.findByNumber(query.number);
          if (!c) throw notFound(`customer with number ${query.number}`);
          return c;
        },
      )
      // the URL may carry the CRM's API key: admins only
      .route('get', '/webhook', { summary: 'The CRM caller-lookup webhook', access: ADMINS }, () =>
        service.webhook(),
      )
      .route(
        'put',
        '/webhook',
        { summary: 'Set the CRM caller-lookup webhook', access: ADMINS, body: WebhookSettings },
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
            description:
              `UTF-8, header name,company,numbers,vip,boundAgent,notes in any order ` +
              `(or 姓名,公司,号码,VIP等级,绑定坐席,备注; company may be left out); at most ${MAX_CSV_BYTES} bytes`,
          },
        },
        importCsv,
      )
      .download(
        '/export',
        {
          summary: 'Export every customer as CSV (the import’s columns)',
          access: WRITE,
          produces: 'text/csv',
        },
        () => ({ filename: 'customers.csv', body: service.exportCsv(), type: 'text/csv; charset=utf-8' }),
      )
      .crud({
        noun: 'a customer',
        service,
        read: STAFF,
        write: WRITE,
        schemas: { list: CustomerListQuery, create: CustomerCreate, update: CustomerUpdate },
        summaries: { list: 'List customers (search by name or number)' },
      })
  );
}
