import type { RequestHandler, Router } from 'express';
import type { Ami } from '../asterisk/ami.js';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import type { TrunkService } from '../trunks/index.js';
import type { Access } from '../users/auth.js';
import { spanLayout } from './confgen.js';
import { createDahdiApply } from './dahdi-apply.js';
import { createHealth } from './health.js';
import { createOperations } from './operations.js';
import { hardwareRoutes } from './routes.js';
import { createHardwareService } from './service.js';
import { createHardwareStore } from './store.js';
import type { HardwarePaths, ToolRunner } from './tools.js';

export { hardwarePaths, systemToolRunner } from './tools.js';

/**
 * E1/T1 hardware: detection, the DAHDI plan and its apply, span health and
 * alarm history, channel operations. Plugs E1 support into the trunks
 * domain, whose E1 trunks carry the signalling.
 */
export function createHardware(deps: {
  db: Db;
  bus: Bus;
  ami: Ami;
  applier: ConfigApplier;
  audit: Audit;
  trunks: TrunkService;
  log: Logger;
  paths: HardwarePaths;
  run: ToolRunner;
  requireRole: (...roles: Access[]) => RequestHandler;
  procRoot?: string;
  pollMs?: number;
}): {
  router: Router;
  service: ReturnType<typeof createHardwareService>;
  health: ReturnType<typeof createHealth>;
  stop(): void;
} {
  const log = deps.log.child({ component: 'hardware' });
  const store = createHardwareStore(deps.db);
  const dahdi = createDahdiApply({ paths: deps.paths, run: deps.run, ami: deps.ami, log });
  let health: ReturnType<typeof createHealth> | undefined;
  const service = createHardwareService({
    db: deps.db,
    store,
    applier: deps.applier,
    audit: deps.audit,
    trunks: deps.trunks,
    dahdi,
    paths: deps.paths,
    run: deps.run,
    log,
    spanState: (t, plan) => {
      const l = spanLayout(plan).find((x) => x.location === t.location && x.port === t.port);
      return l ? (health?.spans().find((s) => s.span === l.span) ?? null) : null;
    },
  });
  const layout = () => {
    try {
      const plan = service.currentPlan();
      const trunks = deps.trunks.e1Trunks();
      return spanLayout(plan).map((l) => ({
        ...l,
        trunkId: trunks.find((t) => t.enabled && t.location === l.location && t.port === l.port)?.id ?? null,
      }));
    } catch {
      return [];
    }
  };
  health = createHealth({
    ami: deps.ami,
    bus: deps.bus,
    store,
    log,
    layout,
    procRoot: deps.procRoot,
    pollMs: deps.pollMs,
  });
  const ops = createOperations({
    ami: deps.ami,
    audit: deps.audit,
    paths: deps.paths,
    plan: service.currentPlan,
  });
  // the live view shows E1 trunks like SIP trunks: their status follows the span
  deps.bus.on('hardware', 'span.status', (s) => {
    const trunk = deps.trunks.e1Trunks().find((t) => t.id === s.trunkId);
    if (trunk)
      deps.bus.emit('trunk.status', {
        id: trunk.id,
        registration: 'none',
        reachability: service.e1.reachability(trunk),
        rttMs: null,
      });
  });
  deps.applier.register(service.configSection());
  deps.trunks.attachE1(service.e1);
  return {
    router: hardwareRoutes(service, health, ops, deps.requireRole),
    service,
    health,
    stop: () => {
      deps.bus.off('hardware');
      health?.stop();
    },
  };
}
