import type { Core } from '../core.js';
import { apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { createHealth, type HealthSnapshot } from './health.js';
import { createSystemInfo, type SystemInfo } from './info.js';

export type { HealthSnapshot } from './health.js';
export type { SystemInfo } from './info.js';

export interface SystemService {
  /** States and versions (no secrets): what GET /system/health answers. */
  health(): HealthSnapshot;
  /** The machine and the daemons. */
  info(): Promise<SystemInfo>;
}

/** /api/v1/system: health (public, for load balancers and monitoring) and the machine's figures. */
export function createSystem(core: Core, deps: { requireRole: RequireRole }): HotlineModule<SystemService> {
  const health = createHealth({ db: core.db, dbPath: core.settings.dbPath, bus: core.bus });
  const { info } = createSystemInfo({ health: health.snapshot });
  const service: SystemService = { health: health.snapshot, info };
  const open = apiRouter(deps.requireRole).route(
    'get',
    '/health',
    { summary: 'Health of hotlined, its Asterisk connections and the database', access: 'public' },
    () => service.health(),
  );
  const signedIn = apiRouter(deps.requireRole).route(
    'get',
    '/info',
    { summary: 'Host, CPU, memory, disks, network and warnings', access: READERS },
    () => service.info(),
  );
  return {
    name: 'system',
    service,
    routes: [mount('/system', open, { public: true }), mount('/system', signedIn)],
    stop: () => health.stop(),
  };
}
