import type { ContactService } from '../contacts/index.js';
import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { OutboundService } from '../outbound/index.js';
import type { TrunkService } from '../trunks/index.js';
import { createDialerEngine, type DialerEngine } from './engine.js';
import { DIALER_EVENTS } from './events.js';
import { createOriginator } from './originate.js';
import { dialerRoutes } from './routes.js';
import { createDialerService, type DialerService } from './service.js';
import { createDialerStore } from './store.js';

export { createOriginator, type Originator, type OutsideCall, type TrunkPlan } from './originate.js';
export type { DialerService, PreviewOffer } from './service.js';

/**
 * Outbound campaigns and the pacing dialer at /api/v1/campaigns: preview,
 * progressive, predictive and agentless modes over a contact list, AMD,
 * abandon control, retries, results. See docs/dialer.md.
 */
export function createDialer(
  core: Pick<Core, 'db' | 'change' | 'bus' | 'log' | 'ami' | 'settings'>,
  deps: {
    contacts: ContactService;
    outbound: OutboundService;
    trunks: TrunkService;
    seatExists(ext: string): boolean;
    promptExists(id: number): boolean;
    seatOfUser(userId: number): string | null;
    requireRole: RequireRole;
  },
): HotlineModule<DialerService> & { engine: DialerEngine } {
  const store = createDialerStore(core.db);
  const engine = createDialerEngine({
    store,
    originator: createOriginator({ ami: core.ami, outbound: deps.outbound, trunks: deps.trunks }),
    contacts: deps.contacts,
    ami: core.ami,
    bus: core.bus,
    log: core.log.child({ component: 'dialer' }),
  });
  const service = createDialerService({
    store,
    change: core.change,
    previewChanged: (campaignId) => core.bus.emit('dialer.preview.changed', { campaignId }),
    engine,
    contacts: deps.contacts,
    seatExists: deps.seatExists,
    promptExists: deps.promptExists,
    trunks: () =>
      deps.trunks
        .all()
        .filter((t) => t.enabled)
        .map((t) => ({ id: t.id, dialContext: deps.trunks.dialContext(t.id) })),
    promptDir: core.settings.asterisk.promptDir,
  });
  const routes = mount('/campaigns', dialerRoutes(service, deps.requireRole, deps.seatOfUser));
  return {
    ...configDomain('dialer', service, routes, {
      publishes: DIALER_EVENTS,
      start: () => engine.start(),
      stop: () => engine.stop(),
    }),
    engine,
  };
}
