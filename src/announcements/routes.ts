import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { AnnouncementCreate, AnnouncementListQuery, AnnouncementUpdate } from './schema.js';
import type { AnnouncementService } from './service.js';

const read = ['admin', 'supervisor'] as const;
const write = ['admin'] as const;

export function announcementRoutes(
  service: AnnouncementService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      { summary: 'List announcements', access: read, query: AnnouncementListQuery },
      ({ query }) => service.list(query),
    )
    .route(
      'post',
      '/',
      {
        summary: 'Create an announcement (a prompt, then a destination)',
        access: write,
        body: AnnouncementCreate,
        status: 201,
      },
      async ({ body, actor }) => service.view(await service.create(body, actor())),
    )
    .route('get', '/:id', { summary: 'One announcement', access: read }, ({ id }) =>
      service.view(service.get(id())),
    )
    .route(
      'patch',
      '/:id',
      { summary: 'Change an announcement', access: write, body: AnnouncementUpdate },
      async ({ id, body, actor }) => service.view(await service.update(id(), body, actor())),
    )
    .route(
      'delete',
      '/:id',
      { summary: 'Delete an announcement nothing sends calls to', access: write, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
