import type { RequestHandler } from 'express';
import type { Core } from '../core.js';
import type { Role } from '../http/principal.js';
import type { HotlineModule } from '../module.js';
import { type CdrIngest, createCdrIngest } from './ingest.js';
import { createCdrRouter } from './routes.js';
import { type CdrService, createCdrService } from './service.js';

export type { CdrIngest } from './ingest.js';
export type { Cdr, CdrListQuery, CdrPage } from './schema.js';

export interface CdrDeps {
  /** settings.asterisk.cdrSpool */
  spoolPath: string;
  requireRole: (...roles: Role[]) => RequestHandler;
  intervalMs?: number;
  batch?: number;
}

export interface CdrModule extends HotlineModule<CdrService> {
  /** Started with the module (once Asterisk's config is in line); tests drive catchUp() themselves. */
  ingest: CdrIngest;
  start(): void;
  stop(): Promise<void>;
}

/** Call detail records: ingested from Asterisk's CDR spool, listed at /api/v1/cdrs. */
export function createCdr(core: Pick<Core, 'db' | 'log' | 'bus' | 'reader'>, deps: CdrDeps): CdrModule {
  const service = createCdrService({ reader: core.reader });
  const ingest = createCdrIngest({
    db: core.db,
    log: core.log,
    bus: core.bus,
    spoolPath: deps.spoolPath,
    intervalMs: deps.intervalMs,
    batch: deps.batch,
  });
  const routes = createCdrRouter(service, deps.requireRole);
  return {
    name: 'cdr',
    service,
    ingest,
    routes: [{ path: '/cdrs', router: routes.router, docs: routes.docs }],
    publishes: ['cdr.ingested'],
    start: () => ingest.start(),
    stop: () => ingest.stop(),
  };
}
