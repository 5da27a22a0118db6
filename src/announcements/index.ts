import type { Core } from '../core.js';
import type { Destinations } from '../destinations/refs.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { PromptService } from '../prompts/service.js';
import { announcementRoutes } from './routes.js';
import { type AnnouncementService, createAnnouncementService } from './service.js';
import { createAnnouncementStore } from './store.js';

export type { AnnouncementService } from './service.js';

/** Announcements: play a prompt, then send the caller on (extensions_announcements.conf). */
export function createAnnouncements(
  core: Core,
  deps: {
    prompts: PromptService;
    destinations: Destinations;
    requireRole: RequireRole;
  },
): HotlineModule<AnnouncementService> {
  const service = createAnnouncementService({
    store: createAnnouncementStore(core.db),
    change: core.change,
    prompts: deps.prompts,
    destinations: deps.destinations,
    promptDir: core.settings.asterisk.promptDir,
  });
  // a prompt an announcement plays cannot be deleted
  deps.prompts.registerUsage(service.promptUsage);
  // announcements are a destination (inbound routes, other announcements) and hold one (`then`)
  deps.destinations.provide('announcement', (id) => service.announcementExists(Number(id)));
  deps.destinations.addHolder('announcements', service.destinationHolders);
  const routes = mount('/announcements', announcementRoutes(service, deps.requireRole));
  return configDomain('announcements', service, routes, { publishes: ['announcement.changed'] });
}
