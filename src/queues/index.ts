import type { Core } from '../core.js';
import type { Destinations } from '../destinations/refs.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { PromptService } from '../prompts/service.js';
import type { SeatLookup } from '../seats/index.js';
import { type CallerPriorities, createCallerPrioritySync } from './caller-priority.js';
import { queueRoutes } from './routes.js';
import { createQueueService, type QueueService } from './service.js';
import { createQueueStore } from './store.js';

export type { QueueService } from './service.js';

/** Queues: app_queue's queues.conf and their dialplan, and callers' priorities from customer records. */
export function createQueues(
  core: Core,
  deps: {
    destinations: Destinations;
    seats: SeatLookup;
    /** Customer records (VIP level, bound agent by number), with change notifications. */
    customers: CallerPriorities & { onChange(fn: () => void): void };
    prompts: Pick<PromptService, 'exists' | 'registerUsage'>;
    requireRole: RequireRole;
  },
): HotlineModule<QueueService> {
  const { bus } = core;
  const service = createQueueService({
    store: createQueueStore(core.db),
    change: core.change,
    destinations: deps.destinations,
    seats: deps.seats,
    promptExists: (id) => deps.prompts.exists(id),
    promptDir: core.settings.asterisk.promptDir,
  });
  deps.prompts.registerUsage(service.promptUsage);
  // queues are a destination (routes, IVRs, other queues' overflow) and hold one (overflow)
  deps.destinations.provide('queue', (id) => service.exists(Number(id)));
  deps.destinations.addHolder('queues', service.destinationHolders);
  const priorities = createCallerPrioritySync({ ami: core.ami, source: deps.customers, log: core.log });
  deps.customers.onChange(() => priorities.schedule());
  bus.on('queues', 'asterisk.ready', () => void priorities.sync());
  return configDomain('queues', service, mount('/queues', queueRoutes(service, deps.requireRole)), {
    publishes: ['queue.changed'],
    stop() {
      priorities.stop();
      bus.off('queues');
    },
  });
}
