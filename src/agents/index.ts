import type { RequestHandler, Router } from 'express';
import type { Ami } from '../asterisk/ami.js';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
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
export function createAgents(deps: {
  db: Db;
  bus: Bus;
  ami: Ami;
  applier: ConfigApplier;
  audit: Audit;
  seats: SeatLookup;
  queues: QueueLookup;
  seatOfUser: (userId: number) => string | null;
  log: Logger;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: AgentService; stop: () => void } {
  const service = createAgentService({
    ...deps,
    store: createAgentStore(deps.db),
    sync: createSyncStore(deps.db),
  });
  deps.applier.register(service.configSection());
  const log = deps.log.child({ component: 'agents' });
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
  deps.bus.on('agents', 'asterisk.ready', (e) => void safely('reconcile', reconcile(e.startedAt)));
  deps.bus.on('agents', 'agent.feature-code', (e) => void safely('feature code', service.onFeatureCode(e)));
  deps.bus.on(
    'agents',
    'queue.agent.ringnoanswer',
    (e) => void safely('auto-pause', service.onMissedOffer(e.queue, e.member)),
  );
  deps.bus.on('agents', 'queue.agent.connected', (e) => service.onAnswered(e.member));
  return {
    router: agentRoutes(service, deps.requireRole, deps.seatOfUser),
    service,
    stop: () => deps.bus.off('agents'),
  };
}
