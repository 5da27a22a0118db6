import type { RequestHandler, Router } from 'express';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Destinations } from '../destinations/refs.js';
import type { Role } from '../http/principal.js';
import type { PromptService } from '../prompts/service.js';
import { announcementRoutes } from './routes.js';
import { type AnnouncementService, createAnnouncementService } from './service.js';
import { createAnnouncementStore } from './store.js';

export type { AnnouncementService } from './service.js';

export function createAnnouncements(deps: {
  db: Db;
  applier: ConfigApplier;
  audit: Audit;
  prompts: PromptService;
  destinations: Destinations;
  promptDir: string;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: AnnouncementService } {
  const service = createAnnouncementService({
    store: createAnnouncementStore(deps.db),
    applier: deps.applier,
    audit: deps.audit,
    prompts: deps.prompts,
    destinations: deps.destinations,
    promptDir: deps.promptDir,
  });
  deps.applier.register(service.configSection());
  // a prompt an announcement plays cannot be deleted
  deps.prompts.registerUsage(service.promptUsage);
  // announcements are a destination (inbound routes, other announcements) and hold one (`then`)
  deps.destinations.provide('announcement', (id) => service.announcementExists(Number(id)));
  deps.destinations.addHolder('announcements', service.destinationHolders);
  return { router: announcementRoutes(service, deps.requireRole), service };
}
