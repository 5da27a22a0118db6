import express, { type Request, type RequestHandler } from 'express';
import { validation } from '../errors.js';
import { actorOf, idParam } from '../http/request.js';
import { type CategoryTree, categoryRoutes } from '../kit/category-tree.js';
import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole, STAFF } from '../kit/router.js';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, mediaType } from './attachments.js';
import {
  AttachmentQuery,
  CommentCreate,
  SlaSettings,
  TicketCreate,
  TicketListQuery,
  TicketUpdate,
} from './schema.js';
import type { TicketService } from './service.js';

/** Any body as bytes (the type is checked against the allow-list after the access check). */
const rawUpload = express.raw({ type: () => true, limit: MAX_ATTACHMENT_BYTES });

/** The upload's bytes, or a 400 naming `file` when past the limit. */
const readUpload = (req: Request, res: express.Response) =>
  new Promise<Buffer>((resolve, reject) =>
    rawUpload(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large')
        reject(validation('file', `an attachment is at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`));
      else if (err) reject(err);
      else resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    }),
  );

export function ticketRoutes(
  service: TicketService,
  categories: CategoryTree,
  requireRole: RequireRole,
): ApiRouter {
  const upload: RequestHandler = async (req, res) => {
    const id = idParam(req.params.id);
    const { name } = AttachmentQuery.parse(req.query);
    const type = mediaType(req.headers['content-type']);
    const body = await readUpload(req, res);
    res.status(201).json(await service.attach(id, { name, type, body }, actorOf(req)));
  };

  // Everyone works tickets; the service limits agents to their own (assigned, their queues', created).
  const api = categoryRoutes(apiRouter(requireRole), categories, { read: STAFF, write: READERS });
  return api
    .route(
      'get',
      '/sla',
      {
        summary: 'The SLA: hours of business time per category and priority, and the schedule',
        access: STAFF,
      },
      () => service.sla(),
    )
    .route(
      'put',
      '/sla',
      {
        summary: 'Set the SLA (replaces every rule)',
        description:
          'A ticket takes the rule of its category for its priority, else of the nearest category above, ' +
          'else the rule without a category. Hours count within the schedule’s open hours (null: every hour).',
        access: READERS,
        body: SlaSettings,
      },
      ({ body, actor }) => service.setSla(body, actor()),
    )
    .route(
      'get',
      '/assignees',
      {
        summary: 'Who a ticket can be assigned to: enabled users and queues (ids and names)',
        description: 'Names only, for every role: the console picks an assignee from these.',
        access: STAFF,
      },
      () => service.assignees(),
    )
    .route(
      'get',
      '/',
      {
        summary: 'List tickets (filters, search, paging)',
        description: 'Agents see tickets assigned to them or their queues, or created by them.',
        access: STAFF,
        query: TicketListQuery,
      },
      ({ query, req }) => service.list(query, req.principal!),
    )
    .route(
      'post',
      '/',
      {
        summary: 'Create a ticket (numbered GD<yyyymmdd>-<seq>, due from the SLA)',
        access: STAFF,
        body: TicketCreate,
        status: 201,
      },
      ({ body, actor }) => service.create(body, actor()),
    )
    .route(
      'get',
      '/:id',
      { summary: 'One ticket with its timeline and attachments', access: STAFF },
      ({ id, req }) => service.get(id(), req.principal!),
    )
    .route(
      'patch',
      '/:id',
      {
        summary: 'Change a ticket (status along the workflow: 409 naming a refused transition)',
        access: STAFF,
        body: TicketUpdate,
      },
      ({ id, body, actor }) => service.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/:id',
      { summary: 'Delete a ticket with its files', access: ADMINS, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    )
    .route(
      'get',
      '/:id/comments',
      {
        summary: "A ticket's timeline: comments, status and assignee changes, oldest first",
        access: STAFF,
      },
      ({ id, req }) => service.timeline(id(), req.principal!),
    )
    .route(
      'post',
      '/:id/comments',
      { summary: 'Add a comment (plain text)', access: STAFF, body: CommentCreate, status: 201 },
      ({ id, body, actor }) => service.comment(id(), body.body, actor()),
    )
    .route('get', '/:id/attachments', { summary: "A ticket's attachments", access: STAFF }, ({ id, req }) =>
      service.attachments(id(), req.principal!),
    )
    .raw(
      'post',
      '/:id/attachments',
      {
        summary: 'Attach a file (raw body, ?name=)',
        description: `The body is the file, its Content-Type one of the allowed types; at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`,
        access: STAFF,
        query: AttachmentQuery,
        body: { mediaTypes: ATTACHMENT_TYPES, description: 'the file' },
        status: 201,
      },
      upload,
    )
    .download(
      '/:id/attachments/:attachmentId',
      { summary: 'Download an attachment', access: STAFF, produces: 'application/octet-stream' },
      ({ id, req }) => {
        const raw = req.params.attachmentId;
        const aid = Number(raw);
        if (!Number.isSafeInteger(aid) || aid <= 0)
          throw validation('attachmentId', 'attachmentId must be a positive integer');
        return service.download(id(), aid, req.principal!);
      },
    );
}
