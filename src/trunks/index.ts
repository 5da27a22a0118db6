import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import './events.js';
import { trunkRoutes } from './routes.js';
import { createTrunkService, type TrunkService } from './service.js';
import { createTrunkStatus } from './status.js';
import { createTrunkStore } from './store.js';

export type { TrunkService } from './service.js';

/** SIP and E1 trunks: their PJSIP config and dial contexts, live registration and qualify status. */
export function createTrunks(core: Core, deps: { requireRole: RequireRole }): HotlineModule<TrunkService> {
  const { bus, ami } = core;
  const log = core.log.child({ component: 'trunks' });
  const store = createTrunkStore(core.db);
  let service: TrunkService | undefined;
  const timers = new Set<NodeJS.Timeout>();
  let periodic: NodeJS.Timeout | undefined;

  const resync = () => {
    if (!service || ami.state !== 'connected') return;
    service.resyncStatus(ami).catch((err) => log.warn({ err }, 'trunk status resync failed'));
  };
  /** Debounced: a reload produces a burst of contact events. */
  let pending: NodeJS.Timeout | undefined;
  const resyncSoon = (ms = 500) => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      resync();
    }, ms);
    pending.unref();
  };
  const later = (ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resync();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const status = createTrunkStatus({
    bus,
    trunkForRegistration: (c, s) => service?.trunkForRegistration(c, s) ?? null,
    registers: (id) => service?.registers(id) ?? false,
    requestResync: () => resyncSoon(),
  });
  service = createTrunkService({ store, change: core.change, status, ami, log });
  const routes = mount('/trunks', trunkRoutes(service, deps.requireRole));

  bus.on('trunks', 'asterisk.ready', resync);
  // After a change Asterisk re-qualifies within max_initial_qualify_time (4 s): read it then.
  bus.on('trunks', 'trunk.changed', () => {
    later(1000);
    later(6000);
  });
  // Belt and braces: events can be missed across reloads; the qualify interval is 30 s anyway.
  periodic = setInterval(resync, 30_000);
  periodic.unref();

  return configDomain('trunks', service, routes, {
    publishes: ['trunk.changed', 'trunk.status'],
    stop: () => {
      bus.off('trunks');
      clearInterval(periodic);
      if (pending) clearTimeout(pending);
      for (const t of timers) clearTimeout(t);
    },
  });
}
