import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { SeatLookup } from '../seats/index.js';
import { agentRoutes } from './routes.js';
import { type AgentService, createAgentService, type QueueLookup } from './service.js';
import { createAgentStore, createSyncStore } from './store.js';

export type { AgentService } from './service.js';

/**
 * Agents: seats that take queue calls. Reconciles app_queue's members with
 * the database after every (re)connect, stores feature-code changes made on
 * phones, and auto-pauses agents who miss offers.
 */
export function createAgents(
  core: Core,
  deps: {
    seats: SeatLookup;
    queues: QueueLookup;
    seatOfUser: (userId: number) => string | null;
    requireRole: RequireRole;
  },
): HotlineModule<AgentService> {
  const { bus } = core;
  const service = createAgentService({
    db: core.db,
    store: createAgentStore(core.db),
    sync: createSyncStore(core.db),
    ami: core.ami,
    change: core.change,
    seats: deps.seats,
    queues: deps.queues,
    log: core.log,
  });
  const log = core.log.child({ component: 'agents' });
  const safely = (what: string, p: Promise<unknown>) =>
    p.catch((err) => log.warn({ err }, `agents: ${what} failed`));
  // the queues' config is synced before asterisk.ready fires (applier.syncAll runs on reconnect first)
  // a queue still being reloaded refuses QueueAdd: try again shortly, a few times
  const reconcile = async (startedAt: number | null) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await service.reconcile(startedAt);
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  };
  bus.on('agents', 'asterisk.ready', (e) => void safely('reconcile', reconcile(e.startedAt)));
  bus.on('agents', 'agent.feature-code', (e) => void safely('feature code', service.onFeatureCode(e)));
  bus.on(
    'agents',
    'queue.agent.ringnoanswer',
    (e) => void safely('auto-pause', service.onMissedOffer(e.queue, e.member)),
  );
  bus.on('agents', 'queue.agent.connected', (e) => service.onAnswered(e.member));
  const routes = mount('/agents', agentRoutes(service, deps.requireRole, deps.seatOfUser));
  return configDomain('agents', service, routes, {
    publishes: ['agent.changed'],
    stop: () => bus.off('agents'),
  });
}
