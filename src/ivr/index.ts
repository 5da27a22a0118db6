import type { RequestHandler, Router } from 'express';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Destinations } from '../destinations/refs.js';
import { isAppError } from '../errors.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import type { PromptService } from '../prompts/service.js';
import type { CallerInfo } from './machine.js';
import { ivrRoutes } from './routes.js';
import { createIvrRunner, type IvrRunner, type RunnerAri } from './runner.js';
import { createIvrService, type IvrService } from './service.js';
import { createIvrStore } from './store.js';

export type { IvrRunner } from './runner.js';
export type { IvrService } from './service.js';

/**
 * IVR trees at /api/v1/ivrs, their dialplan (extensions_ivr.conf), and the
 * runner that walks callers through them in the Stasis app.
 */
export function createIvrs(deps: {
  db: Db;
  applier: ConfigApplier;
  audit: Audit;
  prompts: PromptService;
  schedules: { exists(id: number): boolean; status(id: number): { open: boolean } };
  customers: { lookup(number: string): Promise<CallerInfo | null> };
  destinations: Destinations;
  ari: RunnerAri;
  /** The Stasis application name (settings.asterisk.ari.app). */
  app: string;
  log: Logger;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: IvrService; runner: IvrRunner; stop(): Promise<void> } {
  const { prompts } = deps;
  const service = createIvrService({
    store: createIvrStore(deps.db),
    applier: deps.applier,
    audit: deps.audit,
    prompts,
    schedules: deps.schedules,
    destinations: deps.destinations,
    app: deps.app,
  });
  deps.applier.register(service.configSection());
  // a prompt an IVR plays cannot be deleted
  prompts.registerUsage(service.promptUsage);
  // IVRs are a destination (inbound routes, other IVRs, announcements) and hold some (transfers, fallback)
  deps.destinations.provide('ivr', (id) => typeof id === 'number' && service.ivrExists(id));
  deps.destinations.addHolder('ivrs', service.destinationHolders);

  const runner = createIvrRunner({
    ari: deps.ari,
    ivrs: service,
    prompts: {
      playbackPath: (id) => prompts.playbackPath(id),
      durationMs: (id) => {
        try {
          return prompts.get(id).durationMs;
        } catch (err) {
          if (isAppError(err, 'not_found')) return undefined;
          throw err;
        }
      },
    },
    customers: deps.customers,
    schedules: { isOpen: (id) => deps.schedules.status(id).open },
    log: deps.log,
  });
  return { router: ivrRoutes(service, deps.requireRole), service, runner, stop: () => runner.stop() };
}
