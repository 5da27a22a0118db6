import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import { SEAT_EVENTS } from './events.js';
import { createRegistrations } from './registrations.js';
import { seatRoutes } from './routes.js';
import { createSeatService, type SeatService } from './service.js';
import { createSeatStore } from './store.js';

export type { SeatService } from './service.js';

/** What other domains need to know of seats: whether an extension is one (callers never see a Seat). */
export interface SeatLookup {
  findByExtension(ext: string): unknown;
}

export function createSeats(
  core: Pick<Core, 'db' | 'bus' | 'ami' | 'change' | 'log'>,
  deps: { requireRole: RequireRole },
): HotlineModule<SeatService> {
  const log = core.log.child({ component: 'seats' });
  const registrations = createRegistrations(core.bus);
  const service = createSeatService({
    store: createSeatStore(core.db),
    change: core.change,
    registrations,
  });
  core.bus.on('seats', 'asterisk.ready', () => {
    service.resyncRegistrations(core.ami).catch((err) => log.warn({ err }, 'registration resync failed'));
  });
  return configDomain('seats', service, mount('/seats', seatRoutes(service, deps.requireRole)), {
    publishes: SEAT_EVENTS,
    stop: () => core.bus.off('seats'),
  });
}
