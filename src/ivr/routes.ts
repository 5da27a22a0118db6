import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { IvrCreate, IvrListQuery, IvrUpdate } from './schema.js';
import type { IvrService } from './service.js';

const read = ['admin', 'supervisor'] as const;
const write = ['admin'] as const;

/** /api/v1/ivrs: admins write, supervisors read. */
export function ivrRoutes(service: IvrService, requireRole: (...roles: Role[]) => RequestHandler): ApiRouter {
  return apiRouter(requireRole)
    .route('get', '/', { summary: 'List IVRs', access: read, query: IvrListQuery }, ({ query }) =>
      service.list(query),
    )
    .route(
      'post',
      '/',
      { summary: 'Create an IVR (its tree and fallback)', access: write, body: IvrCreate, status: 201 },
      async ({ body, actor }) => service.view(await service.create(body, actor())),
    )
    .route('get', '/:id', { summary: 'One IVR', access: read }, ({ id }) => service.view(service.get(id())))
    .route(
      'patch',
      '/:id',
      { summary: 'Change an IVR', access: write, body: IvrUpdate },
      async ({ id, body, actor }) => service.view(await service.update(id(), body, actor())),
    )
    .route(
      'delete',
      '/:id',
      { summary: 'Delete an IVR nothing sends calls to', access: write, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    );
}
