import { type ApiRouter, apiRouter, type RequireRole } from '../kit/router.js';
import { SeatCreate, SeatListQuery, SeatUpdate } from './schema.js';
import type { SeatService } from './service.js';

export function seatRoutes(service: SeatService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole).crud({
    noun: 'a seat',
    service,
    view: service.view,
    schemas: { list: SeatListQuery, create: SeatCreate, update: SeatUpdate },
    summaries: {
      list: 'List seats (secrets to admins only)',
      create: 'Create a seat (a SIP phone)',
      remove: 'Delete a seat (refused while something points at it)',
    },
  });
}
