import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { type Firewall, nftFirewall, noFirewall } from './nft.js';
import { guardRoutes } from './routes.js';
import { createGuardService, type GuardService } from './service.js';
import { createGuardStore } from './store.js';

export type { GuardService } from './service.js';

const OWNER = 'guard';
const EXPIRY_CHECK_MS = 15_000;

/**
 * The brute-force guard (/api/v1/guard): Asterisk's security events, counted
 * per source address, ban a source in the packet filter for a while.
 */
export function createGuard(
  core: Pick<Core, 'settings' | 'db' | 'bus' | 'audit' | 'log'>,
  deps: { requireRole: RequireRole; firewall?: Firewall },
): HotlineModule<GuardService> {
  const log = core.log.child({ component: 'guard' });
  const { nft } = core.settings.guard;
  const firewall = deps.firewall ?? (nft.enabled ? nftFirewall(nft) : noFirewall);
  const service = createGuardService({
    db: core.db,
    store: createGuardStore(core.db),
    firewall,
    audit: core.audit,
    bus: core.bus,
    log,
  });
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'guard',
    service,
    routes: [mount('/guard', guardRoutes(service, deps.requireRole))],
    publishes: ['guard.changed'],
    async start() {
      core.bus.on(OWNER, 'security.failure', (e) => {
        service.failure(e).catch((err) => log.error({ err, address: e.address }, 'ban failed'));
      });
      await service.reapply();
      // the kernel drops an expired element by itself; the console's banner follows
      timer = setInterval(() => {
        if (service.expire()) core.bus.emit('guard.changed', { action: 'expire', id: null });
      }, EXPIRY_CHECK_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      core.bus.off(OWNER);
    },
  };
}
