import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { SeatCreate, SeatListQuery, SeatUpdate } from './schema.js';
import type { SeatService } from './service.js';

export function seatRoutes(
  service: SeatService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      {
        summary: 'List seats (secrets to admins only)',
        access: ['admin', 'supervisor'],
        query: SeatListQuery,
      },
      ({ query, isAdmin }) => service.list(query, isAdmin),
    )
    .route(
      'post',
      '/',
      { summary: 'Create a seat (a SIP phone)', access: ['admin'], body: SeatCreate, status: 201 },
      async ({ body, actor }) => service.view(await service.create(body, actor()), true),
    )
    .route('get', '/:id', { summary: 'One seat', access: ['admin', 'supervisor'] }, ({ id, isAdmin }) =>
      service.view(service.get(id()), isAdmin),
    )
    .route(
      'patch',
      '/:id',
      { summary: 'Change a seat', access: ['admin'], body: SeatUpdate },
      async ({ id, body, actor }) => service.view(await service.update(id(), body, actor()), true),
    )
    .route(
      'delete',
      '/:id',
      { summary: 'Delete a seat (refused while something points at it)', access: ['admin'], status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
