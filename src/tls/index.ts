import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { TLS_EVENTS } from './events.js';
import { tlsRoutes } from './routes.js';
import { type BoxIdentity, createTlsService, type TlsService } from './service.js';
import { createTlsStore } from './store.js';

export type { TlsService } from './service.js';

/**
 * The box's TLS certificate (/api/v1/tls): generated per install, or the
 * customer's own. The HTTPS listener (src/http/https.ts) serves it.
 */
export function createTls(
  core: Pick<Core, 'settings' | 'change' | 'log'>,
  deps: { requireRole: RequireRole; identity?: () => BoxIdentity },
): HotlineModule<TlsService> {
  const service = createTlsService({
    store: createTlsStore(core.settings.dataDir),
    change: core.change,
    log: core.log.child({ component: 'tls' }),
    identity: deps.identity,
  });
  return {
    name: 'tls',
    service,
    routes: [mount('/tls', tlsRoutes(service, deps.requireRole))],
    publishes: TLS_EVENTS,
    start: async () => {
      await service.ready();
    },
  };
}
