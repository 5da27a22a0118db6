import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { type CdrIngest, createCdrIngest } from './ingest.js';
import { createLostCalls, type LostCalls } from './lost.js';
import { createCdrRouter } from './routes.js';
import { type CdrService, createCdrService } from './service.js';

export type { CdrIngest } from './ingest.js';
export type { Cdr, CdrListQuery, CdrPage } from './schema.js';

export interface CdrDeps {
  /** settings.asterisk.cdrSpool */
  spoolPath: string;
  requireRole: RequireRole;
  intervalMs?: number;
  batch?: number;
}

export interface CdrModule extends HotlineModule<CdrService> {
  /** Started with the module (once Asterisk's config is in line); tests drive catchUp() themselves. */
  ingest: CdrIngest;
  /** LOST CDRs for the calls a dead Asterisk took with it. */
  lost: LostCalls;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Call detail records: ingested from Asterisk's CDR spool, plus a LOST one
 * for each call up when Asterisk died; listed at /api/v1/cdrs.
 */
export function createCdr(
  core: Pick<Core, 'db' | 'log' | 'bus' | 'reader' | 'ami'>,
  deps: CdrDeps,
): CdrModule {
  const service = createCdrService({ reader: core.reader });
  const ingest = createCdrIngest({
    db: core.db,
    log: core.log,
    bus: core.bus,
    spoolPath: deps.spoolPath,
    intervalMs: deps.intervalMs,
    batch: deps.batch,
  });
  const lost = createLostCalls({
    db: core.db,
    bus: core.bus,
    log: core.log,
    ami: core.ami,
    catchUp: ingest.catchUp,
  });
  return {
    name: 'cdr',
    service,
    ingest,
    lost,
    routes: [mount('/cdrs', createCdrRouter(service, deps.requireRole))],
    publishes: ['cdr.ingested'],
    start: () => ingest.start(),
    stop: async () => {
      core.bus.off('cdr');
      await ingest.stop();
    },
  };
}
