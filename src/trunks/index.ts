import type { RequestHandler, Router } from 'express';
import type { Ami } from '../asterisk/ami.js';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import { trunkRoutes } from './routes.js';
import { createTrunkService } from './service.js';
import { createTrunkStatus } from './status.js';
import { createTrunkStore } from './store.js';

export type TrunkService = ReturnType<typeof createTrunkService>;

export function createTrunks(deps: {
  db: Db;
  bus: Bus;
  ami: Ami;
  applier: ConfigApplier;
  audit: Audit;
  log: Logger;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: TrunkService; stop(): void } {
  const log = deps.log.child({ component: 'trunks' });
  const store = createTrunkStore(deps.db);
  let service: TrunkService | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const resync = () => {
    if (!service || deps.ami.state !== 'connected') return;
    service.resyncStatus(deps.ami).catch((err) => log.warn({ err }, 'trunk status resync failed'));
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
    bus: deps.bus,
    trunkForRegistration: (c, s) => service?.trunkForRegistration(c, s) ?? null,
    registers: (id) => service?.registers(id) ?? false,
    requestResync: () => resyncSoon(),
  });
  service = createTrunkService({
    store,
    applier: deps.applier,
    audit: deps.audit,
    status,
    ami: deps.ami,
    log,
  });
  const svc = service;
  deps.applier.register(svc.configSection());

  deps.bus.on('trunks', 'asterisk.ready', resync);
  // After a change Asterisk re-qualifies within max_initial_qualify_time (4 s): read it then.
  deps.bus.on('trunks', 'audit.recorded', (a) => {
    if (a.entity !== 'trunk') return;
    later(1000);
    later(6000);
  });
  // Belt and braces: events can be missed across reloads; the qualify interval is 30 s anyway.
  const periodic = setInterval(resync, 30_000);
  periodic.unref();

  return {
    router: trunkRoutes(svc, deps.requireRole),
    service: svc,
    stop: () => {
      deps.bus.off('trunks');
      clearInterval(periodic);
      if (pending) clearTimeout(pending);
      for (const t of timers) clearTimeout(t);
    },
  };
}
