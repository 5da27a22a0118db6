import type { Core } from '../core.js';
import type { Destinations } from '../destinations/refs.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import { SCHEDULE_EVENTS } from './events.js';
import { scheduleRoutes } from './routes.js';
import { createScheduleService, type ScheduleService } from './service.js';
import { createScheduleStore } from './store.js';

export type { ScheduleService } from './service.js';

export function createSchedules(
  core: Pick<Core, 'db' | 'applier' | 'change' | 'log'>,
  deps: {
    destinations: Destinations;
    requireRole: RequireRole;
    now?: () => Date;
  },
): HotlineModule<ScheduleService> {
  const log = core.log.child({ component: 'schedules' });
  const service = createScheduleService({
    store: createScheduleStore(core.db),
    change: core.change,
    destinations: deps.destinations,
    now: deps.now,
  });
  deps.destinations.provide('schedule', (id) => typeof id === 'number' && service.exists(id));

  // Exceptions enter and leave the generated window by date: regenerate
  // every day, just after the box's local midnight.
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      core.applier
        .syncAll()
        .catch((err) => log.warn({ err }, 'daily schedule regeneration failed'))
        .finally(arm);
    }, service.msToNextRegeneration());
    timer.unref();
  };

  const routes = mount('/schedules', scheduleRoutes(service, deps.requireRole));
  return configDomain('schedules', service, routes, {
    publishes: SCHEDULE_EVENTS,
    start: arm,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  });
}
