import type { RequestHandler, Router } from 'express';
import type { Ami } from '../asterisk/ami.js';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Destinations } from '../destinations/refs.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import type { SeatLookup } from '../seats/index.js';
import { type CallerPriorities, createCallerPrioritySync } from './caller-priority.js';
import { queueRoutes } from './routes.js';
import { createQueueService, type QueueService } from './service.js';
import { createQueueStore } from './store.js';

export type { QueueService } from './service.js';

export function createQueues(deps: {
  db: Db;
  applier: ConfigApplier;
  audit: Audit;
  destinations: Destinations;
  seats: SeatLookup;
  ami: Ami;
  bus: Bus;
  log: Logger;
  /** Customer records (VIP level, bound agent by number), with change notifications. */
  customers: CallerPriorities & { onChange(fn: () => void): void };
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: QueueService; stop: () => void } {
  const service = createQueueService({
    store: createQueueStore(deps.db),
    applier: deps.applier,
    audit: deps.audit,
    destinations: deps.destinations,
    seats: deps.seats,
  });
  deps.applier.register(service.configSection());
  // queues are a destination (routes, IVRs, other queues' overflow) and hold one (overflow)
  deps.destinations.provide('queue', (id) => service.exists(Number(id)));
  deps.destinations.addHolder('queues', service.destinationHolders);
  const priorities = createCallerPrioritySync({ ami: deps.ami, source: deps.customers, log: deps.log });
  deps.customers.onChange(() => priorities.schedule());
  deps.bus.on('queues', 'asterisk.ready', () => void priorities.sync());
  return {
    router: queueRoutes(service, deps.requireRole),
    service,
    stop: () => {
      priorities.stop();
      deps.bus.off('queues');
    },
  };
}
