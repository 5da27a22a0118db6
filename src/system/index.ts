import type { Request } from 'express';
import { z } from 'zod';
import type { Core } from '../core.js';
import type { Principal } from '../http/principal.js';
import { ADMINS, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { createHealth, type HealthSnapshot } from './health.js';
import { createSystemInfo, type SystemInfo } from './info.js';
import { createLoopLag } from './loop-lag.js';
import { createProcessMetrics } from './metrics.js';

export type { HealthSnapshot } from './health.js';
export type { SystemInfo } from './info.js';
export type { ProcessMetrics } from './metrics.js';

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
    /** Open event streams, for the metrics (the streaming domains are built after this one). */
    streams?: () => number;
    /** Figures of other domains over the last `seconds`, for GET /system/runtime (the IVR's step latency). */
    runtimeFigures?: (seconds: number) => Record<string, unknown>;
  },
): HotlineModule<SystemService> {
  const health = createHealth({ db: core.db, dbPath: core.settings.dbPath, bus: core.bus });
  const { info } = createSystemInfo({ health: health.snapshot });
  // one event-loop sampler: the metrics read its last window and its whole run, /runtime a chosen span
  const loopLag = createLoopLag();
  const metrics = createProcessMetrics({
    ...core,
    dbPath: core.settings.dbPath,
    streams: deps.streams,
    loopLag,
  });
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
  const signedIn = apiRouter(deps.requireRole)
    .route(
      'get',
      '/info',
      { summary: 'Host, CPU, memory, disks, network and warnings', access: READERS },
      ({ req }) => service.info({ tls: req.secure }),
    )
    .route(
      'get',
      '/metrics',
      {
        summary: 'hotlined’s own figures: memory, open files, listeners, event-loop lag, WAL size',
        description:
          'For watching a long run (bench/soak) or monitoring: figures that grow without bound show a leak. ' +
          'The event-loop lag is that of the last `windowSeconds` and of the whole run (`sinceStart`).',
        access: ADMINS,
      },
      () => metrics.snapshot(),
    )
    .route(
      'get',
      '/runtime',
      {
        summary:
          "hotlined's own process over the last `seconds`: memory, event-loop delay, ARI requests, IVR steps",
        description: 'For a benchmark run (bench/inbound): the figures of its own span, not since start.',
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
    routes: [mount('/system', open, { public: true }), mount('/system', signedIn)],
    stop: () => {
      health.stop();
      loopLag.stop();
    },
  };
}
