import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { TrunkService } from '../trunks/index.js';
import { OUTBOUND_EVENTS } from './events.js';
import { createGuardStore } from './guard.js';
import { outboundRoutes } from './routes.js';
import { createOutboundService, type OutboundService } from './service.js';
import { createOutboundStore } from './store.js';

export type { OutboundService } from './service.js';

/** Outbound routes, seat permission classes in dialplan, and the premium deny list. */
export function createOutbound(
  core: Pick<Core, 'db' | 'change' | 'bus' | 'log'>,
  deps: { trunks: TrunkService; requireRole: RequireRole },
): HotlineModule<OutboundService> {
  const service = createOutboundService({
    store: createOutboundStore(core.db),
    guardStore: createGuardStore(core.db),
    trunks: deps.trunks,
    change: core.change,
  });
  deps.trunks.onUsage(service.usage);
  const log = core.log.child({ component: 'spend-guard' });
  // every batch of call records may put a seat or trunk over its hourly limits
  core.bus.on('outbound', 'cdr.ingested', () => {
    service.guard
      .check()
      .then((s) => s.length && log.warn({ suspensions: s }, 'outside calls suspended'))
      .catch((err) => log.error({ err }, 'spend guard check failed'));
  });
  const routes = mount('/outbound-routes', outboundRoutes(service, deps.requireRole));
  return configDomain('outbound', service, routes, {
    publishes: OUTBOUND_EVENTS,
    stop: () => core.bus.off('outbound'),
  });
}
