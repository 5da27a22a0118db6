import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { validation } from '../errors.js';
import { actorOf, idParam } from '../http/request.js';
import { exportFormat, MEDIA_TYPE, sendExport } from '../kit/export.js';
import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { oneLine } from '../kit/text.js';
import { tooLarge } from './import.js';
import {
  CheckQuery,
  ConsentCreate,
  ConsentListQuery,
  ConsentRevoke,
  ContactsQuery,
  DncCreate,
  DncListQuery,
  ImportQuery,
  ListCreate,
  ListListQuery,
  ListUpdate,
  OptOut,
} from './schema.js';
import type { ContactService } from './service.js';

/** Admins and supervisors read and write; agents have no access (campaign data, consents). */
const WRITE = READERS;

/** The request body as it arrives, once it is known to be a CSV within the size limit. */
function csvStream(req: Request, maxBytes: number): Request {
  const ct = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct !== 'text/csv') throw validation('content-type', 'send the CSV as text/csv');
  const length = Number(req.headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes) throw tooLarge();
  return req;
}

const csvDoc = (maxBytes: number, what: string) => ({
  mediaTypes: ['text/csv'],
  description: `${what} UTF-8 (with or without BOM) or GBK, detected; at most ${maxBytes} bytes; streamed.`,
});

const DncImportQuery = z.strictObject({
  column: oneLine('column').min(1).max(64).default('number'),
  reasonColumn: oneLine('reasonColumn').min(1).max(64).optional(),
});
const ExportQuery = z.strictObject({ format: exportFormat });

/** Answers an import's report, or passes its error on (400/413/409). */
const importing =
  (run: (req: Request) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    Promise.resolve()
      .then(() => run(req))
      .then((r) => res.json(r), next);
  };

export function contactRoutes(service: ContactService, requireRole: RequireRole, maxBytes: number) {
  const lists: ApiRouter = apiRouter(requireRole)
    .raw(
      'post',
      '/:id/import',
      {
        summary: 'Import contacts into a list from a CSV; answers the report of rejected rows',
        description:
          'The query may carry `mapping` (JSON: {"number":"电话","timeZone":"时区","variables":{"name":"姓名"}}), ' +
          'which becomes the list’s. A number already in the list is a duplicate (the first stays). ' +
          'Cells are kept as written (a formula is text); exports make them inert.',
        access: WRITE,
        query: ImportQuery,
        body: csvDoc(maxBytes, 'A header row, then one contact a row.'),
      },
      importing((req) => {
        const id = idParam(req.params.id);
        const { mapping } = ImportQuery.parse(req.query);
        return service.importInto(id, csvStream(req, maxBytes), mapping, actorOf(req));
      }),
    )
    .route(
      'get',
      '/:id/contacts',
      {
        summary: 'The contacts of a list (paged; q searches numbers and variables)',
        access: WRITE,
        query: ContactsQuery,
      },
      ({ id, query }) => service.contacts(id(), query),
    )
    .route(
      'delete',
      '/:id/contacts/:contactId',
      { summary: 'Remove a contact from a list', access: WRITE, status: 204 },
      ({ req, id, actor }) => service.removeContact(id(), idParam(req.params.contactId), actor()),
    )
    .route(
      'get',
      '/:id/export',
      {
        summary: 'Export a list as CSV or XLSX (its mapped columns)',
        description: 'CSV cells starting with = + - @ get an apostrophe so a spreadsheet shows them as text.',
        access: WRITE,
        query: ExportQuery,
        produces: `${MEDIA_TYPE.csv}, ${MEDIA_TYPE.xlsx}`,
      },
      async ({ id, res, query }) => {
        const { list, columns, pages } = service.exportOf(id());
        await sendExport(res, `contacts-${list.id}`, {
          format: query.format,
          columns,
          pages,
          sheetName: 'Contacts',
        });
      },
    )
    .crud({
      noun: 'a contact list',
      service,
      read: WRITE,
      write: WRITE,
      schemas: { list: ListListQuery, create: ListCreate, update: ListUpdate },
    });

  const dnc: ApiRouter = apiRouter(requireRole)
    .route(
      'get',
      '/check',
      {
        summary: 'Whether a number is on the do-not-call list',
        access: WRITE,
        query: z.strictObject({ number: CheckQuery.shape.number }),
      },
      ({ query }) => {
        const e = service.dncOf(query.number);
        return { onList: e !== undefined, entry: e ? service.getDnc(e.id) : null };
      },
    )
    .raw(
      'post',
      '/import',
      {
        summary: 'Add the numbers of a CSV to the do-not-call list (source import)',
        access: WRITE,
        query: DncImportQuery,
        body: csvDoc(maxBytes, 'A header row; the numbers in column `column` (default number).'),
      },
      importing((req) => {
        const cols = DncImportQuery.parse(req.query);
        return service.importDnc(csvStream(req, maxBytes), cols, actorOf(req));
      }),
    )
    .crud({
      noun: 'a do-not-call entry',
      plural: 'do-not-call entries',
      service: {
        list: (q) => service.listDnc(q),
        get: (id) => service.getDnc(id),
        create: async (input, actor) => service.getDnc((await service.addDnc(input, actor)).entry.id),
        remove: (id, actor) => service.removeDnc(id, actor),
      },
      read: WRITE,
      write: WRITE,
      schemas: { list: DncListQuery, create: DncCreate },
      except: ['update'],
      summaries: {
        create: 'Add a number to the do-not-call list (a number already there is answered as it is)',
      },
    });

  const consents: ApiRouter = apiRouter(requireRole)
    .route(
      'post',
      '/:id/revoke',
      { summary: 'Revoke a consent (from revokedAt, default now)', access: WRITE, body: ConsentRevoke },
      ({ id, body, actor }) => service.revokeConsent(id(), body.revokedAt, actor()),
    )
    .crud({
      noun: 'a consent',
      service: {
        list: (q) => service.listConsents(q),
        get: (id) => service.getConsent(id),
        create: (input, actor) => service.addConsent(input, actor),
        // evidence is kept: a consent is revoked, never deleted
        remove: () => undefined,
      },
      read: WRITE,
      write: WRITE,
      schemas: { list: ConsentListQuery, create: ConsentCreate },
      except: ['update', 'remove'],
      summaries: { create: 'Record a consent with its evidence (how and when it was obtained)' },
    });

  const root: ApiRouter = apiRouter(requireRole)
    .route(
      'get',
      '/check',
      {
        summary: 'Whether the dialer may call a number now (or at `at`) for a list, and every reason why not',
        access: WRITE,
        query: CheckQuery,
      },
      ({ query }) => service.isCallable(query.number, new Date(query.at ?? Date.now()), query.listId),
    )
    .route(
      'post',
      '/opt-out',
      {
        summary: 'Opt a number out: on the do-not-call list at once',
        description:
          'Answers the do-not-call entry; `added` is false when the number was on the list already.',
        access: WRITE,
        body: OptOut,
      },
      async ({ body, actor }) => {
        const { entry, added } = await service.optOut(body.number, body.source, body.reason, actor());
        return { ...service.getDnc(entry.id), added };
      },
    );
  return { lists, dnc, consents, root };
}
