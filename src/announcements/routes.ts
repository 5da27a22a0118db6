import { type ApiRouter, apiRouter, type RequireRole } from '../kit/router.js';
import { AnnouncementCreate, AnnouncementListQuery, AnnouncementUpdate } from './schema.js';
import type { AnnouncementService } from './service.js';

export function announcementRoutes(service: AnnouncementService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole).crud({
    noun: 'an announcement',
    service,
    view: service.view,
    schemas: { list: AnnouncementListQuery, create: AnnouncementCreate, update: AnnouncementUpdate },
    summaries: {
      create: 'Create an announcement (a prompt, then a destination)',
      remove: 'Delete an announcement nothing sends calls to',
    },
  });
}
