import { type ApiRouter, apiRouter, type RequireRole } from '../kit/router.js';
import { InboundCreate, InboundUpdate, ListQuery } from './schema.js';
import type { InboundService } from './service.js';

export function inboundRoutes(service: InboundService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole).crud({
    noun: 'an inbound route',
    service,
    schemas: { list: ListQuery, create: InboundCreate, update: InboundUpdate },
    summaries: {
      list: 'List inbound routes in the order Asterisk tries them',
      create: 'Create an inbound route (DID, caller ID → destination)',
      get: 'One inbound route with its rank',
    },
  });
}
