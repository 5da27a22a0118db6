import type { RequestHandler, Router } from 'express';
import type { Ami } from '../asterisk/ami.js';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import { createRegistrations } from './registrations.js';
import { seatRoutes } from './routes.js';
import { createSeatService } from './service.js';
import { createSeatStore } from './store.js';

/** What other domains need to know of seats: whether an extension is one (callers never see a Seat). */
export interface SeatLookup {
  findByExtension(ext: string): unknown;
}

export function createSeats(deps: {
  db: Db;
  bus: Bus;
  ami: Ami;
  applier: ConfigApplier;
  audit: Audit;
  log: Logger;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: ReturnType<typeof createSeatService>; stop(): void } {
  const log = deps.log.child({ component: 'seats' });
  const registrations = createRegistrations(deps.bus);
  const service = createSeatService({
    store: createSeatStore(deps.db),
    applier: deps.applier,
    audit: deps.audit,
    registrations,
    log,
  });
  deps.applier.register(service.configSection());
  deps.bus.on('seats', 'asterisk.ready', () => {
    service.resyncRegistrations(deps.ami).catch((err) => log.warn({ err }, 'registration resync failed'));
  });
  return { router: seatRoutes(service, deps.requireRole), service, stop: () => deps.bus.off('seats') };
}
