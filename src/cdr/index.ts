import type { RequestHandler, Router } from 'express';
import type { RouteDoc } from '../kit/router.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Reader } from '../db/reader.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import { type CdrIngest, createCdrIngest } from './ingest.js';
import { createCdrRouter } from './routes.js';
import { type CdrService, createCdrService } from './service.js';

export type { CdrIngest } from './ingest.js';
export type { Cdr, CdrListQuery, CdrPage } from './schema.js';

export interface CdrDeps {
  db: Db;
  log: Logger;
  bus: Bus;
  reader: Reader;
  /** settings.asterisk.cdrSpool */
  spoolPath: string;
  requireRole: (...roles: Role[]) => RequestHandler;
  intervalMs?: number;
  batch?: number;
}

export interface CdrModule {
  /** Mount at /api/v1/cdrs, behind authentication. */
  router: Router;
  docs: readonly RouteDoc[];
  service: CdrService;
  /** Not started here: the composition root calls ingest.start() once the db is open. */
  ingest: CdrIngest;
  stop(): Promise<void>;
}

export function createCdr(deps: CdrDeps): CdrModule {
  const service = createCdrService({ reader: deps.reader });
  const ingest = createCdrIngest({
    db: deps.db,
    log: deps.log,
    bus: deps.bus,
    spoolPath: deps.spoolPath,
    intervalMs: deps.intervalMs,
    batch: deps.batch,
  });
  const routes = createCdrRouter(service, deps.requireRole);
  return {
    router: routes.router,
    docs: routes.docs,
    service,
    ingest,
    stop: () => ingest.stop(),
  };
}
