import type { RequestHandler } from 'express';
import type { Core } from '../core.js';
import type { Role } from '../http/principal.js';
import type { HotlineModule } from '../module.js';
import type { TrunkService } from '../trunks/index.js';
import { OUTBOUND_EVENTS } from './events.js';
import { outboundRoutes } from './routes.js';
import { createOutboundService, type OutboundService } from './service.js';
import { createOutboundStore } from './store.js';

export type { OutboundService } from './service.js';

/** Outbound routes, seat permission classes in dialplan, and the premium deny list. */
export function createOutbound(
  core: Pick<Core, 'db' | 'change'>,
  deps: { trunks: TrunkService; requireRole: (...roles: Role[]) => RequestHandler },
): HotlineModule<OutboundService> {
  const service = createOutboundService({
    store: createOutboundStore(core.db),
    trunks: deps.trunks,
    change: core.change,
  });
  deps.trunks.onUsage(service.usage);
  const api = outboundRoutes(service, deps.requireRole);
  return {
    name: 'outbound',
    service,
    routes: [{ path: '/outbound-routes', router: api.router, docs: api.docs }],
    configSections: [service.configSection()],
    publishes: OUTBOUND_EVENTS,
  };
}
