import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { TrunkService } from '../trunks/index.js';
import { OUTBOUND_EVENTS } from './events.js';
import { outboundRoutes } from './routes.js';
import { createOutboundService, type OutboundService } from './service.js';
import { createOutboundStore } from './store.js';

export type { OutboundService } from './service.js';

/** Outbound routes, seat permission classes in dialplan, and the premium deny list. */
export function createOutbound(
  core: Pick<Core, 'db' | 'change'>,
  deps: { trunks: TrunkService; requireRole: RequireRole },
): HotlineModule<OutboundService> {
  const service = createOutboundService({
    store: createOutboundStore(core.db),
    trunks: deps.trunks,
    change: core.change,
  });
  deps.trunks.onUsage(service.usage);
  const routes = mount('/outbound-routes', outboundRoutes(service, deps.requireRole));
  return configDomain('outbound', service, routes, { publishes: OUTBOUND_EVENTS });
}
