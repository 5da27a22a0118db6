import type { Core } from '../core.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import type { OutboundService } from '../outbound/service.js';
import type { QueueService } from '../queues/index.js';
import { callbackContexts, callbackDialplan } from './confgen.js';
import { CALLBACK_EVENTS } from './events.js';
import { callbackRoutes } from './routes.js';
import { type CallbackService, createCallbackService } from './service.js';
import { createCallbackStore } from './store.js';
import { createCallbackTelephony } from './telephony.js';

export type { CallbackService } from './service.js';

/**
 * Queue callbacks: a waiting caller presses the queue's key, hangs up and
 * keeps their place; when it comes the box calls them through the outbound
 * routes, they press 1 and go to the front of the queue.
 */
export function createCallbacks(
  core: Pick<Core, 'db' | 'ami' | 'bus' | 'change' | 'log'>,
  deps: {
    queues: QueueService;
    outbound: Pick<OutboundService, 'match'>;
    requireRole: RequireRole;
    tickMs?: number;
  },
): HotlineModule<CallbackService> {
  const service = createCallbackService({
    store: createCallbackStore(core.db),
    telephony: createCallbackTelephony(core.ami),
    queues: deps.queues,
    outbound: deps.outbound,
    change: core.change,
    bus: core.bus,
    log: core.log.child({ component: 'callbacks' }),
    tickMs: deps.tickMs,
  });
  const section = dialplanSection(
    { name: 'callbacks', loaded: { contexts: /^hotline-callback-/ }, what: 'queue callbacks' },
    () => {
      const queues = deps.queues.all();
      return { text: callbackDialplan(queues), expected: callbackContexts(queues) };
    },
  );
  return {
    name: 'callbacks',
    service,
    routes: [mount('/callbacks', callbackRoutes(service, deps.requireRole))],
    configSections: [section],
    publishes: CALLBACK_EVENTS,
    start: () => service.start(),
    stop: () => service.stop(),
  };
}
