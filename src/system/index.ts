import type { Request } from 'express';
import { z } from 'zod';
import type { Core } from '../core.js';
import type { Principal } from '../http/principal.js';
import { ADMINS, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { createHealth, type HealthSnapshot } from './health.js';
import { createSystemInfo, type SystemInfo } from './info.js';
import { createLoopLag } from './loop-lag.js';

export type { HealthSnapshot } from './health.js';
export type { SystemInfo } from './info.js';

export interface SystemService {
  /** States and versions (no secrets): what GET /system/health answers a signed-in caller. */
  health(): HealthSnapshot;
  /** The machine and the daemons; `tls` says whether the console was reached over TLS. */
  info(opts?: { tls: boolean }): Promise<SystemInfo>;
}

/** /api/v1/system: health (public, for load balancers and monitoring) and the machine's figures. */
export function createSystem(
  core: Core,
  deps: {
    requireRole: RequireRole;
    /** Who a request's credentials name (null for anonymous): health details are for people only. */
    principalOf: (req: Request) => Principal | null;
    /** Figures of other domains over the last `seconds`, for GET /system/runtime (the IVR's step latency). */
    runtimeFigures?: (seconds: number) => Record<string, unknown>;
  },
): HotlineModule<SystemService> {
  const health = createHealth({ db: core.db, dbPath: core.settings.dbPath, bus: core.bus });
  const { info } = createSystemInfo({ health: health.snapshot });
  const service: SystemService = { health: health.snapshot, info };
  const open = apiRouter(deps.requireRole).route(
    'get',
    '/health',
    {
      summary: 'Health of hotlined, its Asterisk connections and the database',
      description:
        'Anyone gets `{ status: "ok" | "degraded" }`; a signed-in user or API token also gets versions, uptime and connection states.',
      access: 'public',
    },
    ({ req }) => {
      const health = service.health();
      const p = deps.principalOf(req);
      // versions and uptime help an attacker pick an exploit: only people signed in see them
      return p && p.via !== 'wallboard' ? health : { status: health.status };
    },
  );
  const signedIn = apiRouter(deps.requireRole).route(
    'get',
    '/info',
    { summary: 'Host, CPU, memory, disks, network and warnings', access: READERS },
    ({ req }) => service.info({ tls: req.secure }),
  );
  const loopLag = createLoopLag();
  const runtime = apiRouter(deps.requireRole).route(
    'get',
    '/runtime',
    {
      summary: "hotlined's own process: memory and event-loop delay over the last `seconds`",
      access: ADMINS,
      query: z.object({ seconds: z.coerce.number().int().min(1).max(600).default(60) }),
    },
    ({ query }) => {
      const mem = process.memoryUsage();
      return {
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
        eventLoopLagMs: loopLag.over(query.seconds),
        ariRequests: core.ari.stats().requests,
        ...deps.runtimeFigures?.(query.seconds),
      };
    },
  );
  return {
    name: 'system',
    service,
    routes: [mount('/system', open, { public: true }), mount('/system', signedIn), mount('/system', runtime)],
    stop: () => {
      health.stop();
      loopLag.stop();
    },
  };
}
