import type { RequestHandler, Router } from 'express';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Destinations } from '../destinations/refs.js';
import type { Role } from '../http/principal.js';
import type { PromptService } from '../prompts/service.js';
import { ivrRoutes } from './routes.js';
import { createIvrService, type IvrService } from './service.js';
import { createIvrStore } from './store.js';

export type { IvrService } from './service.js';

/** IVR trees at /api/v1/ivrs, their dialplan (extensions_ivr.conf). */
export function createIvrs(deps: {
  db: Db;
  applier: ConfigApplier;
  audit: Audit;
  prompts: PromptService;
  schedules: { exists(id: number): boolean };
  destinations: Destinations;
  /** The Stasis application name (settings.asterisk.ari.app). */
  app: string;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: IvrService; stop(): Promise<void> } {
  const service = createIvrService({
    store: createIvrStore(deps.db),
    applier: deps.applier,
    audit: deps.audit,
    prompts: deps.prompts,
    schedules: deps.schedules,
    destinations: deps.destinations,
    app: deps.app,
  });
  deps.applier.register(service.configSection());
  // a prompt an IVR plays cannot be deleted
  deps.prompts.registerUsage(service.promptUsage);
  // IVRs are a destination (inbound routes, other IVRs, announcements) and hold some (transfers, fallback)
  deps.destinations.provide('ivr', (id) => typeof id === 'number' && service.ivrExists(id));
  deps.destinations.addHolder('ivrs', service.destinationHolders);
  return { router: ivrRoutes(service, deps.requireRole), service, stop: async () => {} };
}
