import type { RequestHandler, Router } from 'express';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Destinations } from '../destinations/refs.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import { scheduleRoutes } from './routes.js';
import { createScheduleService, type ScheduleService } from './service.js';
import { createScheduleStore } from './store.js';

export function createSchedules(deps: {
  db: Db;
  applier: ConfigApplier;
  audit: Audit;
  destinations: Destinations;
  log: Logger;
  requireRole: (...roles: Role[]) => RequestHandler;
  now?: () => Date;
}): { router: Router; service: ScheduleService; stop(): void } {
  const log = deps.log.child({ component: 'schedules' });
  const service = createScheduleService({ ...deps, store: createScheduleStore(deps.db), log });
  deps.applier.register(service.configSection());
  deps.destinations.provide('schedule', (id) => typeof id === 'number' && service.exists(id));

  // Exceptions enter and leave the generated window by date: regenerate
  // every day, just after the box's local midnight.
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      deps.applier
        .syncAll()
        .catch((err) => log.warn({ err }, 'daily schedule regeneration failed'))
        .finally(arm);
    }, service.msToNextRegeneration());
    timer.unref();
  };
  arm();

  return {
    router: scheduleRoutes(service, deps.requireRole),
    service,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
