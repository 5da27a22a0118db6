import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { Access } from '../users/auth.js';
import { spanLayout } from './confgen.js';
import { createDahdiApply } from './dahdi-apply.js';
import { createHealth, type Health } from './health.js';
import { createOperations } from './operations.js';
import { hardwareRoutes } from './routes.js';
import { createHardwareService, type E1Trunks, type HardwareService } from './service.js';
import { createHardwareStore } from './store.js';
import { hardwarePaths, systemToolRunner } from './tools.js';

export { hardwarePaths, systemToolRunner };

/**
 * E1/T1 hardware: detection, the DAHDI plan and its apply, span health and
 * alarm history, channel operations. Plugs E1 support into the trunks
 * domain, whose E1 trunks carry the signalling.
 */
export interface HardwareModule extends HotlineModule<HardwareService> {
  /** Span health, for the live view and the tests. */
  health: Health;
}

export function createHardware(
  core: Core,
  deps: {
    trunks: E1Trunks;
    requireRole: RequireRole<Access>;
    /** /proc for DAHDI span status (tests point it at a fixture). */
    procRoot?: string;
    pollMs?: number;
  },
): HardwareModule {
  const { settings, overrides, bus, ami } = core;
  const paths = overrides.hardwarePaths ?? hardwarePaths(settings);
  const run = overrides.runTool ?? systemToolRunner(settings.asterisk.root);
  const log = core.log.child({ component: 'hardware' });
  const store = createHardwareStore(core.db);
  const dahdi = createDahdiApply({ paths, run, ami, log });
  let health: Health | undefined;
  const service = createHardwareService({
    db: core.db,
    store,
    applier: core.applier,
    audit: core.audit,
    change: core.change,
    trunks: deps.trunks,
    dahdi,
    paths,
    run,
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
  const spanHealth = createHealth({
    ami,
    bus,
    store,
    log,
    layout,
    procRoot: deps.procRoot,
    pollMs: deps.pollMs,
  });
  health = spanHealth;
  const ops = createOperations({ ami, audit: core.audit, paths, plan: service.currentPlan });
  // the live view shows E1 trunks like SIP trunks: their status follows the span
  bus.on('hardware', 'span.status', (s) => {
    const trunk = deps.trunks.e1Trunks().find((t) => t.id === s.trunkId);
    if (trunk)
      bus.emit('trunk.status', {
        id: trunk.id,
        registration: 'none',
        reachability: service.e1.reachability(trunk),
        rttMs: null,
      });
  });
  deps.trunks.attachE1(service.e1);
  const routes = mount('/hardware', hardwareRoutes(service, spanHealth, ops, deps.requireRole));
  const domain = configDomain('hardware', service, routes, {
    publishes: ['hardware.changed', 'span.status', 'span.alarm', 'span.alarm.cleared', 'trunk.status'],
    stop: () => {
      bus.off('hardware');
      spanHealth.stop();
    },
  });
  return { ...domain, health: spanHealth };
}
